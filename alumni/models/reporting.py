"""Reporting rounds and the reports MIDs give in them."""

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import String, CheckConstraint, Column, Integer, Numeric, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from .base import ActionStatus, BarrierCategory, ReportState, one_of, timestamp_field, utcnow
from .lengths import max_length

_report_version = Column("version", Integer, nullable=False, default=1)


class ReportingRound(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("opens_on <= due_on AND due_on <= closes_on", name="dates_ordered"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True)  # "2027 H1"
    # Calendar days in Europe/Warsaw.
    opens_on: date
    due_on: date
    closes_on: date
    created_at: datetime = timestamp_field()

    reports: list["Report"] = Relationship(back_populates="round")

    def __repr__(self):
        return f"<ReportingRound {self.name!r}>"


class Report(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("mid_id", "round_id"),
        one_of("state", ReportState, "state_known"),
        CheckConstraint("state = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )
    __mapper_args__ = {"version_id_col": _report_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    mid_id: int = Field(foreign_key="mid.id", index=True)
    round_id: int = Field(foreign_key="reportinground.id", index=True)
    # Indexed: the ministry's menu counts the reports waiting for review on every page.
    state: ReportState = Field(default=ReportState.draft, sa_type=String(20), index=True)
    achievements: str = Field(default="", sa_type=Text)
    barriers_text: str = Field(default="", sa_type=Text)
    support_needed: str = Field(default="", sa_type=Text)
    good_practice: str = Field(default="", sa_type=Text)
    next_steps: str = Field(default="", sa_type=Text)
    submitted_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    # The first submission, kept when the report is returned and submitted again: "on time" reads it.
    first_submitted_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    submitted_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    review_comment: str = Field(default="", sa_type=Text)
    reviewed_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    reviewed_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_report_version)

    round: ReportingRound = Relationship(back_populates="reports")
    action_updates: list["ReportActionUpdate"] = Relationship(back_populates="report")
    barriers: list["ReportBarrier"] = Relationship(back_populates="report")
    funding: list["ReportFunding"] = Relationship(back_populates="report")

    def __repr__(self):
        return f"<Report mid={self.mid_id} round={self.round_id} {self.state}>"


class ReportActionUpdate(SQLModel, table=True):
    """What a report says of one action: its status, progress and a comment."""

    __table_args__ = (
        UniqueConstraint("report_id", "action_id"),
        one_of("status", ActionStatus, "status_known"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint("status <> 'done' OR progress = 100", name="done_is_complete"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    status: ActionStatus = Field(sa_type=String(20))
    progress: int
    comment: str = Field(default="", sa_type=Text)

    report: Report = Relationship(back_populates="action_updates")

    def __repr__(self):
        return f"<ReportActionUpdate report={self.report_id} action={self.action_id}>"


class ReportBarrier(SQLModel, table=True):
    """One barrier category a report names (several allowed)."""

    __table_args__ = (
        UniqueConstraint("report_id", "category"),
        one_of("category", BarrierCategory, "category_known"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    category: BarrierCategory = Field(sa_type=String(30))

    report: Report = Relationship(back_populates="barriers")

    def __repr__(self):
        return f"<ReportBarrier {self.report_id} {self.category}>"


class ReportFunding(SQLModel, table=True):
    """Funding a report says the MID obtained: an amount in PLN and its source."""

    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="report.id", index=True)
    amount: Decimal = Field(sa_type=Numeric(14, 2))
    source: str = Field(max_length=max_length("reportfunding.source"))

    report: Report = Relationship(back_populates="funding")

    def __repr__(self):
        return f"<ReportFunding {self.amount} PLN {self.source!r}>"


class DeadlineExtension(SQLModel, table=True):
    """A city's request for more time in one round, and the ministry's answer."""

    __table_args__ = (
        UniqueConstraint("mid_id", "round_id"),
        CheckConstraint("granted_until IS NULL OR decided_at IS NOT NULL", name="grant_is_decided"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    mid_id: int = Field(foreign_key="mid.id", index=True)
    round_id: int = Field(foreign_key="reportinground.id", index=True)
    requested_until: date
    reason: str = Field(default="", sa_type=Text)
    requested_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    requested_at: datetime = timestamp_field()
    granted_until: Optional[date] = None
    decided_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    decided_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    # Why the ministry refused, or what it said with a grant.
    decision_comment: str = Field(default="", sa_type=Text)

    def __repr__(self):
        return f"<DeadlineExtension mid={self.mid_id} round={self.round_id}>"
