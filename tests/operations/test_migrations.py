"""Migrations build the schema the models describe, on every backend."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import MetaData, insert, text

from alumni import create_app
from alumni.db import get_db
from alumni.migrate import schema_differences, upgrade


def test_migrated_schema_matches_the_models(app):
    assert schema_differences(app) == []


def test_init_db_is_repeatable(runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "up to date" in second.output


# The tables a MID's life touches, parents first.
_FILLED = ("edition", "network", "participant", "mid", "action", "milestone", "reportinground", "report",
           "user", "auditevent", "midstatusrecord", "outboxmessage")
_LAST_RELEASE = "0007_milestone_version"
# Values the tables' CHECK constraints accept.
_KNOWN = {"kind": "city", "voivodeship": "pomorskie", "role": "coordinator", "language": "pl",
          "email": "koordynator@example.org", "channel": "email", "status": "pending", "state": "draft",
          "purpose": "invitation", "action.status": "planned", "midstatusrecord.status": "active"}


def _a_row(table):
    """A value for every column that needs one; foreign keys point at the row 1 of their table."""
    row = {}
    for column in table.columns:
        if column.primary_key or column.nullable or column.server_default is not None:
            continue
        python_type = column.type.python_type
        row[column.name] = (1 if column.foreign_keys else _KNOWN[f"{table.name}.{column.name}"] if f"{table.name}.{column.name}" in _KNOWN else
                            _KNOWN[column.name] if column.name in _KNOWN else
                            {int: 1, str: "x", bool: False, date: date(2024, 5, 6), datetime: datetime(2024, 5, 6, 10),
                             Decimal: Decimal(1), float: 1.0, object: "{}"}[python_type])
    return row


def test_a_database_with_data_upgrades_from_the_last_release(tmp_path):
    """SQLite recreates a table for some changes; with foreign keys on, that must not fail on rows."""
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'deployed.db'}"})
    upgrade(app, _LAST_RELEASE)
    engine = get_db(app).engine
    tables = MetaData()
    tables.reflect(engine)
    filled = [name for name in _FILLED if name in tables.tables]
    with engine.begin() as connection:
        for name in filled:
            connection.execute(insert(tables.tables[name]).values(_a_row(tables.tables[name])))
    upgrade(app)
    assert schema_differences(app) == []
    with engine.connect() as connection:
        for name in filled:
            assert connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() == 1, name
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
