"""`flask users ...` and `flask setup-link`: people, passwords, invitations and the first administrator."""

import sys
from datetime import timedelta
from pathlib import Path

import click
from flask import current_app

from training.accounts import invites, setup, signin, sync, users
from training.cli import Group, fail
from training.db import utcnow
from training.errors import Conflict, ValidationFailed

users_cli = Group("users", help="Import people, set passwords and invite people.")


@users_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def users_import(file: Path) -> None:
    """Create or update people from a CSV: email,name,department,manager_email,role."""
    try:
        summary = users.import_csv(file.read_bytes())
    except ValidationFailed as exc:
        fail(exc)
    click.echo(
        f"{len(summary.created)} created, {len(summary.updated)} updated, {summary.unchanged} unchanged"
    )


@users_cli.command("sync")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--deactivate-missing", is_flag=True, help="Deactivate active people not in FILE.")
@click.option("--dry-run", is_flag=True, help="Print what would change; change nothing.")
def users_sync(file: Path, deactivate_missing: bool, dry_run: bool) -> None:
    """Make the people equal to the HR export FILE (the columns of `users import`); all rows or none."""
    try:
        result = sync.sync_csv(file.read_bytes(), deactivate_missing=deactivate_missing, dry_run=dry_run)
    except (ValidationFailed, Conflict) as exc:
        fail(exc)
    for line in sync.describe(result):
        click.echo(line)


@users_cli.command("set-password")
@click.argument("email")
def users_set_password(email: str) -> None:
    """Set EMAIL's password to the first line read from standard input."""
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        users.set_password(email, password)
    except ValidationFailed as exc:
        fail(exc)
    click.echo(f"Password set for {email}.")


@users_cli.command("invite")
@click.option("--all-new", is_flag=True, help="Everyone without a password who was never invited.")
@click.argument("emails", nargs=-1)
def users_invite(all_new: bool, emails: tuple[str, ...]) -> None:
    """Email a link to choose a password to EMAIL... or to --all-new people."""
    if all_new == bool(emails):
        raise click.UsageError("Give either --all-new or one or more email addresses.")
    try:
        result = invites.invite(None, emails=list(emails), all_new=all_new)
    except ValidationFailed as exc:
        fail(exc)
    for email in result.sent:
        click.echo(f"invited {email}")
    for email, why in result.skipped:
        click.echo(f"not invited: {email}: {why}", err=True)
    for failure in result.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(f"{len(result.sent)} invited, {len(result.skipped)} skipped, {len(result.failed)} failed")
    if result.failed or any(why == "no such person" for _, why in result.skipped):
        raise click.exceptions.Exit(1)


@users_cli.command("sign-in-failures")
@click.option("--hours", type=click.IntRange(min=1), default=24, show_default=True, help="How far back.")
@click.option("--email", help="Only attempts on this email address.")
def users_sign_in_failures(hours: int, email: str | None) -> None:
    """List refused sign-ins, newest first (at most 200): when, from where, why, which address."""
    click.echo("attempted_at\taddress\treason\temail")
    for row in signin.recent_failures(utcnow() - timedelta(hours=hours), email):
        when = row.attempted_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        click.echo(f"{when}\t{_printable(row.address)}\t{row.reason}\t{_printable(row.email)}")


def _printable(typed: str) -> str:
    """Show control characters a visitor typed (tabs, escapes) as codes, not as themselves."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in typed)


@click.command("setup-link")
def setup_link() -> None:
    """Print the one-time link that creates the first administrator (only while none exists)."""
    if users.any_users():
        click.echo("Accounts exist already: sign in at " + current_app.config["BASE_URL"] + "/login")
        return
    token = setup.issue_token(current_app.instance_path)
    click.echo("No accounts yet. Create the first administrator here:")
    click.echo(f"  {current_app.config['BASE_URL']}/setup/{token}")


COMMANDS = [users_cli, setup_link]
