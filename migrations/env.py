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
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename): SQLite refuses to drop one that
            # other rows refer to while foreign keys are enforced. Off for the migration (outside any
            # transaction, where SQLite takes the setting), checked afterwards, then on again.
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=metadata,
            # SQLite cannot ALTER most things: rebuild tables in batch mode.
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"the migration left rows referring to missing rows: {broken[:5]}")
        connection.commit()
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    context.configure(url=str(_app_engine().url), target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations()
