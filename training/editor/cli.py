"""`flask content ...`: check, import and export the content library as files."""

from pathlib import Path

import click
from flask import current_app

from training.cli import Group, fail, schema_ready, works_without_schema
from training.content import export
from training.editor import library
from training.errors import ValidationFailed

content_cli = Group("content", help="Check, import and export the content library.")


def _content_dir(directory: str | None) -> Path:
    return Path(directory or current_app.config["CONTENT_DIR"])


@content_cli.command("check")
@click.argument("directory", required=False)
@works_without_schema
def content_check(directory: str | None) -> None:
    """Validate every content file; list each problem, then each warning, with file and line."""
    root = _content_dir(directory)
    problems = library.check_directory(root, against_database=schema_ready())
    for problem in problems:
        click.echo(str(problem), err=True)
    for warning in library.directory_warnings(root):
        click.echo(str(warning), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s) in {root}")
    click.echo(f"{root}: all content is valid")


@content_cli.command("import")
@click.argument("directory", required=False)
def content_import(directory: str | None) -> None:
    """Publish changed content files as new versions; nothing is imported if any is invalid."""
    root = _content_dir(directory)
    try:
        result = library.import_directory(root)
    except ValidationFailed as exc:
        fail(exc)
    for line in result.published:
        click.echo(f"published {line}")
    click.echo(f"{len(result.published)} new version(s), {result.unchanged} unchanged")


@content_cli.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def content_export(directory: Path) -> None:
    """Write the current published version of all content as files under DIRECTORY."""
    written = export.export_directory(directory)
    click.echo(f"wrote {len(written)} file(s) to {directory}")


COMMANDS = [content_cli]
