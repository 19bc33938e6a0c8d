"""The APScheduler that runs the jobs: inside `alumni serve`, or alone as `alumni scheduler`.

APScheduler 3 keeps its jobs per process, so exactly one scheduler runs; what must
happen once is held by the database (unique keys, claimed rows), not by the scheduler.
"""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from . import registry

log = logging.getLogger(__name__)


def run_job(app, name, as_of=None, dry_run=False):
    """Run one job now, as if the clock read ``as_of`` (aware; now by default)."""
    job = registry()[name]
    as_of = as_of or datetime.now(ZoneInfo(app.config["TIMEZONE"]))
    with app.app_context():
        summary = job.func(app, as_of, dry_run=dry_run)
    log.info("job %s ran as of %s", name, as_of.isoformat())
    return summary


def build_scheduler(app, blocking=False):
    """A scheduler with every registered job, in the service's time zone."""
    scheduler_class = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = scheduler_class(timezone=ZoneInfo(app.config["TIMEZONE"]))
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
    return scheduler
