"""Plan the reminders that are due into the outbox (``alumni.reminders``); delivery is the `deliver` job."""

from alumni.config import require_secret_key
from alumni.db import session_scope
from alumni.reminders import describe, plan_reminders, write_plan

from .job import Job


def run(app, as_of, dry_run=False):
    if not dry_run:
        require_secret_key(app)  # the links in the e-mails are signed with it
    with session_scope(app, via="job") as session:
        plan = plan_reminders(session, app, as_of)
        written = None if dry_run else write_plan(session, app, plan)
        summary = "\n".join(describe(plan, written))
        if dry_run:
            session.rollback()
    return summary


JOB = Job(
    name="reminders",
    func=run,
    description="plan the reminder e-mails that are due into the outbox",
    trigger="cron",
    # Hourly: what is due goes out at the send hour on working days, and a restart catches up
    # within the hour; the planner itself decides whether anything is due.
    trigger_args={"minute": 0},
)
