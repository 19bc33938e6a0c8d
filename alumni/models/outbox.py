"""The outbox: every e-mail and webhook, written with what caused it, delivered later."""

from datetime import datetime
from typing import Optional

from sqlalchemy import String, CheckConstraint, Text
from sqlmodel import Field, SQLModel

from .base import OutboxChannel, OutboxStatus, one_of, timestamp_field


class OutboxMessage(SQLModel, table=True):
    __table_args__ = (
        one_of("status", OutboxStatus, "status_known"),
        one_of("channel", OutboxChannel, "channel_known"),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    # At most one message per key: "reminder-14:round=3:user=7" is never sent twice.
    idempotency_key: str = Field(max_length=200, unique=True)
    channel: OutboxChannel = Field(sa_type=String(10))
    kind: str = Field(max_length=50, index=True)
    recipient: str = Field(max_length=1000)
    user_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    round_id: Optional[int] = Field(default=None, foreign_key="reportinground.id", index=True)
    subject: str = Field(default="", max_length=500)
    body_text: str = Field(default="", sa_type=Text)
    body_html: str = Field(default="", sa_type=Text)
    status: OutboxStatus = Field(default=OutboxStatus.pending, sa_type=String(10), index=True)
    attempts: int = 0
    next_attempt_at: datetime = timestamp_field()
    last_error: str = Field(default="", sa_type=Text)
    created_at: datetime = timestamp_field()
    # The first attempt starts the retry window; the claim is when a deliverer took it (pending → sending).
    first_attempt_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    claimed_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    sent_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    def __repr__(self):
        return f"<OutboxMessage {self.idempotency_key} {self.status}>"
