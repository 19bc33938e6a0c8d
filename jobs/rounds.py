"""Create the next reporting round on the cadence (ROUND_CADENCE_MONTHS), once the latest has opened."""

from alumni.db import session_scope
from alumni.clock import Calendar
from alumni.rounds import create_next_round, next_round

from .job import Job


def run(app, as_of, dry_run=False):
    today = Calendar.from_app(app).local_date(as_of)
    cadence = app.config["ROUND_CADENCE_MONTHS"]
    with session_scope(app, via="job") as session:
        if dry_run:
            planned = next_round(session, today, cadence)
            session.rollback()
        else:
            created = create_next_round(session, today, cadence)
            planned = created and (created.name, created.opens_on, created.due_on, created.closes_on)
    if not planned:
        return f"rounds: no round to create as of {today} (cadence {cadence} months)"
    name, opens_on, due_on, closes_on = planned
    verb = "would create" if dry_run else "created"
    return f"rounds: {verb} {name}: opens {opens_on}, due {due_on}, closes {closes_on}"


JOB = Job(
    name="rounds",
    func=run,
    description="create the next reporting round on the cadence once the latest has opened",
    trigger="cron",
    trigger_args={"hour": 3, "minute": 0},
)
