"""The APScheduler that runs the jobs: inside `alumni serve`, or alone as `alumni scheduler`.

APScheduler 3 keeps its jobs per process, so exactly one scheduler runs; what must
happen once is held by the database (unique keys, claimed rows), not by the scheduler.
"""

import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import SQLAlchemyError

from alumni import operations
from alumni.db import session_scope
from alumni.models import utcnow

from . import registry

log = logging.getLogger("alumni.jobs")


def run_job(app, name, as_of=None, dry_run=False):
    """Run one job now, as if the clock read ``as_of`` (aware; now by default); record the run."""
    job = registry()[name]
    as_of = as_of or datetime.now(ZoneInfo(app.config["TIMEZONE"]))
    with session_scope(app, via="job") as session:
        run_id = operations.start_run(session, name, as_of, dry_run, utcnow()).id
    started = time.perf_counter()
    try:
        with app.app_context():
            summary = job.func(app, as_of, dry_run=dry_run)
    except Exception as error:
        _finish(app, run_id, error=error)
        log.error("job=%s as_of=%s dry_run=%s duration_ms=%.0f outcome=error error=%r", name, as_of.isoformat(),
                  dry_run, _ms_since(started), error)
        raise
    _finish(app, run_id, summary=summary)
    log.info("job=%s as_of=%s dry_run=%s duration_ms=%.0f outcome=ok", name, as_of.isoformat(), dry_run,
             _ms_since(started))
    return summary


def _finish(app, run_id, summary="", error=None):
    try:
        with session_scope(app, via="job") as session:
            operations.finish_run(session, run_id, utcnow(), summary, error)
    except SQLAlchemyError:
        # The database went away during the run: the log line still tells what happened.
        log.warning("job run %s: its end could not be recorded", run_id, exc_info=True)


def _ms_since(started):
    return (time.perf_counter() - started) * 1000


def heartbeat(app, started_at):
    """Record that this scheduler is alive (read by /healthz and the operations page)."""
    try:
        with session_scope(app, via="job") as session:
            operations.beat(session, utcnow(), started_at)
    except SQLAlchemyError as error:
        log.warning("scheduler heartbeat not recorded: %s", error)


def build_scheduler(app, blocking=False):
    """A scheduler with every registered job and a heartbeat, in the service's time zone."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    zone = ZoneInfo(app.config["TIMEZONE"])
    scheduler = scheduler_class(timezone=zone)
    for job in registry().values():
        scheduler.add_job(
            run_job,
            job.trigger,
            args=(app, job.name),
            id=job.name,
            name=job.description,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
            **job.trigger_args,
        )
    scheduler.add_job(
        heartbeat, "interval", args=(app, utcnow()), id="heartbeat", name="scheduler heartbeat",
        seconds=app.config["SCHEDULER_HEARTBEAT_SECONDS"], next_run_time=datetime.now(zone),
        coalesce=True, max_instances=1,
    )
    return scheduler
