"""`flask coach check`: try the response coach on a reply read from standard input."""

import json
import sys
from pathlib import Path

import click
from flask import current_app

from training.cli import Group, schema_ready, works_without_schema
from training.coach import check as coach
from training.coach import versions
from training.content.quiz import ANSWERS

coach_cli = Group("coach", help="Try the response coach on a drafted reply.")


@coach_cli.command("check")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="coach.yaml to use (default: the newest imported rules; before the first "
                   "import, coach.yaml in CONTENT_DIR)")  # fmt: skip
@click.option("--max-chars", type=int, default=None, help="Also check the reply's length.")
@click.option(
    "--kind",
    type=click.Choice(ANSWERS),
    default=None,
    help="What kind of post the reply answers (default: complaint).",
)
@click.option("--customer", default=None, help="The person replied to; greeting anyone else is off-topic.")
@click.option(
    "--must-address",
    "must_address",
    multiple=True,
    metavar="ALTERNATIVES",
    help="Something the reply must say, as alternatives: 'sorry,apologi*'. Repeatable.",
)
@click.option("--must-not-mention", "must_not_mention", multiple=True, metavar="DETAIL",
              help="A detail from the thread the reply must not repeat. Repeatable.")  # fmt: skip
@works_without_schema
def coach_check(rules_file: Path | None, max_chars: int | None, kind: str | None, customer: str | None,
                must_address: tuple[str, ...], must_not_mention: tuple[str, ...]) -> None:  # fmt: skip
    """Read a reply from standard input and print the coach's findings as JSON."""
    # It works on a bare machine too (scripts trying rules): the database is used only if ready.
    migrated = schema_ready()
    content_dir = Path(current_app.config["CONTENT_DIR"])
    try:
        if rules_file is None and migrated:
            rules = versions.current_rules(content_dir)
        else:
            rules = coach.load_rules(rules_file or content_dir / "coach.yaml")
    except coach.CoachRulesError as exc:
        raise click.ClickException(str(exc)) from None
    terms = versions.confidential_terms() if migrated else []
    names = versions.public_names() if migrated else []
    needs = [[a.strip() for a in entry.split(",") if a.strip()] for entry in must_address]
    result = coach.check(
        sys.stdin.read(), rules, max_chars=max_chars, extra_terms=terms, public_names=names, kind=kind,
        customer=customer, must_address=[n for n in needs if n], must_not_mention=list(must_not_mention),
    )  # fmt: skip
    click.echo(json.dumps(result.to_dict(), ensure_ascii=False))


COMMANDS = [coach_cli]
