"""People: users, the participants a coordinator works for, and their credentials."""

from datetime import datetime
from typing import Optional

from sqlalchemy import String, CheckConstraint, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from .base import Language, Role, one_of, timestamp_field


class UserParticipant(SQLModel, table=True):
    """A coordinator works for a participant."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", primary_key=True, index=True)


class User(SQLModel, table=True):
    __table_args__ = (
        one_of("role", Role, "role_known"),
        one_of("language", Language, "language_known"),
        # Addresses are kept lower-case, so the unique key is case-insensitive.
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("email LIKE '%_@_%'", name="email_shape"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(default="", max_length=200)
    role: Role = Field(sa_type=String(20))
    language: Language = Field(default=Language.pl, sa_type=String(2))
    is_active: bool = True
    password_hash: Optional[str] = Field(default=None, max_length=200)
    # Raised on logout, password change and deactivation: every older session ends.
    session_version: int = 1
    created_at: datetime = timestamp_field()
    last_login_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    mail_bounced_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    anonymised_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    participants: list["Participant"] = Relationship(link_model=UserParticipant)

    # Flask-Login: the session holds "id:session_version", so raising the version ends it.
    @property
    def is_authenticated(self):
        return True

    @property
    def is_anonymous(self):
        return False

    def get_id(self):
        return f"{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.email} {self.role}>"


class ApiToken(SQLModel, table=True):
    """A personal API token; only its hash is kept."""

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=100)
    token_hash: str = Field(max_length=128, unique=True)
    created_at: datetime = timestamp_field()
    last_used_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    revoked_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    def __repr__(self):
        return f"<ApiToken {self.id} user={self.user_id}>"


class OneTimeToken(SQLModel, table=True):
    """The nonce behind a single-use link (invitation, password reset)."""

    __table_args__ = (
        CheckConstraint("purpose IN ('invitation', 'password_reset')", name="purpose_known"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    nonce: str = Field(max_length=64, unique=True)
    purpose: str = Field(max_length=20)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = timestamp_field()
    expires_at: datetime = timestamp_field(default_now=False)
    used_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    def __repr__(self):
        return f"<OneTimeToken {self.purpose} user={self.user_id}>"


class LoginAttempt(SQLModel, table=True):
    """A failed login, kept in the database so that every worker throttles alike."""

    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    address: str = Field(max_length=64, index=True)
    at: datetime = timestamp_field(index=True)

    def __repr__(self):
        return f"<LoginAttempt {self.email} from {self.address}>"


class CalendarFeed(SQLModel, table=True):
    """A user's private iCalendar feed (revocable by replacing the key)."""

    __table_args__ = (UniqueConstraint("user_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    key_hash: str = Field(max_length=128, unique=True)
    created_at: datetime = timestamp_field()

    def __repr__(self):
        return f"<CalendarFeed user={self.user_id}>"
