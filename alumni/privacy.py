"""Personal data (GDPR, in Polish RODO): export everything kept about a person, anonymise a departed one.

Anonymising keeps the MID history (reports, audit events) and attributes it to a stable
pseudonym; what identifies the person (name, address, password, links, tokens, the text of
the e-mails sent to them, the addresses they signed in from) is removed.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, or_
from sqlmodel import delete, select

from .audit import json_value
from .models import (
    ApiToken, AuditEvent, CalendarFeed, LoginAttempt, OneTimeToken, OutboxChannel, OutboxMessage, OutboxStatus,
    Participant, Report, ReportingRound, UserParticipant,
)
from .sessions import end_all_sessions

REDACTED = "•••"
_IDENTIFYING = ("email", "name")


class PrivacyError(ValueError):
    """A request about personal data that cannot be carried out, with a message for the person."""


def pseudonym_email(user_id):
    return f"usunieto-{user_id}@invalid"


def pseudonym_name(user_id):
    return f"usunieto-{user_id}"


def personal_data(session, user, now):
    """Everything stored about ``user``, as plain JSON-ready data (never the password hash)."""
    return {
        "exported_at": json_value(now),
        "user": _row(user, exclude={"password_hash"}),
        "participants": [{"id": p.id, "name": p.name} for p in _participants(session, user)],
        "api_tokens": [_row(token, exclude={"token_hash", "user_id"}) for token in
                       session.exec(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))],
        "links": [_row(token, exclude={"nonce", "user_id"}) for token in
                  session.exec(select(OneTimeToken).where(OneTimeToken.user_id == user.id).order_by(OneTimeToken.id))],
        "calendar_feed": [_row(feed, exclude={"key_hash", "user_id"}) for feed in
                          session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id))],
        "failed_logins": [_row(attempt, exclude={"email"}) for attempt in
                          session.exec(select(LoginAttempt).where(LoginAttempt.email == user.email)
                                       .order_by(LoginAttempt.id))],
        "reports": _reports(session, user),
        "audit_events_by_them": [_row(event) for event in session.exec(
            select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id))],
        "audit_events_about_them": [_row(event) for event in session.exec(_about(user).order_by(AuditEvent.id))],
        "outbox_messages": [_row(message, exclude={"idempotency_key"}) for message in session.exec(
            _messages_to(user).order_by(OutboxMessage.id))],
    }


def record_export(session, user, actor_id, via="web"):
    """Audit that ``actor_id`` exported ``user``'s personal data."""
    session.add(AuditEvent(actor_id=actor_id, via=via, entity_type="user", entity_id=user.id,
                           action="export_personal_data", changes={}))
    session.flush()


def anonymise(session, user, actor_id, now, via="web"):
    """Replace what identifies ``user`` with a pseudonym and end their access; keep their history."""
    if user.id == actor_id:
        raise PrivacyError(_l("You cannot anonymise your own account."))
    old_email = user.email
    messages = session.exec(_messages_to(user)).all()
    user.email, user.name = pseudonym_email(user.id), pseudonym_name(user.id)
    user.is_active, user.password_hash, user.anonymised_at = False, None, now
    user.participants = []
    end_all_sessions(user)
    for model in (ApiToken, OneTimeToken, CalendarFeed):
        session.exec(delete(model).where(model.user_id == user.id))
    session.exec(delete(LoginAttempt).where(LoginAttempt.email == old_email))
    for message in messages:
        _forget_message(message, user)
    session.add(AuditEvent(actor_id=actor_id, via=via, entity_type="user", entity_id=user.id, action="anonymise",
                           changes={"email": {"before": REDACTED, "after": user.email}}))
    session.flush()  # the audit trail writes its own event of the change: redact that one too
    for event in session.exec(_about(user)):
        redacted = _redacted(event.changes, user)
        if redacted != event.changes:
            event.changes = redacted
            session.add(event)
    session.flush()
    return user


def _forget_message(message, user):
    """Keep that a message was sent (its key stops it being sent again), not what it said nor where."""
    message.recipient = user.email
    message.body_text = message.body_html = ""
    if message.status == OutboxStatus.pending:
        message.status = OutboxStatus.failed
        message.last_error = "recipient anonymised"


def _redacted(changes, user):
    keep = {None, "", user.email, user.name}
    result = dict(changes)
    for key in _IDENTIFYING:
        change = changes.get(key)
        if isinstance(change, dict):
            result[key] = {side: value if value in keep else REDACTED for side, value in change.items()}
    return result


def _about(user):
    return select(AuditEvent).where(AuditEvent.entity_type == "user", AuditEvent.entity_id == user.id)


def _messages_to(user):
    return select(OutboxMessage).where(
        OutboxMessage.channel == OutboxChannel.email,
        or_(OutboxMessage.user_id == user.id, OutboxMessage.recipient == user.email),
    )


def _participants(session, user):
    return session.exec(
        select(Participant).join(UserParticipant).where(UserParticipant.user_id == user.id).order_by(Participant.name)
    ).all()


def _reports(session, user):
    rows = session.exec(
        select(Report, ReportingRound).join(ReportingRound)
        .where(or_(Report.submitted_by_id == user.id, Report.reviewed_by_id == user.id)).order_by(Report.id)
    ).all()
    return [{"mid_id": report.mid_id, "round": round_.name, "state": json_value(report.state),
             "submitted_by_them": report.submitted_by_id == user.id, "submitted_at": json_value(report.submitted_at),
             "reviewed_by_them": report.reviewed_by_id == user.id, "reviewed_at": json_value(report.reviewed_at)}
            for report, round_ in rows]


def _row(obj, exclude=()):
    return {attr.key: json_value(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs
            if attr.key not in exclude}

