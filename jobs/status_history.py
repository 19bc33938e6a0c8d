"""Record every MID's status on the past days the dashboard charts, where no record holds them yet."""

from alumni.life_status import StatusSettings
from alumni.life_status import record_missing_days
from alumni.db import session_scope

from .job import Job


def run(app, as_of, dry_run=False):
    with session_scope(app) as session:
        days = record_missing_days(session, as_of, StatusSettings.from_app(app))
        if dry_run:
            session.rollback()
    verb = "would record" if dry_run else "recorded"
    listed = ", ".join(day.isoformat() for day in days) or "none missing"
    return f"status-history: {verb} {len(days)} past days as of {as_of:%Y-%m-%d}: {listed}"


JOB = Job(
    name="status-history",
    func=run,
    description="record every MID's status on past days the dashboard charts and no record holds",
    trigger="cron",
    trigger_args={"hour": 3, "minute": 15},
    at_start=True,
)
