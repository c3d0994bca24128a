"""`flask send-reminders`: the daily reminders, escalations and HR's digest."""

import click

from training.hr import reminders


@click.command("send-reminders")
def send_reminders() -> None:
    """Email today's reminders: people, their managers (escalation) and HR's digest; once a day."""
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


COMMANDS = [send_reminders]
