"""Every table; importing this package registers them all on ``SQLModel.metadata``."""

from sqlmodel import SQLModel

from .base import (
    ActionStatus,
    BarrierCategory,
    Language,
    LifeStatus,
    LineageKind,
    OutboxChannel,
    OutboxStatus,
    ParticipantKind,
    ReportState,
    Role,
    Voivodeship,
    utcnow,
)
from .programme import Edition, Membership, Network, Participant
from .people import ApiToken, CalendarFeed, LoginAttempt, OneTimeToken, User, UserParticipant
from .mid import Action, Mid, Milestone, MidStatusCount, MidStatusRecord
from .reporting import (
    DeadlineExtension,
    Report,
    ReportActionUpdate,
    ReportBarrier,
    ReportFunding,
    ReportingRound,
)
from .workshop import Workshop
from .indicators import Indicator, IndicatorCount, IndicatorDirection, IndicatorValue
from .outbox import OutboxMessage
from .audit import AuditEvent
from .operations import JobOutcome, JobRun, SchedulerHeartbeat
from .settings import Setting

metadata = SQLModel.metadata

__all__ = [
    "Action", "ActionStatus", "ApiToken", "AuditEvent", "BarrierCategory", "CalendarFeed",
    "DeadlineExtension", "Edition", "Indicator", "IndicatorCount", "IndicatorDirection", "IndicatorValue", "JobOutcome", "JobRun", "Language", "LifeStatus", "LineageKind", "LoginAttempt",
    "Membership", "Mid", "MidStatusCount", "MidStatusRecord", "Milestone", "Network", "OneTimeToken",
    "OutboxChannel", "OutboxMessage", "OutboxStatus", "Participant", "ParticipantKind",
    "Report", "ReportActionUpdate", "ReportBarrier", "ReportFunding", "ReportState",
    "ReportingRound", "Role", "SchedulerHeartbeat", "Setting", "User", "UserParticipant", "Voivodeship", "Workshop",
    "metadata", "utcnow",
]
