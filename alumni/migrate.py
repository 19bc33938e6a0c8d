"""Schema migrations with Alembic: create or upgrade, and compare with the models."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

from .shipped import resource_dir
from .db import get_db
from .models import metadata


def alembic_config(app):
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    config.attributes["engine"] = get_db(app).engine
    return config


def upgrade(app, revision="head"):
    """Create the schema, or bring it up to ``revision``."""
    command.upgrade(alembic_config(app), revision)


def schema_differences(app):
    """What autogenerate would change: empty when the database matches the models."""
    with get_db(app).engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(context, metadata)
