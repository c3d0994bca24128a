"""What every `flask` command shares: the schema check, done once where commands are registered.

Each package keeps its own commands in its `cli.py`, listed in COMMANDS, which `create_app` adds. A command
runs only when the database is at the newest migration, unless it is marked `works_without_schema`
(it reads files only, or uses the database just when it is ready).

While the database cannot be reached, every command that needs it prints one line and exits 1:
training/db.py turns the driver's error into DatabaseUnavailable, a ClickException.
"""

import functools
from collections.abc import Callable

import click
from flask.cli import AppGroup, with_appcontext

from training import schema
from training.db import DatabaseUnavailable, db
from training.errors import ValidationFailed


def works_without_schema(callback: Callable) -> Callable:
    """Mark a command that needs no migrated database."""
    callback.works_without_schema = True
    return callback


def require_schema() -> None:
    """Stop with exit status 1 unless the database is at the newest migration."""
    problem = schema.problem(db.session.connection())
    if problem is not None:
        raise click.ClickException(problem)


def schema_ready() -> bool:
    """Say whether the database is reachable and migrated; when it cannot be reached, say so on stderr."""
    try:
        return schema.problem(db.session.connection()) is None
    except DatabaseUnavailable as exc:
        click.echo(f"{exc.message} Checking the files only.", err=True)
        return False


def fail(exc: ValidationFailed) -> None:
    """Print every problem of a refused change, then stop with exit status 1."""
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    raise click.ClickException(str(exc))


def checked(command: click.Command) -> click.Command:
    """Make the command check the schema first, unless it works without one."""
    callback = command.callback
    exempt = getattr(callback, "works_without_schema", False) or getattr(callback, "schema_checked", False)
    if callback is None or exempt:
        return command

    @functools.wraps(callback)
    def run(*args, **kwargs):
        require_schema()
        return click.get_current_context().invoke(callback, *args, **kwargs)

    command.callback = with_appcontext(run)
    command.callback.schema_checked = True  # commands are module-level: each app registers them again
    return command


class Group(AppGroup):
    """A command group whose commands check the schema first (see the module's docstring)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(checked(cmd), name)
