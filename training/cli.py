"""`flask` commands: thin wrappers over the services (interfaces listed in PRODUCT.md)."""

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from training import cli_mail, schema
from training.accounts import setup, users
from training.coach import check as coach
from training.coach import versions as coach_versions
from training.content import export
from training.db import db
from training.editor import library as content
from training.errors import ValidationFailed
from training.evidence.cli import evidence_cli
from training.learning import replies as drafts
from training.status import report as reports

users_cli = AppGroup("users", help="Import people and set passwords.")
content_cli = AppGroup("content", help="Check, import and export the content library.")
report_cli = AppGroup("report", help="Reports for HR.")


def _require_schema() -> None:
    """Stop with exit status 1 unless the database is at the newest migration."""
    problem = schema.problem(db.session.connection())
    if problem is not None:
        raise click.ClickException(problem)


def _fail(exc: ValidationFailed) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    raise click.ClickException(str(exc))


@users_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def users_import(file: Path) -> None:
    """Create or update people from a CSV: email,name,department,manager_email,role."""
    _require_schema()
    try:
        summary = users.import_csv(file.read_bytes())
    except ValidationFailed as exc:
        _fail(exc)
    click.echo(
        f"{len(summary.created)} created, {len(summary.updated)} updated, {summary.unchanged} unchanged"
    )


@users_cli.command("set-password")
@click.argument("email")
def users_set_password(email: str) -> None:
    """Set EMAIL's password to the first line read from standard input."""
    _require_schema()
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        users.set_password(email, password)
    except ValidationFailed as exc:
        _fail(exc)
    click.echo(f"Password set for {email}.")


def _content_dir(directory: str | None) -> Path:
    return Path(directory or current_app.config["CONTENT_DIR"])


@content_cli.command("check")
@click.argument("directory", required=False)
def content_check(directory: str | None) -> None:
    """Validate every content file; list each problem with file and line."""
    root = _content_dir(directory)
    migrated = schema.problem(db.session.connection()) is None
    problems = content.check_directory(root, against_database=migrated)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {root}")
    click.echo(f"{root}: all content is valid")


@content_cli.command("import")
@click.argument("directory", required=False)
def content_import(directory: str | None) -> None:
    """Publish changed content files as new versions; nothing is imported if any is invalid."""
    _require_schema()
    root = _content_dir(directory)
    try:
        result = content.import_directory(root)
    except ValidationFailed as exc:
        _fail(exc)
    for line in result.published:
        click.echo(f"published {line}")
    click.echo(f"{len(result.published)} new version(s), {result.unchanged} unchanged")


@content_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def content_export(directory: Path) -> None:
    """Write the current published version of all content as files under DIRECTORY."""
    _require_schema()
    written = export.export_directory(directory)
    click.echo(f"wrote {len(written)} file(s) to {directory}")


@report_cli.command("completion")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
def report_completion(fmt: str) -> None:
    """Print one row per person and assigned course."""
    _require_schema()
    rows = reports.completion_rows()
    chunks = reports.as_csv(rows) if fmt == "csv" else reports.as_json(rows)
    for chunk in chunks:
        click.echo(chunk, nl=False)


coach_cli = AppGroup("coach", help="Try the response coach on a drafted reply.")


@coach_cli.command("check")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="coach.yaml to use (default: the newest imported rules; before the first "
                   "import, coach.yaml in CONTENT_DIR)")  # fmt: skip
@click.option("--max-chars", type=int, default=None, help="Also check the reply's length.")
def coach_check(rules_file: Path | None, max_chars: int | None) -> None:
    """Read a reply from standard input and print the coach's findings as JSON."""
    # It works on a bare machine too (scripts trying rules): the database is used only if ready.
    migrated = schema.problem(db.session.connection()) is None
    try:
        if rules_file is None and migrated:
            rules = coach_versions.current_rules(_content_dir(None))
        else:
            rules = coach.load_rules(rules_file or _content_dir(None) / "coach.yaml")
    except coach.CoachRulesError as exc:
        raise click.ClickException(str(exc)) from None
    terms = drafts.confidential_terms() if migrated else []
    result = coach.check(sys.stdin.read(), rules, max_chars=max_chars, extra_terms=terms)
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False))


@click.command("setup-link")
def setup_link() -> None:
    """Print the one-time link that creates the first administrator (only while none exists)."""
    _require_schema()
    if users.any_users():
        click.echo("Accounts exist already: sign in at " + current_app.config["BASE_URL"] + "/login")
        return
    token = setup.issue_token(current_app.instance_path)
    click.echo("No accounts yet. Create the first administrator here:")
    click.echo(f"  {current_app.config['BASE_URL']}/setup/{token}")


def register(app: Flask) -> None:
    for command in (users_cli, content_cli, report_cli, coach_cli, setup_link):
        app.cli.add_command(command)
    app.cli.add_command(evidence_cli)
    cli_mail.register(app)
