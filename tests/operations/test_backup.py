"""`alumni backup` and the README's restore procedure, run as written, on both backends."""

import itertools
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from alumni import create_app
from alumni.backup import BackupError, backup
from alumni.db import get_db, session_scope
from alumni.migrate import schema_differences
from alumni.models import Action, Edition, Mid, Network, Participant
from tests.pg import find_bin_dir

README = Path(__file__).resolve().parents[2] / "README.md"
_restored = itertools.count()


def readme_block(name):
    """The shell commands the README gives under ``<!-- restore: name -->``."""
    match = re.search(rf"<!-- restore: {name} -->\s*```bash\n(.*?)```", README.read_text(), re.S)
    assert match, f"the README has no restore procedure for {name}"
    return match.group(1)


def tool_path():
    """PATH with `alumni` (this virtualenv) and the PostgreSQL tools of the test server first."""
    parts = [str(Path(sys.executable).parent)]
    if find_bin_dir():
        parts.append(str(find_bin_dir()))
    return os.pathsep.join([*parts, os.environ.get("PATH", "")])


@pytest.fixture
def empty_database(request, backend, tmp_path):
    """The URL of a database to restore into: a new SQLite file, or a new, empty PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/restored.db"
        return
    server = request.getfixturevalue("pg_server")
    name = f"restored_{os.getpid()}_{next(_restored)}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield server.url(name)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_a_backup_restored_by_the_readme_procedure_holds_the_data(
        app, runner, backend, create_mid, create_action, empty_database, tmp_path, monkeypatch):
    mid = create_mid(title="Błękitno-zielona infrastruktura w Podgrodziu")
    create_action(mid, title="Ogrody deszczowe")
    monkeypatch.setenv("PATH", tool_path())
    copy = tmp_path / "alumni-backup"
    result = runner.invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert f"Backed up the {backend} database to {copy}" in result.output

    restore = subprocess.run(["bash", "-euo", "pipefail", "-c", readme_block(backend)], capture_output=True,
                             text=True, env={**os.environ, "BACKUP": str(copy), "ALUMNI_DATABASE_URL": empty_database})
    assert restore.returncode == 0, restore.stderr

    restored = create_app({"TESTING": True, "DATABASE_URL": empty_database})
    try:
        assert schema_differences(restored) == []
        with session_scope(restored) as session:
            assert session.exec(select(Mid.title)).all() == ["Błękitno-zielona infrastruktura w Podgrodziu"]
            assert session.exec(select(Action.title)).all() == ["Ogrody deszczowe"]
    finally:
        get_db(restored).dispose()


def test_sqlite_backup_is_one_consistent_snapshot_while_the_app_writes(sqlite_template, tmp_path, create_app_on):
    app = create_app_on(tmp_path / "live.db")
    with session_scope(app) as session:
        edition = Edition(code="PIM II", name="PIM II", start_year=2021, end_year=2023)
        network = Network(edition=edition, name_pl="Sieć Zielona", name_en="Green network")
        participant = Participant(name="Słupsk", voivodeship="pomorskie")
        session.add_all([network, participant])
        session.flush()
        mid = Mid(participant_id=participant.id, network_id=network.id, title="Błękitno-zielona infrastruktura")
        session.add(mid)
    written, stop = threading.Event(), threading.Event()

    def writer():
        # Each transaction adds a pair of actions: a consistent copy holds whole pairs only.
        for number in range(5000):
            if stop.is_set():
                return
            with session_scope(app) as session:
                session.add(Action(mid_id=mid.id, title=f"a-{number}", position=number * 2))
                session.add(Action(mid_id=mid.id, title=f"b-{number}", position=number * 2 + 1))
            if number == 20:
                written.set()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert written.wait(60), "the writer did not get going"
        backup(app.config["DATABASE_URL"], tmp_path / "copy.db")
    finally:
        stop.set()
        thread.join()
    get_db(app).dispose()

    copy = sqlite3.connect(tmp_path / "copy.db")
    titles = [title for (title,) in copy.execute("SELECT title FROM action")]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy.close()
    firsts = {title[2:] for title in titles if title.startswith("a-")}
    seconds = {title[2:] for title in titles if title.startswith("b-")}
    assert firsts == seconds and len(firsts) >= 21
    assert not (tmp_path / "copy.db.partial").exists()


@pytest.fixture
def create_app_on(sqlite_template):
    apps = []

    def make(path):
        shutil.copy(sqlite_template, path)
        app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
        apps.append(app)
        return app

    yield make
    for app in apps:
        get_db(app).dispose()


def test_postgresql_backup_without_pg_dump_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    app = create_app({"TESTING": True, "DATABASE_URL": "postgresql+psycopg://alumni:secret@127.0.0.1:1/alumni"})
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "alumni.dump")])
    assert result.exit_code == 1
    assert "pg_dump is not installed" in result.output and "apt-get install postgresql-client" in result.output
    assert not (tmp_path / "alumni.dump").exists()


def test_a_backup_to_a_missing_folder_or_of_a_missing_database_is_refused_clearly(tmp_path):
    with pytest.raises(BackupError, match="does not exist"):
        backup(f"sqlite:///{tmp_path}/alumni.db", tmp_path / "no" / "such" / "folder.db")
    with pytest.raises(BackupError, match="no SQLite database file"):
        backup(f"sqlite:///{tmp_path}/missing.db", tmp_path / "copy.db")
    assert list(tmp_path.iterdir()) == []
