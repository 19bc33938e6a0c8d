"""Send the outbox: e-mails (SMTP or .eml files) and webhooks, with retries and backoff."""

from zoneinfo import ZoneInfo

from alumni.db import session_scope
from alumni.delivery import deliver, due_messages, waiting_messages

from .job import Job


def run(app, as_of, dry_run=False):
    if dry_run:
        with session_scope(app, via="job") as session:
            due = due_messages(session, as_of, limit=app.config["OUTBOX_BATCH_SIZE"])
            lines = [f"deliver: would send {len(due)} message(s) due by {as_of:%Y-%m-%d %H:%M}"
                     + _waiting(app, *waiting_messages(session, as_of))]
            lines += [f"  {m.channel} {m.kind} -> {m.recipient}: {m.subject}" for m in due]
            session.rollback()
        return "\n".join(lines)
    report = deliver(app, as_of)
    lines = [f"deliver: {report.sent} sent, {report.retrying} to retry, {report.failed} failed, "
             f"{report.interrupted} interrupted earlier and flagged" + _waiting(app, report.waiting, report.next_due_at)]
    return "\n".join(lines + [f"  {line}" for line in report.lines])


def _waiting(app, count, next_due_at):
    """What is not due yet, so that "0 sent" does not read as "nothing to send"."""
    if not count:
        return ""
    local = next_due_at.astimezone(ZoneInfo(app.config["TIMEZONE"]))
    return f"; {count} waiting for their send time, the next at {local:%Y-%m-%d %H:%M}"


JOB = Job(
    name="deliver",
    func=run,
    description="send the pending e-mails and webhooks of the outbox",
    trigger="interval",
    trigger_args={"minutes": 1},
)
