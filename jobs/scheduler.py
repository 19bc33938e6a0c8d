"""The APScheduler that runs the jobs: inside `alumni serve`, or alone as `alumni scheduler`.

APScheduler 3 keeps its jobs per process, so any number of scheduler processes may run but
only the one holding the leadership lock (alumni/leadership.py) runs the jobs; the others wait
as hot standbys and take over when it dies. What must happen once is still held by the
database (unique keys, claimed rows), so an overlap at a change of leader does no harm.
"""

import logging
import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy.exc import SQLAlchemyError

from alumni import leadership, operations
from alumni.db import session_scope
from alumni.models import utcnow

from . import registry

log = logging.getLogger("alumni.jobs")


def run_job(app, name, as_of=None, dry_run=False):
    """Run one job now, as if the clock read ``as_of`` (aware; now by default); record the run."""
    job = registry()[name]
    as_of = as_of or utcnow()
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


def heartbeat(app, started_at, leading=False):
    """Record that this scheduler is alive, and whether it leads (read by /healthz and the operations page)."""
    try:
        with session_scope(app, via="job") as session:
            operations.beat(session, utcnow(), started_at, leading)
    except SQLAlchemyError as error:
        log.warning("scheduler heartbeat not recorded: %s", error)


def build_scheduler(app, blocking=False):
    """A scheduler with every registered job, in the service's time zone.

    Jobs on an interval (delivery) run at once when it starts: a new leader sends what waits
    without losing a minute; so does status-history (``at_start``), which fills the past days a new
    installation has no record of; other jobs at set hours wait for theirs.
    """
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    zone = ZoneInfo(app.config["TIMEZONE"])
    scheduler = scheduler_class(timezone=zone)
    for job in registry().values():
        at_once = {"next_run_time": datetime.now(zone)} if job.trigger == "interval" or job.at_start else {}
        scheduler.add_job(
            run_job,
            job.trigger,
            args=(app, job.name),
            id=job.name,
            name=job.description,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=3600,
            **at_once,
            **job.trigger_args,
        )
    return scheduler


class LeadingScheduler:
    """A scheduler process: it runs the jobs while it holds the lead, else waits as a standby.

    Every ``SCHEDULER_STANDBY_POLL_SECONDS`` a standby tries to take the lead and the leader
    checks that it still holds it (a leader cut off from its database steps down); both record
    a heartbeat every ``SCHEDULER_HEARTBEAT_SECONDS`` and at once when their role changes.
    """

    def __init__(self, app):
        self.app = app
        self.lock = leadership.lock_for(app.config["DATABASE_URL"])
        self.started_at = utcnow()
        self.scheduler = None
        self._last_beat = None
        self._stop = threading.Event()
        self._thread = None

    @property
    def leading(self):
        return self.scheduler is not None

    def step(self):
        """One turn: take the lead if it is free, step down if it was lost; beat when due."""
        changed = False
        if not self.leading and self.lock.acquire():
            self.scheduler = build_scheduler(self.app)
            self.scheduler.start()
            changed = True
            log.info("scheduler %s leads: it runs the jobs", operations.process_name())
        elif self.leading and not self.lock.still_held():
            self._stop_jobs()
            changed = True
            log.warning("scheduler %s lost the lead: it waits as a standby", operations.process_name())
        due = self._last_beat is None or time.monotonic() - self._last_beat >= self.app.config[
            "SCHEDULER_HEARTBEAT_SECONDS"]
        if changed or due:
            heartbeat(self.app, self.started_at, self.leading)
            self._last_beat = time.monotonic()

    def run(self):
        """Take turns until stopped (the `alumni scheduler` process, or the thread inside `alumni serve`)."""
        try:
            while True:
                try:
                    self.step()
                except Exception:  # a turn that failed must not end the standby's watch
                    log.exception("scheduler leadership: this turn failed; trying again")
                if self._stop.wait(self.app.config["SCHEDULER_STANDBY_POLL_SECONDS"]):
                    break
        finally:
            self._stop_jobs()
            self.lock.release()

    def start(self):
        """Run in a thread of this process (inside `alumni serve`)."""
        self._thread = threading.Thread(target=self.run, name="scheduler-leadership", daemon=True)
        self._thread.start()
        return self

    def shutdown(self):
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _stop_jobs(self, wait=False):
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=wait)
            self.scheduler = None
