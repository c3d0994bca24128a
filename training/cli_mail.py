"""`flask` commands that send email: `users invite` and `send-reminders`."""

import click
from flask import Flask
from flask.cli import with_appcontext

from training.accounts import invites
from training.hr import reminders


def _require_schema() -> None:
    from training.cli import _require_schema as require

    require()


@click.command("invite")
@click.option("--all-new", is_flag=True, help="Everyone without a password who was never invited.")
@click.argument("emails", nargs=-1)
@with_appcontext
def users_invite(all_new: bool, emails: tuple[str, ...]) -> None:
    """Email a link to choose a password to EMAIL... or to --all-new people."""
    if all_new == bool(emails):
        raise click.UsageError("Give either --all-new or one or more email addresses.")
    _require_schema()
    result = invites.invite(None, emails=list(emails), all_new=all_new)
    for email in result.sent:
        click.echo(f"invited {email}")
    for email, why in result.skipped:
        click.echo(f"not invited: {email}: {why}", err=True)
    for failure in result.failed:
        click.echo(f"error: {failure}", err=True)
    click.echo(f"{len(result.sent)} invited, {len(result.skipped)} skipped, {len(result.failed)} failed")
    if result.failed or any(why == "no such person" for _, why in result.skipped):
        raise click.exceptions.Exit(1)


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Email today's reminders: people, their managers (escalation) and HR's digest; once a day."""
    _require_schema()
    result = reminders.send_reminders()
    for failure in result.failures:
        click.echo(f"error: {failure}", err=True)
    sent = result.sent
    click.echo(
        f"sent {sent['learner']} reminder(s), {sent['manager']} escalation(s), {sent['digest']} digest(s); "
        f"{result.already_sent} already sent today; {len(result.failures)} failed"
    )
    if result.failures:
        raise click.exceptions.Exit(1)


def register(app: Flask) -> None:
    """Add `users invite` to the `users` group and `send-reminders` to the app's commands."""
    app.cli.commands["users"].add_command(users_invite)
    app.cli.add_command(send_reminders)
