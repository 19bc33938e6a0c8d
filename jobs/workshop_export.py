"""Build the workshop export ahead of the workshop and e-mail the ministry a link (via the outbox)."""

from alumni.audit import act_as
from alumni.db import get_db, session_scope
from alumni.clock import Calendar
from alumni.models import Workshop
from alumni.workshop.scheduled import build_stored_export, due_workshops, queue_export_mails

from .job import Job


def run(app, as_of, dry_run=False):
    today = Calendar.from_app(app).local_date(as_of)
    days_before = app.config["WORKSHOP_EXPORT_DAYS_BEFORE"]
    lines = []
    # Built in a read-only session: a long export must not hold the database's write lock.
    with get_db(app).session(write=False) as session:
        due = [(w.id, w.year, w.export_built_at) for w in due_workshops(session, today, days_before)]
        for _id, year, built_at in due:
            if built_at is not None:
                continue
            if dry_run:
                lines.append(f"  {year}: would build the export")
                continue
            picture = build_stored_export(session, app, year, as_of)
            lines.append(f"  {year}: export built ({picture.mid_count} MIDs, as of {picture.window.last_day})")
    verb = "would queue" if dry_run else "queued"
    with session_scope(app) as session:
        act_as(session, via="job")
        for workshop_id, year, _built_at in due:
            notice = queue_export_mails(session, app, session.get(Workshop, workshop_id), as_of)
            lines.append(f"  {year}: {verb} {len(notice.queued)} e-mail(s); {notice.already} sent before")
        if dry_run:
            session.rollback()
    if not due:
        return f"workshop-export: no workshop within {days_before} days of {today:%Y-%m-%d}"
    return "\n".join([f"workshop-export: {len(due)} workshop(s) due as of {today:%Y-%m-%d}", *lines])


JOB = Job(
    name="workshop-export",
    func=run,
    description="build the workshop export ahead of the workshop and e-mail the ministry a link",
    trigger="cron",
    trigger_args={"hour": 6, "minute": 45},
)
