"""`flask evidence ...`: verify the ledger, export bundles and verify them without the database."""

import json
from pathlib import Path

import click

from training.cli import Group, works_without_schema
from training.db import read_snapshot
from training.evidence import bundles as evidence_export
from training.evidence import verify as evidence_check
from training.evidence.ledger import ZERO_HASH
from training.models import User

evidence_cli = Group("evidence", help="Verify and export the evidence ledger.")
SHOWN = 20  # problems printed; the rest are counted


def _print_report(report: evidence_check.Report, what: str, person: User | None = None) -> None:
    click.echo(f"{what}: {report.entries} entries, last {report.head_name} {report.head}")
    if person is not None:
        own = report.people.get(person.id) or evidence_check.PersonHead(0, ZERO_HASH, 0)
        click.echo(f"person {person.email}: {own.entries} entries, last person chain hash {own.chain_hash}")
    if report.ok:
        click.echo("OK: every entry is unaltered and in place")
        return
    click.echo(f"FIRST PROBLEM: {report.first}", err=True)
    for problem in report.problems[1:SHOWN]:
        click.echo(f"  also: {problem}", err=True)
    if len(report.problems) > SHOWN:
        click.echo(f"  ... and {len(report.problems) - SHOWN} more", err=True)
    raise click.ClickException(f"{len(report.problems)} problem(s) in the {what}")


def _find_person(email: str) -> User:
    person = evidence_export.find_person(email)
    if person is None:
        raise click.ClickException(f"No person with the email address {email}.")
    return person


@evidence_cli.command("verify")
@click.option("--email", help="Also print the end of this person's chain, to compare with their bundle.")
def evidence_verify(email: str | None) -> None:
    """Walk the ledger; name the first entry or record that was altered, removed or reordered."""
    with read_snapshot():  # entries and records of one moment: a write meanwhile is no false alarm
        person = _find_person(email) if email else None
        _print_report(evidence_check.verify_ledger(), "evidence ledger", person)


@evidence_cli.command("export")
@click.option("--email", help="Export only this person's entries (default: everyone's).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def evidence_export_command(email: str | None, file: Path) -> None:
    """Write a bundle (JSON lines: a header saying how to verify, then the entries) to FILE."""
    with read_snapshot():  # the header's counts and hashes, and the entries, of one moment
        person = _find_person(email) if email else None
        lines = evidence_export.bundle_lines(person)
        header = next(lines)
        with file.open("w", encoding="utf-8", newline="\n") as out:
            out.write(header)
            for line in lines:
                out.write(line)
    header = json.loads(header)
    click.echo(f"wrote {header['entries']} entries to {file}")
    if person is not None:
        # The anchor that shows entries cut off the end of the bundle later; see its header.
        click.echo(f"last person chain hash {header['person_head']['chain_hash']}: record it with the bundle")
    else:
        click.echo(f"last chain hash {header['ledger_head']['chain_hash']}")


@evidence_cli.command("verify-bundle", with_appcontext=False)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@works_without_schema
def evidence_verify_bundle(file: Path) -> None:
    """Check an exported bundle's hashes and links; needs no database."""
    try:
        with file.open(encoding="utf-8") as lines:
            report = evidence_check.verify_bundle(lines)
    except UnicodeDecodeError as exc:
        raise click.ClickException(
            f"{file.name} is not UTF-8 text (byte {exc.start}), so it is not an evidence bundle"
        ) from None
    _print_report(report, f"bundle {file.name}")


COMMANDS = [evidence_cli]
