"""A MID's indicators (name, unit, direction, baseline, target) and their values by year."""

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, Column, ForeignKeyConstraint, Integer, Numeric, String, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from .base import one_of, timestamp_field, utcnow
from .lengths import max_length

_indicator_version = Column("version", Integer, nullable=False, default=1)
_value_version = Column("version", Integer, nullable=False, default=1)

# Up to a trillion, four decimals: any plausible measure of a city (m³, t CO₂, zł, people).
NUMBER = Numeric(18, 4)


class IndicatorDirection(enum.StrEnum):
    increase = "increase"   # more is better
    decrease = "decrease"   # less is better


class Indicator(SQLModel, table=True):
    __table_args__ = (
        one_of("direction", IndicatorDirection, "direction_known"),
        CheckConstraint("(baseline_value IS NULL) = (baseline_year IS NULL)", name="baseline_whole"),
        CheckConstraint("(target_value IS NULL) = (target_year IS NULL)", name="target_whole"),
        CheckConstraint("baseline_year IS NULL OR target_year IS NULL OR baseline_year <= target_year",
                        name="years_ordered"),
        # An indicator of an action belongs to that action's MID.
        ForeignKeyConstraint(["action_id", "mid_id"], ["action.id", "action.mid_id"]),
        UniqueConstraint("id", "mid_id"),
    )
    __mapper_args__ = {"version_id_col": _indicator_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    mid_id: int = Field(foreign_key="mid.id", index=True)
    action_id: Optional[int] = Field(default=None, index=True)
    position: int = 0
    name: str = Field(max_length=max_length("indicator.name"))
    unit: str = Field(max_length=max_length("indicator.unit"))
    direction: IndicatorDirection = Field(default=IndicatorDirection.increase, sa_type=String(20))
    baseline_value: Optional[Decimal] = Field(default=None, sa_type=NUMBER)
    baseline_year: Optional[int] = None
    target_value: Optional[Decimal] = Field(default=None, sa_type=NUMBER)
    target_year: Optional[int] = None
    source: str = Field(default="", sa_type=Text)
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_indicator_version)

    # Not "values": SQLModel's model_validate would read a dict's .values() method for it (the import builds rows so).
    recorded_values: list["IndicatorValue"] = Relationship(
        back_populates="indicator", sa_relationship_kwargs={
            "order_by": "IndicatorValue.year",
            "primaryjoin": "Indicator.id == foreign(IndicatorValue.indicator_id)", "viewonly": True})

    def __repr__(self):
        return f"<Indicator {self.id} {self.name[:40]!r}>"


class IndicatorValue(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("indicator_id", "year"),
        # A value of an indicator carries that indicator's MID (the audit trail and set-based reads use it).
        ForeignKeyConstraint(["indicator_id", "mid_id"], ["indicator.id", "indicator.mid_id"]),
    )
    __mapper_args__ = {"version_id_col": _value_version}

    id: Optional[int] = Field(default=None, primary_key=True)
    indicator_id: int  # indexed by the unique (indicator_id, year)
    mid_id: int = Field(foreign_key="mid.id", index=True)
    year: int
    measured_on: Optional[date] = None
    value: Decimal = Field(sa_type=NUMBER)
    comment: str = Field(default="", max_length=max_length("indicatorvalue.comment"))
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field(sa_column_kwargs={"onupdate": utcnow})
    version: int = Field(default=1, sa_column=_value_version)

    indicator: Indicator = Relationship(
        back_populates="recorded_values",
        sa_relationship_kwargs={"primaryjoin": "Indicator.id == foreign(IndicatorValue.indicator_id)",
                                "viewonly": True})

    def __repr__(self):
        return f"<IndicatorValue {self.indicator_id} {self.year} {self.value}>"


class IndicatorCount(SQLModel, table=True):
    """How many indicators of a network are in each progress on a day, zeros too: kept for the day
    (``indicators.kept``) when data arrives, every night and with every change of an indicator, its
    values or a MID's network, so the dashboard reads its "indicators on track" instead of counting."""

    __table_args__ = (
        CheckConstraint("progress IN ('achieved', 'on_track', 'behind', 'no_data')", name="progress_known"),
    )

    counted_on: date = Field(primary_key=True)
    network_id: int = Field(foreign_key="network.id", primary_key=True)
    progress: str = Field(sa_type=String(20), primary_key=True)
    indicators: int

    def __repr__(self):
        return f"<IndicatorCount {self.counted_on} {self.network_id} {self.progress} {self.indicators}>"
