"""What the benchmarks share: cached demo databases at N MIDs, a signed-in client, a statement counter."""

import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy
from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/pg.py starts the throwaway PostgreSQL server

from tests.pg import PostgresServer, find_bin_dir  # noqa: E402

CACHE = Path(tempfile.gettempdir()) / "alumni-bench"
MINISTRY = "ministerstwo@example.org"
COORDINATOR = "koordynator.slupsk@example.org"
SECRET_KEY = "benchmark-" * 7
PASSWORD = "przebieg-wzorcowy-7391-pim"  # the demo users' password in the benchmarks' databases


def alumni(url, *args, quiet=True):
    """Run an `alumni` command as a person would."""
    command = [sys.executable, "-m", "alumni", *args]
    env = {**os.environ, "ALUMNI_DATABASE_URL": url, "ALUMNI_SECRET_KEY": SECRET_KEY}
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL if quiet else None)


def build(url, scale):
    """A new database at ``url``: schema, demo, ``scale`` synthetic MIDs, the daily status record.

    Each synthetic MID comes with 5 actions, 2 milestones, its reports, and 3 indicators with 5
    yearly values each (``alumni.indicators.demo.synthetic_indicators``).
    """
    started = time.perf_counter()
    alumni(url, "init-db")
    alumni(url, "demo", "--scale", str(scale))
    demo_logins(url)
    alumni(url, "jobs", "run", "status-history")
    print(f"# built {scale} synthetic MIDs in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def demo_logins(url):
    """Give the demo users PASSWORD (the demo itself gives them random ones, shown once)."""
    from alumni import create_app
    from alumni.db import get_db, session_scope
    from alumni.demo import add_demo_users

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    with app.app_context(), session_scope(app) as session:
        add_demo_users(session, password=PASSWORD)
    get_db(app).dispose()


class CachedPostgres(PostgresServer):
    """The throwaway server of the tests, but its data folder is kept between runs (the databases are the cache)."""

    def __init__(self, bin_dir):
        super().__init__(bin_dir)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = CACHE / "postgresql"
        self.data = self.root / "data"
        self.root.mkdir(parents=True, exist_ok=True)
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    def start(self):
        if not (self.data / "PG_VERSION").exists():
            return super().start()
        self._run("pg_ctl", "-D", str(self.data), "-o",
                  f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                  "-l", str(self.root / "log"), "-w", "start")
        return self

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "stop")


@contextmanager
def postgres(url=None):
    """A PostgreSQL server URL (of its maintenance database): the one given, or a throwaway one."""
    if url:
        yield url
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed; give --postgresql-url")
    server = CachedPostgres(bin_dir).start()
    try:
        yield server.url()
    finally:
        server.stop()


def _pg_databases(server_url):
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    return engine


def demo_database(backend, scale, server_url=None, copy=None):
    """The URL of a demo database at ``scale`` (built once, then cached); ``copy`` names a fresh copy of it."""
    CACHE.mkdir(exist_ok=True)
    if backend == "sqlite":
        path = CACHE / f"sqlite-{scale}.db"
        if not path.exists():
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            build(f"sqlite:///{building}", scale)
            building.rename(path)
        else:
            alumni(f"sqlite:///{path}", "init-db")  # a database cached by an older version: bring its schema up to date
        if copy:
            target = CACHE / f"sqlite-{scale}-{copy}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            with sqlite3.connect(path) as source, sqlite3.connect(target) as destination:
                source.backup(destination)
            path = target
        return f"sqlite:///{path}"
    engine = _pg_databases(server_url)
    name = f"bench_{scale}"
    with engine.connect() as connection:
        existing = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
        if name not in existing:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}_building"))
            connection.execute(text(f"CREATE DATABASE {name}_building"))
            build(_with_database(server_url, f"{name}_building"), scale)
            connection.execute(text(f"ALTER DATABASE {name}_building RENAME TO {name}"))
        else:
            alumni(_with_database(server_url, name), "init-db")  # cached by an older version: upgrade
        if copy:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}_{copy}"))
            connection.execute(text(f"CREATE DATABASE {name}_{copy} TEMPLATE {name}"))
            name = f"{name}_{copy}"
    engine.dispose()
    url = _with_database(server_url, name)
    analyse(url)
    return url


def _with_database(server_url, name):
    return server_url.rsplit("/", 1)[0] + "/" + name


def analyse(url, vacuum=False):
    """Refresh PostgreSQL's planner statistics after the bulk insert (``vacuum``: and clear the rows a
    bulk update left behind), as autovacuum soon would."""
    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE" if vacuum else "ANALYZE"))
    engine.dispose()


def sign_in(app, email, password):
    """A test client signed in through the real login form (CSRF token and all)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    assert response.status_code == 302, f"signing in as {email} failed ({response.status_code})"
    return client


class StatementCounter:
    """Count the SQL statements an engine sends, between start() and stop()."""

    def __init__(self, engine):
        self.engine, self.count = engine, 0

    def _listener(self, *_args):
        self.count += 1

    def __enter__(self):
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._listener)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._listener)


def timed(function, runs):
    """Median and fastest wall-clock time of ``runs`` calls, after one warm-up call."""
    function()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), min(timings)


def machine(urls=()):
    """One line about the machine: cores, memory, Python and the databases' versions (no names or paths)."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    parts = [f"{os.cpu_count()} CPUs", f"{memory:.0f} GB RAM",
             f"{platform.python_implementation()} {platform.python_version()}", f"SQLite {sqlite3.sqlite_version}"]
    for url in urls:
        if url.startswith("postgresql"):
            engine = sqlalchemy.create_engine(url)
            with engine.connect() as connection:
                parts.append("PostgreSQL " + connection.execute(text("SHOW server_version")).scalar().split()[0])
            engine.dispose()
    parts.append(f"load average {os.getloadavg()[0]:.1f}")
    return ", ".join(parts)
