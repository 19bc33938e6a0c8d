"""A load run: gunicorn with 2 workers on loopback, page views and report submissions for a bounded time.

    python benchmarks/load.py                           # SQLite then PostgreSQL, 10,000 MIDs, 60 s each
    python benchmarks/load.py --backend sqlite --seconds 30 --viewers 4 --submitters 4
    python benchmarks/load.py --backend postgresql --postgresql-url postgresql+psycopg://user@host/postgres

The server is `gunicorn -c deploy/gunicorn.conf.py` (alumni.wsgi:app, 2 workers of 4 threads) on a
fresh copy of the cached demo database (benchmarks/common.py). This process drives it with a
fixed number of threads, each one person with its own session, signed in through the login form:
viewers (the demo ministry user) open the dashboard, the MID list and MID pages; submitters
(coordinators made for the run, each of --mids-per-coordinator synthetic MIDs) open a MID's
report form in the open round and submit it, a different MID each time. It prints requests per
second, latency percentiles and errors (any answer other than the expected one), then checks in
the database that every submission the server acknowledged (a redirect) is there, submitted,
with the text sent.
"""

import argparse
import logging
import random
import statistics
import sys
import threading
import time
from collections import defaultdict

import requests
from sqlmodel import select

from common import CACHE, MINISTRY, PASSWORD, SECRET_KEY, demo_database, machine, postgres  # noqa: I001

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import Mid, Participant, Report, ReportingRound, ReportState, User, utcnow
from alumni.people import create_user
from tests.pages import page_form
from tests.processes import Gunicorn


