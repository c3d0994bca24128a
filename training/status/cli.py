"""`flask report completion`: one row per person and assigned course."""

import click

from training.cli import Group
from training.db import read_snapshot
from training.status import report

report_cli = Group("report", help="Reports for HR.")


@report_cli.command("completion")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def report_completion(fmt: str) -> None:
    """Print one row per person and assigned course."""
    with read_snapshot():  # the rows of one moment, while others write on
        rows = report.completion_rows()
        chunks = report.as_csv(rows) if fmt == "csv" else report.as_json(rows)
        for chunk in chunks:
            click.echo(chunk, nl=False)


COMMANDS = [report_cli]
