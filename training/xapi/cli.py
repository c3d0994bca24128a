"""`flask xapi ...`: send the ledger's statements to the LRS (cron), or export them as JSON lines."""

import sys
from pathlib import Path

import click
from flask import current_app

from training.cli import Group
from training.db import read_snapshot
from training.xapi import lrs, outbox

xapi_cli = Group("xapi", help="Send or export xAPI statements built from the evidence ledger.")


def _client() -> lrs.Client:
    config = current_app.config
    if not config["XAPI_ENDPOINT"]:
        raise click.ClickException("XAPI_ENDPOINT is not set: there is no learning record store to send to.")
    try:
        return lrs.Client(config["XAPI_ENDPOINT"], config["XAPI_USERNAME"], config["XAPI_PASSWORD"])
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@xapi_cli.command("send")
@click.option("--batch", default=outbox.BATCH, show_default=True, type=click.IntRange(1, 1000),
              help="Evidence entries per request.")  # fmt: skip
def xapi_send(batch: int) -> None:
    """Post pending statements; a failed batch waits longer before each new try (exponential backoff)."""
    report = outbox.send(_client(), batch)
    if report.busy_until is not None:
        until = f"{report.busy_until:%Y-%m-%d %H:%M:%S} UTC"
        click.echo(f"another run is sending (its lease runs until {until}): this one sent nothing")
        return
    click.echo(f"sent {report.sent} statement(s), {report.failed} failed")
    if report.taken_over:
        click.echo("this run's lease ran out and another run took over: the rest is left to that one")
    if report.failed:
        click.echo(f"FIRST ERROR: {report.errors[0]}", err=True)
        raise click.ClickException("the LRS did not take every statement; they are kept and retried later")


@xapi_cli.command("export")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")  # fmt: skip
def xapi_export(output: Path | None) -> None:
    """Write every statement as JSON lines, oldest first."""
    with read_snapshot():
        if output is None:
            outbox.export(sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="\n") as out:
            count = outbox.export(out)
    click.echo(f"wrote {count} statement(s) to {output}")


COMMANDS = [xapi_cli]