def prepare(url, coordinators, per_coordinator):
    """Coordinators for the run, each of its own synthetic MIDs; return [(email, [mid ids])], MID ids."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    people = []
    with app.app_context(), session_scope(app) as session:
        today = utcnow().date()
        open_round = session.exec(select(ReportingRound).where(ReportingRound.opens_on <= today,
                                                               ReportingRound.due_on >= today)).first()
        assert open_round is not None, "the demo has no round open today"
        names = session.exec(select(Participant.name).where(Participant.name.like("Gmina syntetyczna %"))
                             .order_by(Participant.name).limit(coordinators * per_coordinator)).all()
        assert len(names) == coordinators * per_coordinator, "not enough synthetic MIDs for the submitters"
        for number in range(coordinators):
            email = f"obciazenie{number + 1}@example.org"
            mine = names[number * per_coordinator:(number + 1) * per_coordinator]
            if session.exec(select(User).where(User.email == email)).first() is None:
                create_user(session, email, "coordinator", mine, PASSWORD, f"Koordynator {number + 1}")
            mids = session.exec(select(Mid.id).join(Participant).where(Participant.name.in_(mine))
                                .order_by(Mid.id)).all()
            people.append((email, mids))
        all_mids = session.exec(select(Mid.id)).all()
    get_db(app).dispose()
    return app, people, all_mids


class Person:
    """One browser: a cookie jar and a record of every answer (kind, seconds, status or error)."""

    def __init__(self, base, email, results):
        self.base, self.results, self.http = base, results, requests.Session()
        self.http.headers["Connection"] = "close"  # a new connection each time: every worker gets a share
        self.post("login", "/login", {**self.form("/login", kind="login"), "email": email, "password": PASSWORD})

    def _timed(self, kind, method, path, expected, **kwargs):
        started = time.perf_counter()
        try:
            response = self.http.request(method, self.base + path, timeout=120, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.results.append((kind, time.perf_counter() - started, repr(error)))
            return None
        self.results.append((kind, time.perf_counter() - started,
                             response.status_code if response.status_code == expected else
                             f"{response.status_code} (expected {expected})"))
        return response if response.status_code == expected else None

    def get(self, kind, path):
        return self._timed(kind, "GET", path, 200)

    def form(self, path, kind="form"):
        response = self.get(kind, path)
        return page_form(response.text) if response is not None else None

    def post(self, kind, path, data):
        return self._timed(kind, "POST", path, 302, data=data) is not None


def viewer(base, deadline, results, mids, seed):
    person, rng = Person(base, MINISTRY, results), random.Random(seed)
    while time.monotonic() < deadline:
        choice = rng.random()
        if choice < 0.2:
            person.get("GET /dashboard", "/dashboard")
        elif choice < 0.5:
            person.get("GET /mids", f"/mids?page={rng.randint(1, 5)}")
        else:
            person.get("GET /mids/<id>", f"/mids/{rng.choice(mids)}")


def submitter(base, deadline, results, email, mids, acknowledged):
    person = Person(base, email, results)
    number = 0
    while time.monotonic() < deadline:
        mid_id = mids[number % len(mids)]
        number += 1
        person.get("GET /mids/<id>", f"/mids/{mid_id}")
        fields = person.form(f"/mids/{mid_id}/report", kind="GET report form")
        if fields is None:
            continue
        text = f"{email}: zgłoszenie {number}"
        if person.post("POST report (submit)", f"/mids/{mid_id}/report",
                       {**fields, "achievements": text, "submit": "1"}):
            acknowledged[mid_id] = text  # a later submission of the same MID replaces the text


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(backend, url, args):
    app, people, all_mids = prepare(url, args.submitters, args.mids_per_coordinator)
    environment = {"ALUMNI_DATABASE_URL": url, "ALUMNI_SECRET_KEY": SECRET_KEY, "GUNICORN_LOG_LEVEL": "warning"}
    results, acknowledged, threads = [], {}, []
    log = CACHE / f"gunicorn-{backend}.log"
    with Gunicorn(log, environment, workers=2, threads=4) as server:
        deadline = time.monotonic() + args.seconds
        for number in range(args.viewers):
            threads.append(threading.Thread(target=viewer, args=(server.url, deadline, results, all_mids, number)))
        for email, mids in people:
            threads.append(threading.Thread(target=submitter,
                                            args=(server.url, deadline, results, email, mids, acknowledged)))
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 300)
        elapsed = time.monotonic() - started
    missing = check(app, acknowledged)
    return report(backend, results, elapsed, acknowledged, missing, log)


def check(app, acknowledged):
    """The acknowledged submissions that are not in the database as sent."""
    with app.app_context(), session_scope(app) as session:
        today = utcnow().date()
        open_round = session.exec(select(ReportingRound).where(ReportingRound.opens_on <= today,
                                                               ReportingRound.due_on >= today)).first()
        stored = {report.mid_id: report for report in session.exec(
            select(Report).where(Report.round_id == open_round.id, Report.mid_id.in_(list(acknowledged))))}
        missing = [mid_id for mid_id, text in acknowledged.items()
                   if mid_id not in stored or stored[mid_id].achievements != text
                   or stored[mid_id].state != ReportState.submitted]
    get_db(app).dispose()
    return missing


def report(backend, results, elapsed, acknowledged, missing, log):
    measured = [row for row in results if row[0] != "login"]
    errors = [row for row in results if not isinstance(row[2], int)]
    by_kind = defaultdict(list)
    for kind, seconds, _status in measured:
        by_kind[kind].append(seconds)
    lines = [f"### {backend}: {len(measured)} requests in {elapsed:.0f} s = {len(measured) / elapsed:.1f} requests/s, "
             f"{len(errors)} errors; {len(acknowledged)} submissions acknowledged, "
             f"{len(acknowledged) - len(missing)} found in the database as sent",
             "", "| request | count | p50 | p95 | p99 | mean |", "|---|---|---|---|---|---|"]
    for kind, values in sorted(by_kind.items()) + [("all", [row[1] for row in measured])]:
        lines.append(f"| {kind} | {len(values)} | {percentile(values, .5) * 1000:.0f} ms | "
                     f"{percentile(values, .95) * 1000:.0f} ms | {percentile(values, .99) * 1000:.0f} ms | "
                     f"{statistics.mean(values) * 1000:.0f} ms |")
    for kind, _seconds, status in errors[:10]:
        lines.append(f"error: {kind}: {status}")
    if "Traceback" in log.read_text():
        lines.append("the server logged a traceback (see gunicorn-*.log in the cache folder)")
    print("\n".join(lines), flush=True)
    return not errors and not missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgresql-url", help="a server's maintenance database; default: a throwaway server")
    parser.add_argument("--scale", type=int, default=10000, help="synthetic MIDs")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--viewers", type=int, default=4, help="threads viewing pages as the ministry")
    parser.add_argument("--submitters", type=int, default=4, help="threads submitting reports, one coordinator each")
    parser.add_argument("--mids-per-coordinator", type=int, default=200)
    args = parser.parse_args()
    logging.getLogger("alumni").setLevel(logging.WARNING)
    if args.seconds > 600 or args.viewers + args.submitters > 32:
        parser.error("keep the run bounded: at most 600 s and 32 threads")

    print(machine(), flush=True)
    ok = True
    if args.backend in ("sqlite", "both"):
        ok &= run("sqlite", demo_database("sqlite", args.scale, copy="load"), args)
    if args.backend in ("postgresql", "both"):
        with postgres(args.postgresql_url) as server:
            ok &= run("postgresql", demo_database("postgresql", args.scale, server, copy="load"), args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
