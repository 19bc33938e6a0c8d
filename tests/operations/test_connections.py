"""Each database connection the app opens carries the service's settings."""

from sqlalchemy import text


def test_connections_are_opened_with_the_service_settings(session):
    if session.get_bind().dialect.name == "postgresql":
        # No JIT compilation: the pages' grouped queries passed its cost threshold and spent
        # 50-65 ms compiling to run in 10-70 ms (docs/benchmarks.md).
        assert session.exec(text("SHOW jit")).scalar() == "off"
    else:
        assert session.exec(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.exec(text("PRAGMA journal_mode")).scalar() == "wal"
