"""Time the pages and the jobs' queries at 100, 1,000 and 10,000 synthetic MIDs (a benchmark, not a test).

    python benchmarks/pages.py                          # SQLite, N = 100, 1000, 10000
    python benchmarks/pages.py --backend postgresql     # a throwaway PostgreSQL server (kept between runs)
    python benchmarks/pages.py --backend postgresql --postgresql-url postgresql+psycopg://user@host/postgres
    python benchmarks/pages.py --scale 10000 --runs 9

Each database is built once with `alumni init-db`, `alumni demo --scale N` (which records the past
days the dashboard charts, as an import does) and the `status-history` job (then none is missing),
and kept under the temporary folder (alumni-bench/) for the next run: the first day, whose past is
recorded but none of it on the day. The dashboard is also timed on a later day (a copy whose every
day's record was written on the day, as the nightly job leaves it: the survival curves then read
them), and on a copy with no day recorded at all: no command leaves a database so (`init-db`, the
demo, imports and the scheduler's start fill the past), only the record deleted by hand.
Server side, through the Flask test client signed in with the real login form: GET /dashboard
(also filtered by an edition, a voivodeship and a city size, on the first and the later day)
and GET /mids as the demo ministry user, GET /mids/<id> as the demo coordinator of Słupsk.
The same three pages are then timed as deployed, where each process keeps the pages it built under
their ETag (alumni/http_cache.py): a repeat of an unchanged page is served from memory; the other
rows are built for each request (ALUMNI_PAGE_CACHE_ENTRIES=0). The dashboard is built as after a
change: every audited change drops the indicator figures a process remembers (dashboard.indicators),
so each run judges the indicators again; once more with them remembered (nothing changed), as
earlier figures of the built dashboard were taken.
Then the life status of every MID (`life_status.statuses`), the reminder planning of the open round
(`plan_reminders` at its last sending moment, when every fact is loaded, in a transaction
rolled back), and the floor: the dashboard's counts (every
MID's life status by network and voivodeship) in one hand-written SQL query. Every figure is the
median of --runs runs after a warm-up; pages are also given as a multiple of the floor. The
dashboard is timed once more right after the floor in each run, and the median of those runs'
ratios given: the floor's own time moves from run to run on a busy machine. And once more with
Python's collector set as deploy/gunicorn.conf.py sets it in each web worker (the other rows keep
the defaults, as earlier figures did).
"""

import argparse
import gc
import importlib.util
import logging
import statistics
import time
from datetime import timedelta

from sqlalchemy import Date, bindparam, text, update
from sqlmodel import func, select

from common import (  # noqa: I001 (common puts the project on the path)
    COORDINATOR, MINISTRY, PASSWORD, ROOT, SECRET_KEY, StatementCounter, analyse, demo_database, machine, postgres,
    sign_in, timed,
)

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.clock import Calendar
from alumni.life_status import StatusSettings, count_days, statuses
from alumni.models import (
    Action, Mid, Milestone, MidStatusCount, MidStatusRecord, Network, Participant, Report, ReportingRound, utcnow,
)
from alumni.models.base import UTCDateTime
from alumni.reminders import coordinator_steps, escalation_step, open_rounds, plan_reminders
from alumni.dashboard.indicators import _REMEMBERED as remembered_indicators

