"""Faults: the database gone for a moment, or locked past the busy timeout, gives a clear 503, never a stack trace."""

import shutil
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import Action, Edition, Mid, Network, Participant
from alumni.people import create_user
from tests.conftest import FAST_HASH
from tests.pages import csrf

POLISH_503 = "Serwis jest chwilowo niedostępny. Spróbuj ponownie za minutę."


@contextmanager
def database_gone(request, app, backend):
    """The database stops answering (PostgreSQL refuses connections; SQLite's file is gone), then comes back."""
    url = make_url(app.config["DATABASE_URL"])
    if backend == "sqlite":
        path, away = Path(url.database), Path(url.database + ".away")
        get_db(app).dispose()
        path.rename(away)
        try:
            yield
        finally:
            get_db(app).dispose()
            for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                leftover.unlink(missing_ok=True)  # what SQLite made in its place
            away.rename(path)
        return
    admin = create_engine(request.getfixturevalue("pg_server").url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"ALTER DATABASE {url.database} ALLOW_CONNECTIONS false"))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                           {"name": url.database})
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"ALTER DATABASE {url.database} ALLOW_CONNECTIONS true"))
        admin.dispose()


def assert_clear_503(response):
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert '<html lang="pl">' in body and POLISH_503 in body
    assert "Traceback" not in body and "sqlalchemy" not in body.lower()


def test_pages_and_healthz_answer_503_while_the_database_is_gone_and_recover_after(
        request, app, backend, client, login, create_user, caplog):
    login(create_user(email="ministerstwo@example.org", role="ministry"))
    assert client.get("/mids").status_code == 200
    with database_gone(request, app, backend):
        assert_clear_503(client.get("/mids"))
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["status"] == "unavailable"
        wants_json = client.get("/mids", headers={"Accept": "application/json"})
        assert wants_json.status_code == 503 and wants_json.get_json()["error"] == "unavailable"
    assert client.get("/mids").status_code == 200  # the same session, signed in as before
    assert client.get("/healthz").get_json()["status"] == "ok"
    assert not [record for record in caplog.records if record.exc_info]  # a warning line, not a stack trace
    assert any("database unavailable on GET /mids" in record.getMessage() for record in caplog.records)


@pytest.fixture
def impatient_app(sqlite_template, tmp_path):
    """An app on SQLite that waits only 200 ms for the write lock."""
    path = tmp_path / "alumni.db"
    shutil.copy(sqlite_template, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "test",
                      "SQLITE_BUSY_TIMEOUT_MS": 200, "PASSWORD_HASH": FAST_HASH})
    yield app
    get_db(app).dispose()


@contextmanager
def write_lock_held(app):
    """Another process's long write transaction on the same SQLite file."""
    other = sqlite3.connect(make_url(app.config["DATABASE_URL"]).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.rollback()
        other.close()


def test_a_write_locked_out_past_the_busy_timeout_gets_a_503_and_is_saved_when_sent_again(impatient_app):
    with session_scope(impatient_app) as session:
        edition = Edition(code="PIM II", name="PIM II", start_year=2021, end_year=2023)
        network = Network(edition=edition, name_pl="Sieć Zielona", name_en="Green network")
        participant = Participant(name="Słupsk", voivodeship="pomorskie")
        session.add_all([network, participant])
        session.flush()
        mid = Mid(participant_id=participant.id, network_id=network.id, title="Błękitno-zielona infrastruktura")
        session.add(mid)
        user = create_user(session, "slupsk@example.org", "coordinator", ["Słupsk"], "correct horse battery staple")
    client = impatient_app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"] = user.get_id(), True
    path = f"/mids/{mid.id}/actions/new"
    data = {"csrf_token": csrf(client, path), "title": "Ogrody deszczowe", "status": "planned", "progress": "0"}

    with write_lock_held(impatient_app):
        assert client.get(f"/mids/{mid.id}").status_code == 200  # reading goes on (WAL)
        assert_clear_503(client.post(path, data=data))
    assert client.post(path, data=data).status_code == 302
    with session_scope(impatient_app) as session:
        assert session.exec(select(Action.title)).all() == ["Ogrody deszczowe"]
