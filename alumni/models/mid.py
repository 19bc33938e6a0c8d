"""A MID (Miejska Inicjatywa Działania), its actions and milestones."""

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import (
    String, CheckConstraint, Column, ForeignKeyConstraint, Index, Integer, Numeric, Text, UniqueConstraint, false,
    true,
)
from sqlmodel import Field, Relationship, SQLModel

from .base import ActionStatus, LifeStatus, LineageKind, one_of, timestamp_field, utcnow
from .lengths import max_length

_mid_version = Column("version", Integer, nullable=False, default=1)
_action_version = Column("version", Integer, nullable=False, default=1)
_milestone_version = Column("version", Integer, nullable=False, default=1)


class Mid(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("participant_id", "network_id"),
        one_of("lineage_kind", LineageKind, "lineage_kind_known"),
        CheckConstraint(
            "lineage_kind IS NULL OR successor_mid_id IS NOT NULL OR successor_strategy IS NOT NULL",
            name="lineage_has_target",
        ),
        CheckConstraint("successor_mid_id IS NULL OR successor_mid_id <> id", name="lineage_not_self"),
        CheckConstraint(
            "(abandoned_at IS NULL) = (abandoned_reason IS NULL)", name="abandoned_has_reason"
        ),
        # The few MIDs with a lineage, found without reading every MID (the dashboard's months).
        Index("ix_mid_lineage_kind", "lineage_kind"),
    )
    __mapper_args__ = {"version_id_col": _mid_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True)
    network_id: int = Field(foreign_key="network.id", index=True)
    title: str = Field(max_length=max_length("mid.title"))
    challenge: str = Field(default="", sa_type=Text)
    goals: str = Field(default="", sa_type=Text)
    stakeholders: str = Field(default="", sa_type=Text)
    document_url: Optional[str] = Field(default=None, max_length=max_length("mid.document_url"))
    adopted_on: Optional[date] = None
    abandoned_at: Optional[datetime] = timestamp_field(nullable=True, default_now=False, default=None)
    abandoned_reason: Optional[str] = Field(default=None, sa_type=Text)
    # Lineage: this MID continues, or was absorbed into, another MID or a city strategy.
    lineage_kind: Optional[LineageKind] = Field(default=None, sa_type=String(20))
    successor_mid_id: Optional[int] = Field(default=None, foreign_key="mid.id", index=True)
    successor_strategy: Optional[str] = Field(default=None, max_length=max_length("mid.successor_strategy"))
    illustrative: bool = False
    # The public view (``alumni.public.visibility``): the city agrees to show the MID, the ministry
    # may withhold it all the same, and the city chooses whether the actions' budgets are shown.
    public_consent: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    public_withheld: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    public_budget: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_mid_version)

    participant: "Participant" = Relationship()
    network: "Network" = Relationship()
    actions: list["Action"] = Relationship(
        back_populates="mid", sa_relationship_kwargs={"order_by": "Action.position"}
    )
    milestones: list["Milestone"] = Relationship(
        back_populates="mid", sa_relationship_kwargs={"order_by": "Milestone.due_on"}
    )

    def __repr__(self):
        return f"<Mid {self.id} {self.title[:40]!r}>"


