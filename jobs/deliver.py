"""Send the outbox: e-mails (SMTP or .eml files) and webhooks, with retries and backoff."""

from alumni.db import session_scope
from alumni.delivery import deliver, due_messages

from .job import Job


def run(app, as_of, dry_run=False):
    if dry_run:
        with session_scope(app, via="job") as session:
            due = due_messages(session, as_of, limit=app.config["OUTBOX_BATCH_SIZE"])
            lines = [f"deliver: would send {len(due)} message(s) due by {as_of:%Y-%m-%d %H:%M}"]
            lines += [f"  {m.channel} {m.kind} -> {m.recipient}: {m.subject}" for m in due]
            session.rollback()
        return "\n".join(lines)
    report = deliver(app, as_of)
    lines = [f"deliver: {report.sent} sent, {report.retrying} to retry, {report.failed} failed, "
             f"{report.interrupted} interrupted earlier and flagged"]
    return "\n".join(lines + [f"  {line}" for line in report.lines])


JOB = Job(
    name="deliver",
    func=run,
    description="send the pending e-mails and webhooks of the outbox",
    trigger="interval",
    trigger_args={"minutes": 1},
)
