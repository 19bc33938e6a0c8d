"""The outbox: every e-mail and webhook is written here with its cause, and delivered later.

A message's idempotency key is unique in the database, so writing the same message twice
(a restart, a second scheduler) writes it once.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import select

from .models import OutboxChannel, OutboxMessage, OutboxStatus, User

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


def retry(session, message, as_of):
    """Put a failed message back in the queue for a fresh set of attempts."""
    if message.status != OutboxStatus.failed:
        raise ValueError(f"only a failed message can be retried, not a {message.status} one")
    message.status = OutboxStatus.pending
    message.attempts = 0
    message.next_attempt_at = as_of
    message.claimed_at = None
    session.add(message)
    session.flush()
    return message
