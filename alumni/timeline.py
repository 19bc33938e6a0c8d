"""A MID's timeline: every report and change, newest first, from the audit trail."""

from sqlmodel import select

from .models import AuditEvent, User


def mid_timeline(session, mid_id, limit=100):
    """(event, actor email or None) for the MID, newest first, in one query."""
    query = (
        select(AuditEvent, User.email)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.mid_id == mid_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return session.exec(query).all()
