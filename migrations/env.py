"""Alembic's environment: the app's engine and the SQLModel metadata."""

from alembic import context
from alumni.models import metadata

config = context.config


def _app_engine():
    """The engine of the app as configured by ALUMNI_* (for the `alembic` command itself)."""
    from alumni import create_app
    from alumni.db import get_db

    return get_db(create_app()).engine


def run_migrations():
    engine = config.attributes.get("engine") or _app_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            # SQLite cannot ALTER most things: rebuild tables in batch mode.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    context.configure(url=str(_app_engine().url), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations()
