"""Is the database at the newest migration? Pages and commands check before they touch it."""

from functools import cache
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).parent / "migrations"
UPGRADE = "flask --app app db upgrade"


@cache
def revisions() -> tuple[str | None, frozenset[str]]:
    """Return the head revision of training/migrations and every revision it knows, read once."""
    script = ScriptDirectory(str(MIGRATIONS))
    return script.get_current_head(), frozenset(s.revision for s in script.walk_revisions())


def problem(connection) -> str | None:
    """Say why the database cannot be used yet, or return None when it is at the head revision."""
    head, known = revisions()
    current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    if current is None:
        return f"The database has no schema yet. Run: {UPGRADE}"
    if current not in known:
        return f"The database is at migration {current}, which this version of the site does not know."
    return f"The database is at migration {current}, older than this site needs ({head}). Run: {UPGRADE}"
