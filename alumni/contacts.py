"""Whom the ministry calls about a MID: its city's active coordinators, and whether mail reaches them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from .models import OutboxChannel, OutboxMessage, OutboxStatus, Role, User, UserParticipant


@dataclass
class Contact:
    user: User
    bounced_at: datetime | None        # the address refused mail (SMTP 5xx): no reminders reach it
    last_failed_at: datetime | None    # the last e-mail to it failed for good after every attempt


def coordinators_to_call(session, participant_id):
    """The participant's active coordinators by name, with their address's problems: two queries."""
    users = session.exec(
        select(User)
        .join(UserParticipant, UserParticipant.user_id == User.id)
        .where(UserParticipant.participant_id == participant_id, User.role == Role.coordinator,
               User.is_active.is_(True))
        .order_by(User.name, User.email)
    ).all()
    last = (
        select(func.max(OutboxMessage.id))
        .where(OutboxMessage.channel == OutboxChannel.email, OutboxMessage.user_id.in_([u.id for u in users]))
        .group_by(OutboxMessage.user_id)
    )
    failed = dict(session.exec(
        select(OutboxMessage.user_id, OutboxMessage.created_at)
        .where(OutboxMessage.id.in_(last), OutboxMessage.status == OutboxStatus.failed)
    ).all()) if users else {}
    return [Contact(user, user.mail_bounced_at, failed.get(user.id)) for user in users]