# MATERIALIZED: each part is computed once (SQLite would otherwise evaluate the grouped parts per MID).
FLOOR_SQL = """
WITH a AS MATERIALIZED (
    SELECT mid_id, COUNT(*) AS total,
           SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END) AS done,
           SUM(CASE WHEN status IN ('done', 'dropped') THEN 1 ELSE 0 END) AS closed,
           SUM(CASE WHEN status IN ('delayed', 'suspended')
                         OR (planned_end < :today AND status NOT IN ('done', 'dropped')) THEN 1 ELSE 0 END) AS troubled,
           MAX(CASE WHEN updated_at <= :as_of THEN updated_at END) AS last_at
    FROM {action} GROUP BY mid_id
), m AS MATERIALIZED (
    SELECT mid_id, MAX(updated_at) AS last_at FROM {milestone} WHERE updated_at <= :as_of GROUP BY mid_id
), r AS MATERIALIZED (
    SELECT mid_id, MAX(submitted_at) AS last_at FROM {report} WHERE submitted_at <= :as_of GROUP BY mid_id
), latest AS MATERIALIZED (
    SELECT DISTINCT mid_id FROM {report}
    WHERE submitted_at <= :as_of AND round_id = (
        SELECT id FROM {round} WHERE due_on < :today ORDER BY due_on DESC, id DESC LIMIT 1)
), s AS MATERIALIZED (
    SELECT {mid}.network_id, {participant}.voivodeship,
        CASE
            WHEN {mid}.abandoned_at IS NOT NULL AND {mid}.abandoned_at <= :as_of THEN 'abandoned'
            WHEN a.total > 0 AND a.closed = a.total AND a.done > 0 THEN 'completed'
            WHEN NOT COALESCE(a.last_at >= :cutoff OR m.last_at >= :cutoff OR r.last_at >= :cutoff, FALSE)
                THEN 'dormant'
            WHEN ((SELECT COUNT(*) FROM {round} WHERE due_on < :today) > 0 AND latest.mid_id IS NULL)
                 OR COALESCE(a.troubled, 0) > 0 THEN 'at_risk'
            ELSE 'active'
        END AS status
    FROM {mid}
    JOIN {participant} ON {participant}.id = {mid}.participant_id
    LEFT JOIN a ON a.mid_id = {mid}.id
    LEFT JOIN m ON m.mid_id = {mid}.id
    LEFT JOIN r ON r.mid_id = {mid}.id
    LEFT JOIN latest ON latest.mid_id = {mid}.id
)
SELECT network_id, voivodeship, status, COUNT(*) AS n FROM s GROUP BY network_id, voivodeship, status
""".format(action=Action.__tablename__, milestone=Milestone.__tablename__, report=Report.__tablename__,
           round=ReportingRound.__tablename__, mid=Mid.__tablename__, participant=Participant.__tablename__)


def floor_query(app, as_of):
    """The dashboard's counts in one hand-written statement, bound like the app binds its values."""
    moment = UTCDateTime()
    return text(FLOOR_SQL).bindparams(
        bindparam("as_of", as_of, type_=moment),
        bindparam("cutoff", as_of - timedelta(days=app.config["DORMANT_AFTER_DAYS"]), type_=moment),
        bindparam("today", Calendar.from_app(app).local_date(as_of), type_=Date()),
    )


def reminder_moment(session, app, as_of):
    """The open round's last sending moment (overdue notices and the ministry's digest): every fact is loaded."""
    round_ = open_rounds(session, Calendar.from_app(app).local_date(as_of))[0]
    steps = coordinator_steps(round_, app.config) + [escalation_step(round_, app.config)]
    return max(step.send_at for step in steps if step is not None)


def after_a_change():
    """What every audited change does to the process's remembered figures: the dashboard's indicator
    figures are kept per data version (``dashboard.indicators``), so after a change they are judged again."""
    remembered_indicators.clear()


def page(app, client, url, before=None):
    """(median, fastest, SQL statements) of GET ``url`` (``before()`` first, untimed in effect)."""
    def get():
        if before:
            before()
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"

    median, fastest = timed(get, RUNS)
    with StatementCounter(get_db(app).engine) as counter:
        get()
    return median, fastest, counter.count


def paired(app, client, url, as_of, before=None):
    """(median, fastest, median of the ratios) of GET ``url`` timed right after the floor, run by run.

    The floor and the page are timed back to back in each run, so a machine that slows down or
    speeds up between the two rows of the table does not move their ratio.
    """
    def floor():
        with app.app_context(), session_scope(app) as session:
            session.exec(floor_query(app, as_of)).all()
            session.rollback()

    def get():
        if before:
            before()
        assert client.get(url).status_code == 200

    floor(), get()
    pages, ratios = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        floor()
        floor_time = time.perf_counter() - started
        started = time.perf_counter()
        get()
        pages.append(time.perf_counter() - started)
        ratios.append(pages[-1] / floor_time)
    return statistics.median(pages), min(pages), statistics.median(ratios)


def as_in_a_worker(work):
    """``work()`` with the collector set as the deployed web workers set it (``post_worker_init`` in
    deploy/gunicorn.conf.py: what the app loaded frozen, a higher threshold), then set back."""
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "deploy" / "gunicorn.conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    threshold = gc.get_threshold()
    conf.post_worker_init(None)
    try:
        return work()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


