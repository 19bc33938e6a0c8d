"""Operations: the runs of the scheduler's jobs and the scheduler's heartbeat."""

import enum
from datetime import datetime
from typing import Optional

from sqlalchemy import String, Text
from sqlmodel import Field, SQLModel

from .base import one_of, timestamp_field


class JobOutcome(enum.StrEnum):
    running = "running"  # started, no end recorded yet (or the process died)
    ok = "ok"
    error = "error"


class JobRun(SQLModel, table=True):
    """One run of a job: when it ran, as of when, how it ended and what it said."""

    __table_args__ = (one_of("outcome", JobOutcome, "outcome_known"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    job: str = Field(max_length=50, index=True)
    as_of: datetime = timestamp_field(default_now=False)
    dry_run: bool = False
    # The process that ran it ("host:pid"), to tell schedulers and CLI runs apart.
    process: str = Field(default="", max_length=200)
    started_at: datetime = timestamp_field(index=True)
    finished_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    outcome: JobOutcome = Field(default=JobOutcome.running, sa_type=String(10), index=True)
    summary: str = Field(default="", sa_type=Text)
    error: str = Field(default="", sa_type=Text)

    def __repr__(self):
        return f"<JobRun {self.job} {self.outcome} as of {self.as_of:%Y-%m-%d %H:%M}>"


class SchedulerHeartbeat(SQLModel, table=True):
    """The last sign of life of one scheduler process, and whether it leads."""

    id: Optional[int] = Field(default=None, primary_key=True)
    process: str = Field(max_length=200, unique=True)
    started_at: datetime = timestamp_field()
    beat_at: datetime = timestamp_field(index=True)
    # Since when this process leads (runs the jobs); None while it waits as a standby.
    leader_since: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)

    def __repr__(self):
        role = "leader" if self.leader_since else "standby"
        return f"<SchedulerHeartbeat {self.process} {role} at {self.beat_at:%Y-%m-%d %H:%M:%S}>"
