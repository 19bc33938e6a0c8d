"""Migrations build the schema the models describe, on every backend."""

from alumni.migrate import schema_differences


def test_migrated_schema_matches_the_models(app):
    assert schema_differences(app) == []


def test_init_db_is_repeatable(runner):
    first = runner.invoke(args=["init-db"])
    second = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert "up to date" in second.output