class Action(SQLModel, table=True):
    __table_args__ = (
        one_of("status", ActionStatus, "status_known"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint("status <> 'done' OR progress = 100", name="done_is_complete"),
        CheckConstraint(
            "planned_start IS NULL OR planned_end IS NULL OR planned_start <= planned_end",
            name="planned_dates_ordered",
        ),
        CheckConstraint("estimated_budget IS NULL OR estimated_budget >= 0", name="budget_positive"),
        UniqueConstraint("id", "mid_id"),
        # Whether a MID is completed asks two questions of this index (a done action? an open one?)
        # instead of reading all its actions.
        Index("ix_action_mid_status", "mid_id", "status"),
    )
    __mapper_args__ = {"version_id_col": _action_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    mid_id: int = Field(foreign_key="mid.id", index=True)
    position: int = 0
    title: str = Field(max_length=max_length("action.title"))
    description: str = Field(default="", sa_type=Text)
    # Month precision is enough: stored as the first day of the month.
    planned_start: Optional[date] = None
    planned_end: Optional[date] = None
    responsible_unit: str = Field(default="", max_length=max_length("action.responsible_unit"))
    estimated_budget: Optional[Decimal] = Field(default=None, sa_type=Numeric(14, 2))
    funding_sources: str = Field(default="", max_length=max_length("action.funding_sources"))
    status: ActionStatus = Field(default=ActionStatus.planned, sa_type=String(20))
    progress: int = 0
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_action_version)

    mid: Mid = Relationship(back_populates="actions")
    milestones: list["Milestone"] = Relationship(
        back_populates="action",
        sa_relationship_kwargs={"primaryjoin": "Action.id == foreign(Milestone.action_id)", "viewonly": True},
    )

    def __repr__(self):
        return f"<Action {self.id} {self.status} {self.progress}%>"


class Milestone(SQLModel, table=True):
    __table_args__ = (
        # A milestone of an action belongs to that action's MID.
        ForeignKeyConstraint(["action_id", "mid_id"], ["action.id", "action.mid_id"]),
    )
    __mapper_args__ = {"version_id_col": _milestone_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    # Every milestone belongs to a MID; it may also belong to one of that MID's actions.
    mid_id: int = Field(foreign_key="mid.id", index=True)
    action_id: Optional[int] = Field(default=None, index=True)
    title: str = Field(max_length=max_length("milestone.title"))
    due_on: date
    achieved_on: Optional[date] = None
    evidence: str = Field(default="", max_length=max_length("milestone.evidence"))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_milestone_version)

    mid: Mid = Relationship(back_populates="milestones")
    # Read-only: the composite key (action_id, mid_id) is written through the columns.
    action: Optional[Action] = Relationship(
        back_populates="milestones",
        sa_relationship_kwargs={"primaryjoin": "Action.id == foreign(Milestone.action_id)", "viewonly": True},
    )

    def __repr__(self):
        return f"<Milestone {self.id} due {self.due_on}>"


class MidStatusRecord(SQLModel, table=True):
    """A MID's life status as recorded on one day (history for charts and change events)."""

    __table_args__ = (
        UniqueConstraint("mid_id", "recorded_on"),
        one_of("status", LifeStatus, "status_known"),
        # Covers the dashboard's reads of whole days (status counts, survival), with no table lookups.
        Index("ix_midstatusrecord_day_status_mid", "recorded_on", "status", "mid_id"),
        # Whether a day holds a record kept on the day (survival curves), without reading the day's rows.
        Index("ix_midstatusrecord_day_kept", "recorded_on", "on_the_day"),
        # A MID's statuses on given days (the dashboard narrowed to some MIDs), with no table lookups.
        Index("ix_midstatusrecord_mid_day_status", "mid_id", "recorded_on", "status", "on_the_day"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    mid_id: int = Field(foreign_key="mid.id")
    recorded_on: date = Field(index=True)
    status: LifeStatus = Field(sa_type=String(20))
    # Written by the life-status job on that day; False when filled in later with the rule
    # computed as of that day from later data (``life_status.history.record_missing_days``).
    on_the_day: bool = Field(default=True, sa_column_kwargs={"server_default": true()})

    def __repr__(self):
        return f"<MidStatusRecord {self.mid_id} {self.recorded_on} {self.status}>"


class MidStatusCount(SQLModel, table=True):
    """How many MIDs of a network a day's record holds in each status, apart for the rows written on
    the day: written with the record (``life_status.history.count_days``), so the dashboard's months
    and survival curves are read, not counted. The network is the MID's when counted; a MID's
    network changed later has its days counted again (``life_status.counts``)."""

    __table_args__ = (one_of("status", LifeStatus, "status_known"),)

    recorded_on: date = Field(primary_key=True)
    network_id: int = Field(foreign_key="network.id", primary_key=True)
    status: LifeStatus = Field(sa_type=String(20), primary_key=True)
    on_the_day: bool = Field(primary_key=True)
    mids: int

    def __repr__(self):
        return f"<MidStatusCount {self.recorded_on} {self.network_id} {self.status} {self.on_the_day} {self.mids}>"
