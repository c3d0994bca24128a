"""Alembic environment: runs migrations on the app's engine (see `flask --app app db`)."""

import logging
import warnings
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)

db = current_app.extensions["migrate"].db
# SQLite's batch mode reflects the tables a batch touches and those its foreign keys point at; the
# expression index on lower(user_account.manager_email) (0024) cannot be reflected and is left out
# of that reflection, harmlessly for tables that only point at user_account. A future batch that
# rebuilds user_account itself must create that index again.
warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
target_metadata = db.metadata


def run_migrations_offline() -> None:
    """Emit SQL to standard output instead of running it (`flask db upgrade --sql`)."""
    context.configure(
        url=str(db.engine.url).replace("%", "%%"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    options = dict(current_app.extensions["migrate"].configure_args)
    with db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
