"""The outbox: every e-mail and webhook is written here with its cause, and delivered later.

A message's idempotency key is unique in the database, so writing the same message twice
(a restart, a second scheduler) writes it once.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from .models import AuditEvent, OutboxChannel, OutboxMessage, OutboxStatus, User

# The note on a message whose delivery was cut short: whether it went out is unknown.
INTERRUPTED = ("Interrupted while sending (the service stopped before the outcome was recorded): "
               "it may or may not have been delivered. Check with the recipient before retrying.")

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}

STATUS_LABELS = {
    OutboxStatus.pending: _l("waiting to be sent"),
    OutboxStatus.sending: _l("being sent"),
    OutboxStatus.sent: _l("sent"),
    OutboxStatus.failed: _l("failed to send"),
}


def enqueue(session, *, key, channel, kind, recipient, as_of, subject="", body_text="", body_html="",
            user_id=None, round_id=None):
    """Write a message unless one with ``key`` exists; return whether this call wrote it."""
    row = OutboxMessage.model_validate({
        "idempotency_key": key,
        "channel": OutboxChannel(channel),
        "kind": kind,
        "recipient": recipient,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "user_id": user_id,
        "round_id": round_id,
        "created_at": as_of,
        "next_attempt_at": as_of,
    })
    values = row.model_dump(exclude={"id"})
    insert = _INSERTS[session.get_bind().dialect.name]
    statement = (
        insert(OutboxMessage.__table__)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.__table__.c.id)
    )
    return session.exec(statement).first() is not None


def enqueue_many(session, messages):
    """Write each of ``messages`` (``enqueue``'s arguments, as dicts) unless one with its key exists,
    in one statement whatever their number; return how many were new."""
    rows = {}
    for message in messages:
        message = dict(message)
        key, channel, as_of = message.pop("key"), message.pop("channel"), message.pop("as_of")
        rows[key] = OutboxMessage.model_validate({
            "idempotency_key": key, "channel": OutboxChannel(channel), "created_at": as_of,
            "next_attempt_at": as_of, **message,
        }).model_dump(exclude={"id"})
    existing = set()
    keys = list(rows)
    for start in range(0, len(keys), 500):  # IN lists of a bounded length
        existing |= existing_keys(session, keys[start:start + 500])
    new = [row for key, row in rows.items() if key not in existing]
    if new:
        # One statement, many rows; a key written meanwhile by another process is skipped.
        insert = _INSERTS[session.get_bind().dialect.name]
        session.exec(insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["idempotency_key"]),
                     params=new)
    return len(new)


def existing_keys(session, keys):
    """Those of ``keys`` already in the outbox."""
    keys = list(keys)
    if not keys:
        return set()
    return set(session.exec(select(OutboxMessage.idempotency_key).where(OutboxMessage.idempotency_key.in_(keys))))


def status_counts(session):
    """{status: number of messages}, every status present."""
    counts = dict.fromkeys(OutboxStatus, 0)
    for status, count in session.exec(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
    ):
        counts[OutboxStatus(status)] = count
    return counts


def round_message_counts(session, round_id):
    """[(kind, status, count)] of a round's messages."""
    query = (
        select(OutboxMessage.kind, OutboxMessage.status, func.count())
        .where(OutboxMessage.round_id == round_id)
        .group_by(OutboxMessage.kind, OutboxMessage.status)
        .order_by(OutboxMessage.kind, OutboxMessage.status)
    )
    return session.exec(query).all()


def retrying_messages(session, limit=200):
    """Messages waiting for another attempt after a failed one, soonest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.attempts > 0)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return session.exec(query).all()


def bounced_users(session):
    """People whose address refused mail (SMTP 5xx): they get no more reminders until fixed."""
    return session.exec(select(User).where(User.mail_bounced_at.is_not(None)).order_by(User.email)).all()


def clear_bounce(session, user):
    """Take a person's address off the refusing list (it was corrected, or works again)."""
    user.mail_bounced_at = None
    session.add(user)
    session.flush()
    return user


def failed_messages(session, limit=200):
    """Messages that failed for good (newest first), for the admins to look at."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.failed)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(limit)
    )
    return session.exec(query).all()


_FRESH_START = {"status": OutboxStatus.pending, "attempts": 0, "claimed_at": None, "first_attempt_at": None}


def retry(session, message, as_of, actor_id=None, via="web"):
    """Put a failed message back in the queue for a fresh set of attempts (and a fresh retry window)."""
    if message.status != OutboxStatus.failed:
        raise ValueError(f"only a failed message can be retried, not a {message.status} one")
    for name, value in {**_FRESH_START, "next_attempt_at": as_of}.items():
        setattr(message, name, value)
    session.add(message)
    session.flush()
    _audit_retry(session, [message.id], as_of, actor_id, via)
    return message


def retry_failed(session, as_of, actor_id=None, via="web"):
    """Put every failed message back in the queue, except those interrupted mid-send; return (retried, left).

    An interrupted message may already have reached its recipient, so it is left for an admin
    to decide on its own, never resent in bulk.
    """
    failed = (OutboxMessage.status == OutboxStatus.failed)
    ids = list(session.exec(select(OutboxMessage.id).where(failed, OutboxMessage.last_error != INTERRUPTED)
                            .order_by(OutboxMessage.id)))
    if ids:
        # Conditional on the row still being failed: one retried meanwhile is not counted twice.
        session.exec(update(OutboxMessage).where(failed, OutboxMessage.id.in_(ids))
                     .values(**_FRESH_START, next_attempt_at=as_of))
        _audit_retry(session, ids, as_of, actor_id, via)
    left = session.exec(select(func.count()).where(failed, OutboxMessage.last_error == INTERRUPTED)).one()
    return len(ids), left


def _audit_retry(session, ids, as_of, actor_id, via):
    session.add(AuditEvent(at=as_of, actor_id=actor_id, via=via, entity_type="outboxmessage",
                           entity_id=ids[0] if len(ids) == 1 else None, action="retry",
                           changes={"status": {"before": "failed", "after": "pending"},
                                    "messages": {"before": None, "after": ids}}))
    session.flush()