def in_session(app, work):
    """(median, fastest, SQL statements) of ``work(session)`` in a transaction that is rolled back."""
    def once():
        with app.app_context(), session_scope(app) as session:
            result = work(session)
            session.rollback()
            return result

    median, fastest = timed(once, RUNS)
    with StatementCounter(get_db(app).engine) as counter:
        once()
    return median, fastest, counter.count


def unrecorded_dashboard(url):
    """The dashboard where no day of the life-status record is kept: on an installation upgraded from a
    version without it, until the scheduler's first start fills the past (the demo and imports fill it)."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False, "PAGE_CACHE_ENTRIES": 0})
    with app.app_context(), session_scope(app) as session:
        session.exec(MidStatusCount.__table__.delete())  # kept with the record: neither was there
        session.exec(MidStatusRecord.__table__.delete())
    result = page(app, sign_in(app, MINISTRY, PASSWORD), "/dashboard", after_a_change)
    get_db(app).dispose()
    return result


def filtered_dashboards(session):
    """[(what, path)] of the dashboard filtered as the ministry filters it: by the edition with the most
    MIDs (its networks' counts serve), by Słupsk's voivodeship (its map by participant) and by a size band."""
    edition = session.exec(select(Network.edition_id).join(Mid, Mid.network_id == Network.id)
                           .group_by(Network.edition_id).order_by(func.count().desc())).first()
    return [("an edition", f"/dashboard?edition={edition}"), ("a voivodeship chosen", "/dashboard?voivodeship=pomorskie"),
            ("a city size", "/dashboard?size=20k-100k")]


def later_dashboard(url):
    """The dashboard on a later day, whole and filtered: every past day's record written by the
    life-status job on the day, as years of nights leave it (the demo's record is filled in when the
    data arrives, so its survival curves have no value to read)."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False, "PAGE_CACHE_ENTRIES": 0})
    with app.app_context(), session_scope(app) as session:
        session.exec(update(MidStatusRecord).values(on_the_day=True))
        count_days(session, session.exec(select(MidStatusRecord.recorded_on).distinct()).all())
        filtered = filtered_dashboards(session)
    if not url.startswith("sqlite"):
        analyse(url, vacuum=True)  # the rows the update left behind: PostgreSQL's autovacuum soon would
    ministry = sign_in(app, MINISTRY, PASSWORD)
    results = [("GET /dashboard, a later day: every day recorded on the day (ministry)",
                page(app, ministry, "/dashboard", after_a_change))]
    results += [(f"GET {path}, a later day, filtered: {what}", page(app, ministry, path, after_a_change))
                for what, path in filtered]
    get_db(app).dispose()
    return results


def kept_pages(url, pages):
    """The same pages as deployed: each process keeps what it built under the page's ETag (a repeat, unchanged)."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False})
    logging.getLogger("alumni.request").setLevel(logging.WARNING)
    clients = {MINISTRY: sign_in(app, MINISTRY, PASSWORD), COORDINATOR: sign_in(app, COORDINATOR, PASSWORD)}
    figures = [(f"{name}, kept by the process", page(app, clients[who], path)) for name, who, path in pages]
    get_db(app).dispose()
    return figures


def measure(url, scale, unrecorded_url=None, later_url=None):
    # Every page built for each request (none kept: ``http_cache``); kept pages are timed apart.
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TESTING": False, "PAGE_CACHE_ENTRIES": 0})
    logging.getLogger("alumni.request").setLevel(logging.WARNING)  # one line per request otherwise
    as_of = utcnow()
    with app.app_context(), session_scope(app) as session:
        mids = session.exec(select(func.count(Mid.id))).one()
        coordinator_mid = session.exec(select(Mid.id).join(Participant).where(Participant.name == "Słupsk")
                                       .order_by(Mid.id)).first()
        planned_at = reminder_moment(session, app, as_of)
        filtered = filtered_dashboards(session)
        floor_counts = {}
        for row in session.exec(floor_query(app, as_of)):
            floor_counts[row.status] = floor_counts.get(row.status, 0) + row.n
        rule_counts = {}
        for status in statuses(session, StatusSettings.from_app(app), as_of).values():
            rule_counts[status.value] = rule_counts.get(status.value, 0) + 1
    assert floor_counts == rule_counts, f"the floor query disagrees with the rule: {floor_counts} {rule_counts}"

    ministry, coordinator = sign_in(app, MINISTRY, PASSWORD), sign_in(app, COORDINATOR, PASSWORD)
    floor = in_session(app, lambda session: session.exec(floor_query(app, as_of)).all())
    figures = [
        ("GET /dashboard (ministry), after a change", page(app, ministry, "/dashboard", after_a_change)),
        ("GET /dashboard (ministry), nothing changed (indicator figures remembered)", page(app, ministry, "/dashboard")),
        ("GET /mids (ministry)", page(app, ministry, "/mids")),
        (f"GET /mids/{coordinator_mid} (coordinator)", page(app, coordinator, f"/mids/{coordinator_mid}")),
        ("life status of every MID", in_session(app, lambda session: statuses(session, StatusSettings.from_app(app), as_of))),
        ("reminder planning, one round (dry run)",
         in_session(app, lambda session: plan_reminders(session, app, planned_at))),
        ("floor: dashboard counts in one SQL query", floor),
    ]
    dashboard_paired = paired(app, ministry, "/dashboard", as_of, after_a_change)
    in_a_worker = as_in_a_worker(lambda: page(app, ministry, "/dashboard", after_a_change))
    filtered_figures = [(f"GET {path} (ministry), after a change, filtered: {what}",
                        page(app, ministry, path, after_a_change)) for what, path in filtered]
    get_db(app).dispose()
    figures[4:4] = kept_pages(url, [("GET /dashboard (ministry)", MINISTRY, "/dashboard"),
                                    ("GET /mids (ministry)", MINISTRY, "/mids"),
                                    (f"GET /mids/{coordinator_mid} (coordinator)", COORDINATOR, f"/mids/{coordinator_mid}")])
    figures[1:1] = filtered_figures
    if unrecorded_url:
        figures.insert(1, ("GET /dashboard, the record deleted by hand (ministry)", unrecorded_dashboard(unrecorded_url)))
    if later_url:
        figures[1:1] = later_dashboard(later_url)
    rows = []
    for name, (median, fastest, statements) in figures:
        rows.append(f"| {scale} | {mids} | {name} | {median * 1000:.0f} ms | {fastest * 1000:.0f} ms | "
                    f"{median / floor[0]:.1f}× | {statements} |")
    median, fastest, ratio = dashboard_paired
    median_w, fastest_w, statements_w = in_a_worker
    rows.insert(1, f"| {scale} | {mids} | GET /dashboard (ministry), after a change, the collector set as in the web workers | "
                   f"{median_w * 1000:.0f} ms | {fastest_w * 1000:.0f} ms | {median_w / floor[0]:.1f}× | "
                   f"{statements_w} |")
    rows.insert(1, f"| {scale} | {mids} | GET /dashboard (ministry), after a change, each run right after the floor | "
                   f"{median * 1000:.0f} ms | {fastest * 1000:.0f} ms | {ratio:.1f}× (median of the runs' ratios) | "
                   f"{figures[0][1][2]} |")
    return rows


def main():
    global RUNS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgresql-url", help="a server's maintenance database; default: a throwaway server")
    parser.add_argument("--scale", type=int, action="append", help="synthetic MIDs (repeatable); "
                        "default 100, 1000 and 10000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    RUNS = args.runs
    scales = args.scale or [100, 1000, 10000]

    header = ["| N | MIDs | what | median | fastest | × floor | SQL statements |", "|---|---|---|---|---|---|---|"]
    if args.backend == "sqlite":
        urls = [(scale, demo_database("sqlite", scale), demo_database("sqlite", scale, copy="unrecorded"),
                 demo_database("sqlite", scale, copy="later")) for scale in scales]
        print(machine())
        print("\n".join(header))
        for scale, url, unrecorded, later in urls:
            print("\n".join(measure(url, scale, unrecorded, later)), flush=True)
        return
    with postgres(args.postgresql_url) as server:
        urls = [(scale, demo_database("postgresql", scale, server),
                 demo_database("postgresql", scale, server, copy="unrecorded"),
                 demo_database("postgresql", scale, server, copy="later")) for scale in scales]
        print(machine([urls[0][1]]))
        print("\n".join(header))
        for scale, url, unrecorded, later in urls:
            print("\n".join(measure(url, scale, unrecorded, later)), flush=True)


RUNS = 7

if __name__ == "__main__":
    main()
