"""Fixtures: a fresh, migrated database per test (SQLite, and PostgreSQL when it can run)."""

import itertools
import os
import shutil
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, event, text
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db
from alumni.migrate import upgrade
from alumni.models import (
    Action, Edition, Membership, Mid, Milestone, Network, Participant, Report, ReportingRound,
)
from alumni.people import create_user as create_user_row
from tests.pg import PostgresServer, find_bin_dir

# Browser fixtures (chromium, live, page, browser_locale) for the tests that drive Chromium.
pytest_plugins = ["tests.browser"]

BACKENDS = ["sqlite", "postgresql"]
# Cheap Argon2id parameters: the tests check behaviour, not the cost of guessing.
FAST_HASH = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def pytest_addoption(parser):
    parser.addoption("--backend", choices=["sqlite", "postgresql", "all"], default="all",
                     help="database backends to run the tests on (default: all that can run here)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--backend")
        backends = BACKENDS if chosen == "all" else [chosen]
        metafunc.parametrize("backend", backends, indirect=True,
                             ids=backends)


_skipped_real_parts = []


def pytest_runtest_logreport(report):
    needs_real_parts = "[postgresql" in report.nodeid or "browser" in report.keywords
    if report.skipped and needs_real_parts:
        _skipped_real_parts.append(report.nodeid)


def pytest_sessionfinish(session):
    """Under CI, a skipped PostgreSQL or browser test is a failure: those parts must run there."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes") and _skipped_real_parts:
        print(f"\nCI: {len(_skipped_real_parts)} test(s) needing PostgreSQL or Chromium were skipped, "
              f"e.g. {_skipped_real_parts[0]}; failing.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = find_bin_dir()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    server = PostgresServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file that each test copies."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}"})
    upgrade(app)
    get_db(app).dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A migrated PostgreSQL database that each test clones (CREATE DATABASE ... TEMPLATE)."""
    admin = create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE alumni_template"))
    app = create_app({"TESTING": True, "DATABASE_URL": pg_server.url("alumni_template")})
    upgrade(app)
    get_db(app).dispose()
    yield "alumni_template"
    admin.dispose()


_counter = itertools.count()


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture
def database_url(request, backend, tmp_path):
    """A fresh, migrated database for one test."""
    if backend == "sqlite":
        path = tmp_path / "alumni.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    name = f"test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    yield server.url(name)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "BASE_URL": "http://alumni.example.org",
        "WTF_CSRF_ENABLED": True,
        "PASSWORD_HASH": FAST_HASH,
    })
    app.instance_path = str(tmp_path / "instance")
    os.makedirs(app.instance_path, exist_ok=True)
    yield app
    get_db(app).dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs (``statements.clear()`` to start counting)."""
    counted = []

    def count(_connection, _cursor, statement, *_args):
        counted.append(statement)

    event.listen(get_db(app).engine, "before_cursor_execute", count)
    yield counted
    event.remove(get_db(app).engine, "before_cursor_execute", count)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A session on the test's database, each statement in its own transaction.

    So the test always reads what the code under test committed, and never holds the
    SQLite write lock while that code writes. It is one of the app's sessions, so what
    the fixtures write is audited like any other change.
    """
    db = get_db(app)
    db_session = db.session(write=False, bind=db.engine.execution_options(isolation_level="AUTOCOMMIT"))
    yield db_session
    db_session.close()


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def create_network(session):
    def create(name="Sieć Zielona", edition_code="PIM II", ended_on=date(2023, 3, 31)):
        edition = session.exec(select(Edition).where(Edition.code == edition_code)).first()
        if edition is None:
            edition = Edition(code=edition_code, name=edition_code, start_year=2021, end_year=2023)
            session.add(edition)
            session.flush()
        network = Network(edition_id=edition.id, name_pl=name, name_en=name, ended_on=ended_on)
        session.add(network)
        session.commit()
        return network

    return create


@pytest.fixture
def create_mid(session, create_network):
    """Build a MID (with its participant, network and membership) and commit it."""

    def create(participant="Słupsk", title="Błękitno-zielona infrastruktura", network=None,
               voivodeship="pomorskie", created_at=NOW, **fields):
        network = network or create_network(name=f"Sieć {participant}")
        person = session.exec(select(Participant).where(Participant.name == participant)).first()
        if person is None:
            person = Participant(name=participant, voivodeship=voivodeship, population=90000)
            session.add(person)
            session.flush()
        session.add(Membership(network_id=network.id, participant_id=person.id))
        mid = Mid(participant_id=person.id, network_id=network.id, title=title, created_at=created_at,
                  updated_at=created_at, **fields)
        session.add(mid)
        session.commit()
        return mid

    return create


@pytest.fixture
def create_action(session):
    def create(mid, title="Ogrody deszczowe", status="in_progress", progress=50, updated_at=NOW, **fields):
        fields.setdefault("estimated_budget", Decimal("100000.00"))
        action = Action(mid_id=mid.id, title=title, status=status, progress=progress, created_at=updated_at,
                        updated_at=updated_at, **fields)
        session.add(action)
        session.commit()
        return action

    return create


@pytest.fixture
def create_milestone(session):
    def create(mid, due_on=date(2026, 6, 30), updated_at=NOW, **fields):
        milestone = Milestone(mid_id=mid.id, title="Odbiór", due_on=due_on, created_at=updated_at,
                              updated_at=updated_at, **fields)
        session.add(milestone)
        session.commit()
        return milestone

    return create


@pytest.fixture
def create_round(session):
    def create(name="2026 H1", opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15), closes_on=date(2026, 7, 31)):
        round_ = ReportingRound(name=name, opens_on=opens_on, due_on=due_on, closes_on=closes_on)
        session.add(round_)
        session.commit()
        return round_

    return create


@pytest.fixture
def create_report(session):
    def create(mid, round_, submitted_at=NOW, state="submitted", **fields):
        report = Report(mid_id=mid.id, round_id=round_.id, state=state, submitted_at=submitted_at,
                        created_at=submitted_at or NOW, updated_at=submitted_at or NOW, **fields)
        session.add(report)
        session.commit()
        return report

    return create


@pytest.fixture
def create_user(session):
    def create(email="koordynator@example.org", role="coordinator", participants=("Słupsk",),
               password="correct horse battery staple", **fields):
        if role != "coordinator":
            participants = ()
        user = create_user_row(session, email, role, participants, password, **fields)
        session.commit()
        return user

    return create


@pytest.fixture
def login(client):
    """Sign ``user`` in on the test client, as the login form would (session id and version)."""

    def sign_in(user):
        with client.session_transaction() as flask_session:
            flask_session["_user_id"] = user.get_id()
            flask_session["_fresh"] = True
        return user

    return sign_in
