"""The audit trail: who changed what, when, from what to what."""

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from .base import timestamp_field


class AuditEvent(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = timestamp_field(index=True)
    actor_id: Optional[int] = Field(default=None, foreign_key="user.id", index=True)
    # How the actor acted: "web", "email-link", "cli", "job", "import".
    via: str = Field(default="web", max_length=20)
    entity_type: str = Field(max_length=50)
    entity_id: Optional[int] = None
    # The MID an event concerns, so that a MID's timeline is one indexed query.
    mid_id: Optional[int] = Field(default=None, foreign_key="mid.id", index=True)
    action: str = Field(max_length=50)
    changes: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)

    def __repr__(self):
        return f"<AuditEvent {self.action} {self.entity_type}:{self.entity_id}>"
