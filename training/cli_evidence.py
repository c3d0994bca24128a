"""`flask evidence ...`: verify the ledger, export bundles and verify them without the database."""

from pathlib import Path

import click
from flask.cli import AppGroup

from training.services import evidence_check, evidence_export

evidence_cli = AppGroup("evidence", help="Verify and export the evidence ledger.")
SHOWN = 20  # problems printed; the rest are counted


def _require_schema() -> None:
    from training.cli import _require_schema as require  # cli.py imports this module

    require()


def _print_report(report: evidence_check.Report, what: str) -> None:
    click.echo(f"{what}: {report.entries} entries, last chain hash {report.head}")
    if report.ok:
        click.echo("OK: every entry is unaltered and in place")
        return
    click.echo(f"FIRST PROBLEM: {report.first}", err=True)
    for problem in report.problems[1:SHOWN]:
        click.echo(f"  also: {problem}", err=True)
    if len(report.problems) > SHOWN:
        click.echo(f"  ... and {len(report.problems) - SHOWN} more", err=True)
    raise click.ClickException(f"{len(report.problems)} problem(s) in the {what}")


@evidence_cli.command("verify")
def evidence_verify() -> None:
    """Walk the ledger; name the first entry or record that was altered, removed or reordered."""
    _require_schema()
    _print_report(evidence_check.verify_ledger(), "evidence ledger")


@evidence_cli.command("export")
@click.option("--email", help="Export only this person's entries (default: everyone's).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def evidence_export_command(email: str | None, file: Path) -> None:
    """Write a bundle (JSON lines: a header saying how to verify, then the entries) to FILE."""
    _require_schema()
    person = None
    if email:
        person = evidence_export.find_person(email)
        if person is None:
            raise click.ClickException(f"No person with the email address {email}.")
    count = -1  # the header line is not an entry
    with file.open("w", encoding="utf-8", newline="\n") as out:
        for line in evidence_export.bundle_lines(person):
            out.write(line)
            count += 1
    click.echo(f"wrote {count} entries to {file}")


@evidence_cli.command("verify-bundle", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def evidence_verify_bundle(file: Path) -> None:
    """Check an exported bundle's hashes and links; needs no database."""
    with file.open(encoding="utf-8") as lines:
        report = evidence_check.verify_bundle(lines)
    _print_report(report, f"bundle {file.name}")
