"""Record every MID's life status at the end of the day just ended, so that changes over time can be
shown; and count the new day's indicators on track by network (the dashboard reads them)."""

from datetime import timedelta

from alumni.db import session_scope
from alumni.indicators.kept import count_indicators
from alumni.life_status import StatusSettings, record_statuses

from .job import Job


def run(app, as_of, dry_run=False):
    settings = StatusSettings.from_app(app)
    day = settings.local_date(as_of) - timedelta(days=1)
    with session_scope(app, via="job") as session:
        changes = record_statuses(session, app, settings, day, as_of)
        count_indicators(session, settings.local_date(as_of))
        if dry_run:
            session.rollback()
    verb = "would record" if dry_run else "recorded"
    lines = [f"life-status: {verb} {changes.recorded} MIDs as of {day:%Y-%m-%d}, {len(changes.changed)} changed"]
    lines += [f"  MID {mid_id}: {before} -> {after}" for mid_id, before, after in changes.changed]
    return "\n".join(lines)


JOB = Job(
    name="life-status",
    func=run,
    description="record every MID's life status at the end of the day just ended; count the day's indicators",
    trigger="cron",
    trigger_args={"hour": 2, "minute": 30},
)
