"""Time the ministry's dashboard at N synthetic MIDs, server side (a benchmark, not a test).

    python benchmarks/dashboard.py                      # SQLite file in a temporary folder, N = 10000
    python benchmarks/dashboard.py --database-url postgresql+psycopg://alumni@127.0.0.1/alumni

Builds the database with `alumni init-db` and `alumni demo --scale N` (kept between runs when
--database-url is given), then times GET /dashboard and GET /mids inside the app for a signed-in
ministry user: first with no daily record of statuses (the service's first day: past days are
computed), then after the `status-history` job has recorded them (every later day). Prints the
median and fastest of several runs, the CPU time of this process (on SQLite that includes the
database's work, which makes it the steadier figure on a shared machine) and the SQL statements
per request.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

from sqlalchemy import event, func, text
from sqlmodel import select

from common import MINISTRY, PASSWORD, demo_logins, sign_in  # noqa: I001 (common puts the project on the path)

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import Mid, MidStatusRecord

PAGES = ["/dashboard", "/mids"]


def alumni(url, *args):
    """Run an `alumni` command as a person would."""
    command = [sys.executable, "-m", "alumni", *args]
    subprocess.run(command, check=True, env={**os.environ, "ALUMNI_DATABASE_URL": url}, stdout=subprocess.DEVNULL)


def analyse(app):
    """Refresh the planner's statistics after the bulk insert, as autovacuum soon would."""
    if not get_db(app).is_sqlite:
        with get_db(app).engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()


def measure(app, client, url, runs):
    statements = []
    engine = get_db(app).engine
    listener = lambda *_args: statements.append(1)  # noqa: E731
    assert client.get(url).status_code == 200  # warm: connections, compiled statements
    timings, cpu = [], []
    event.listen(engine, "before_cursor_execute", listener)
    for _ in range(runs):
        statements.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200
    event.remove(engine, "before_cursor_execute", listener)
    return statistics.median(timings), min(timings), statistics.median(cpu), len(statements)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    parser.add_argument("--scale", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='alumni-bench-')}/alumni.db"

    started = time.perf_counter()
    alumni(url, "init-db")
    alumni(url, "demo", "--scale", str(args.scale))
    demo_logins(url)
    built = time.perf_counter() - started
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark", "TESTING": False})
    with app.app_context(), session_scope(app) as session:
        session.exec(MidStatusRecord.__table__.delete())  # start from the service's first day
        mids = session.exec(select(func.count(Mid.id))).one()
    client = sign_in(app, MINISTRY, PASSWORD)

    print(f"{os.cpu_count()} CPUs, {platform.python_implementation()} "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f}, "
          f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"database: {url.split(':')[0]}, {mids} MIDs (built in {built:.0f} s)")
    print("| page | daily record | median | fastest | CPU of this process (median) | SQL statements |")
    print("|---|---|---|---|---|---|")
    for state in ("none yet", "after status-history"):
        if state != "none yet":
            alumni(url, "jobs", "run", "status-history")
            analyse(app)
        for page in PAGES:
            median, fastest, cpu, count = measure(app, client, page, args.runs)
            print(f"| {page} | {state} | {median * 1000:.0f} ms | {fastest * 1000:.0f} ms | "
                  f"{cpu * 1000:.0f} ms | {count} |")


if __name__ == "__main__":
    main()
