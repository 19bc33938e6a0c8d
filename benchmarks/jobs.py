"""Benchmark: the jobs at N MIDs, as the scheduler runs them (not a test).

    python benchmarks/jobs.py [--scale 10000] [--runs 5] [--no-xlsx]

On a copy of the cached demo database of N MIDs (``benchmarks/common.py``; the cached file
itself is never written):


- the reminders job, a real run (``jobs.reminders.run``: plans the round and writes its e-mails
  to the outbox), at the open round's last sending moment (``reminder_moment`` of pages.py:
  overdue notices and the ministry's digest are due, every MID without a report is listed).
  Each run starts from the copy as it was (restored from the cached file), so each writes the
  whole round again;
- the life-status job (``jobs.life_status.run``: records every MID's status of the day just
  ended and announces the changes), run again on the same day;
- the same job 200 days later with a webhook set: thousands of statuses change, one event each;
- the workshop XLSX of the current year (``benchmarks/workshop_export.py``'s measurement, each
  in a fresh process).

Figures: median and fastest CPU time of the process (``time.process_time``; the machine is
shared, so wall-clock time says more about the neighbours) and the median wall-clock time, after
one warm-up run; SQL statements and outbox rows of one run.
"""

import argparse
import logging
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CACHE, SECRET_KEY, StatementCounter, demo_database, machine  # noqa: E402

from alumni import create_app  # noqa: E402
from alumni.clock import utcnow  # noqa: E402
from alumni.db import get_db, session_scope  # noqa: E402
from alumni.models import OutboxMessage  # noqa: E402
from jobs import life_status as life_status_job, reminders as reminders_job  # noqa: E402
from pages import reminder_moment  # noqa: E402
from sqlmodel import func, select  # noqa: E402
import workshop_export  # noqa: E402


def cpu_timed(function, runs, before=None):
    """(median CPU, fastest CPU, median wall) of ``runs`` calls after one warm-up; ``before`` runs untimed first."""
    cpu, wall = [], []
    for run in range(runs + 1):
        if before:
            before()
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        function()
        if run:  # the first is the warm-up
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
    return statistics.median(cpu), min(cpu), statistics.median(wall)


def restore(app, source, target):
    """Put the copy back as the cached database is (the app's connections closed first)."""
    get_db(app).dispose()
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)


def outbox_rows(app):
    with app.app_context(), session_scope(app) as session:
        return session.exec(select(func.count(OutboxMessage.id))).one()


def cached_database(scale):
    """The cached demo database of ``scale`` (built once, its schema brought up to date by common.py)."""
    demo_database("sqlite", scale)
    return CACHE / f"sqlite-{scale}.db"


def fresh_copy(source, name):
    """A copy of ``source`` named ``name`` beside it (the cached file itself is never written)."""
    target = CACHE / f"{source.stem}-{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    return target


def measure_jobs(scale, runs):
    source = cached_database(scale)
    target = fresh_copy(source, "jobs")
    url = f"sqlite:///{target}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    logging.getLogger("alumni").setLevel(logging.WARNING)
    with app.app_context(), session_scope(app) as session:
        planned_at = reminder_moment(session, app, utcnow())
    life_status_at = utcnow()
    rows = []

    restore(app, source, target)
    before = outbox_rows(app)
    reminders = cpu_timed(lambda: reminders_job.run(app, planned_at), runs,
                          before=lambda: restore(app, source, target))
    restore(app, source, target)
    with StatementCounter(get_db(app).engine) as counter:
        summary = reminders_job.run(app, planned_at)
    written = outbox_rows(app) - before
    rows.append(("reminders job, real run (plans and writes the round's e-mails)", reminders,
                 f"{counter.count} statements, {written} e-mails written"))
    print(f"# {summary.splitlines()[0]}", file=sys.stderr)

    life = cpu_timed(lambda: life_status_job.run(app, life_status_at), runs)
    with StatementCounter(get_db(app).engine) as counter:
        summary = life_status_job.run(app, life_status_at)
    rows.append(("life-status job (records a day)", life,
                 f"{counter.count} statements; {summary.splitlines()[0].removeprefix('life-status: ')}"))
    get_db(app).dispose()

    # A day when thousands of statuses change (here: 200 days after a day recorded for every MID,
    # many gone dormant or at risk), with a webhook set: each change is one event in the outbox.
    hooked = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False,
                         "WEBHOOK_URL": "http://127.0.0.1:9/hook", "WEBHOOK_SECRET": "benchmark-hook"})
    later = life_status_at + timedelta(days=200)

    def today_recorded():
        restore(hooked, source, target)
        life_status_job.run(hooked, life_status_at)  # every MID's record of the day before

    many = cpu_timed(lambda: life_status_job.run(hooked, later), runs, before=today_recorded)
    today_recorded()
    with StatementCounter(get_db(hooked).engine) as counter:
        summary = life_status_job.run(hooked, later)
    rows.append(("life-status job, a day of many changes, webhook set", many,
                 f"{counter.count} statements; {summary.splitlines()[0].removeprefix('life-status: ')}"))
    get_db(hooked).dispose()
    return rows


def measure_xlsx(scale, runs):
    """The workshop XLSX of this year, each run in a fresh process (``workshop_export.py``)."""
    url = f"sqlite:///{fresh_copy(cached_database(scale), 'xlsx')}"
    year = datetime.now(ZoneInfo("Europe/Warsaw")).year
    output = CACHE / f"workshop-{scale}.xlsx"
    results = [workshop_export._child(url, year, output, traced=False) for _ in range(runs)]
    cpu = [result["cpu_seconds"] for result in results]
    wall = [result["seconds"] for result in results]
    rss = statistics.median(result["rss_peak_mib"] for result in results)
    return [("workshop XLSX (the year's export)", (statistics.median(cpu), min(cpu), statistics.median(wall)),
             f"RSS peak {rss:.0f} MiB, file {results[0]['bytes'] / 1024:,.0f} KiB")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10000, help="synthetic MIDs (default 10000)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-xlsx", action="store_true", help="leave out the workshop XLSX")
    args = parser.parse_args()
    rows = measure_jobs(args.scale, args.runs)
    if not args.no_xlsx:
        rows += measure_xlsx(args.scale, args.runs)
    print(machine())
    print("| N | what | CPU median | CPU fastest | wall median | one run |")
    print("|---|---|---|---|---|---|")
    for name, (cpu, fastest, wall), note in rows:
        print(f"| {args.scale} | {name} | {cpu:.2f} s | {fastest:.2f} s | {wall:.2f} s | {note} |")
    print(f"load average after: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
