"""What every table shares: constraint names, UTC timestamps, vocabularies as CHECKs."""

import enum
from datetime import timezone

from sqlalchemy import CheckConstraint, DateTime, types
from sqlmodel import Field, SQLModel

from ..clock import utcnow  # the one reader of the wall clock: timestamps default to it

# Stable constraint names, so that migrations can address them (SQLite batch mode needs them).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(types.TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store UTC-aware datetimes")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def timestamp_field(nullable=False, default_now=True, **kwargs):
    """A ``*_at`` column: UTC-aware, on every backend."""
    if default_now:
        kwargs.setdefault("default_factory", utcnow)
    return Field(sa_type=UTCDateTime(), nullable=nullable, **kwargs)


def one_of(column, vocabulary, name):
    """A CHECK that keeps ``column`` inside an enum's values."""
    values = ", ".join(f"'{member.value}'" for member in vocabulary)
    return CheckConstraint(f"{column} IN ({values})", name=name)


class ParticipantKind(enum.StrEnum):
    city = "city"
    municipality = "municipality"
    mof = "mof"
    association = "association"


class Voivodeship(enum.StrEnum):
    dolnoslaskie = "dolnośląskie"
    kujawsko_pomorskie = "kujawsko-pomorskie"
    lubelskie = "lubelskie"
    lubuskie = "lubuskie"
    lodzkie = "łódzkie"
    malopolskie = "małopolskie"
    mazowieckie = "mazowieckie"
    opolskie = "opolskie"
    podkarpackie = "podkarpackie"
    podlaskie = "podlaskie"
    pomorskie = "pomorskie"
    slaskie = "śląskie"
    swietokrzyskie = "świętokrzyskie"
    warminsko_mazurskie = "warmińsko-mazurskie"
    wielkopolskie = "wielkopolskie"
    zachodniopomorskie = "zachodniopomorskie"


class ActionStatus(enum.StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    done = "done"
    delayed = "delayed"
    suspended = "suspended"
    dropped = "dropped"


class LifeStatus(enum.StrEnum):
    abandoned = "abandoned"
    completed = "completed"
    dormant = "dormant"
    at_risk = "at_risk"
    active = "active"


class ReportState(enum.StrEnum):
    draft = "draft"
    submitted = "submitted"
    returned = "returned"
    accepted = "accepted"


class BarrierCategory(enum.StrEnum):
    financial = "financial"
    legal = "legal"
    staffing = "staffing"
    organisational = "organisational"
    political = "political"
    social = "social"
    technical = "technical"
    public_procurement = "public_procurement"
    other = "other"


class Role(enum.StrEnum):
    admin = "admin"
    ministry = "ministry"
    coordinator = "coordinator"


class Language(enum.StrEnum):
    pl = "pl"
    en = "en"


class OutboxStatus(enum.StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class OutboxChannel(enum.StrEnum):
    email = "email"
    webhook = "webhook"


class LineageKind(enum.StrEnum):
    continues = "continues"
    absorbed = "absorbed"
