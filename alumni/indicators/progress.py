"""Whether an indicator is on track: the one rule, for one indicator and for many MIDs at once.

From the baseline (value, year), the target (value, year) and the latest recorded value:

- **no data**: no target, or no value recorded yet (the baseline is not a measurement of progress);
- **achieved**: the latest value meets the target (at or above it when more is better, at or
  below it when less is better), whenever it was recorded;
- **no data** as well when there is no baseline and the target is not met: the way cannot be measured;
- **on track**: the latest value has come at least the share of the way from the baseline to the
  target that the time elapsed implies; the way runs from the end of the baseline year to the end
  of the target year, and "elapsed" is counted to ``as_of`` (the programme's calendar day);
- **behind**: otherwise (a target year already passed without the target met is always behind).

``progress_of`` judges one indicator; ``indicator_progress`` reads and judges every indicator of
the MIDs asked for in one statement, whatever their number, for the MID page, the dashboard,
the API and the exports alike.
"""

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import select

from ..models import Indicator, IndicatorDirection, IndicatorValue, Mid


class Progress(enum.StrEnum):
    achieved = "achieved"
    on_track = "on_track"
    behind = "behind"
    no_data = "no_data"


PROGRESS_LABEL = {
    Progress.achieved: _l("achieved"),
    Progress.on_track: _l("on track"),
    Progress.behind: _l("behind"),
    Progress.no_data: _l("no data"),
}


@lru_cache(maxsize=1024)
def elapsed_share(baseline_year, target_year, today):
    """The share (0–1) of the time from the end of ``baseline_year`` to the end of ``target_year`` gone by ``today``."""
    start, end = date(baseline_year, 12, 31), date(target_year, 12, 31)
    if today >= end:
        return Fraction(1)
    if today <= start:
        return Fraction(0)
    return Fraction((today - start).days, (end - start).days)


def expected_value(indicator, today):
    """The value the on-track band starts at on ``today`` (baseline plus the elapsed share of the way), or None."""
    if None in (indicator.baseline_value, indicator.target_value):
        return None
    share = elapsed_share(indicator.baseline_year, indicator.target_year, today)
    return indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * Decimal(
        share.numerator) / Decimal(share.denominator)


def _met(direction, value, target):
    return value >= target if IndicatorDirection(direction) == IndicatorDirection.increase else value <= target


def progress_of(indicator, latest_value, today):
    """The progress of ``indicator`` (baseline, target, direction) given its latest recorded value on ``today``.

    ``latest_value`` is the value of the latest year recorded, or None when none is.
    """
    if indicator.target_value is None or latest_value is None:
        return Progress.no_data
    if _met(indicator.direction, latest_value, indicator.target_value):
        return Progress.achieved
    if indicator.baseline_value is None:
        return Progress.no_data
    way = indicator.target_value - indicator.baseline_value
    needed = elapsed_share(indicator.baseline_year, indicator.target_year, today)
    if way == 0 or needed >= 1:
        return Progress.behind
    # made / way >= needed, exactly, without dividing: both sides times way and the share's denominator
    # (the comparison turns when the way goes down: less is better).
    made = (latest_value - indicator.baseline_value) * needed.denominator
    goal = way * needed.numerator
    return Progress.on_track if (made >= goal if way > 0 else made <= goal) else Progress.behind


def latest(values):
    """The value of the latest year among ``values`` (IndicatorValue rows), or None."""
    return max(values, key=lambda row: row.year).value if values else None


@dataclass
class Counts:
    """A set of indicators' progress, counted."""

    achieved: int = 0
    on_track: int = 0
    behind: int = 0
    no_data: int = 0

    @property
    def total(self):
        return self.achieved + self.on_track + self.behind + self.no_data

    @property
    def on_course(self):
        """Achieved or on track: the count the dashboard calls "on track"."""
        return self.achieved + self.on_track

    def add(self, progress):
        setattr(self, Progress(progress).value, getattr(self, Progress(progress).value) + 1)

    def __add__(self, other):
        return Counts(self.achieved + other.achieved, self.on_track + other.on_track,
                      self.behind + other.behind, self.no_data + other.no_data)

    def as_dict(self):
        return {"achieved": self.achieved, "on_track": self.on_track, "behind": self.behind,
                "no_data": self.no_data, "total": self.total}


@dataclass
class Judged:
    """One indicator with its latest value and its progress."""

    indicator: object  # the indicator's columns (a row; ``Indicator`` where one is at hand)
    latest_year: int | None
    latest_value: object
    progress: Progress


@dataclass
class MidIndicators:
    """The indicators of many MIDs, judged as of one day."""

    by_mid: dict = field(default_factory=dict)   # mid_id -> [Judged], in the MID's order
    network_of: dict = field(default_factory=dict)  # mid_id -> network_id

    def counts(self, mid_id):
        counts = Counts()
        for judged in self.by_mid.get(mid_id, []):
            counts.add(judged.progress)
        return counts

    def total(self, mid_ids=None):
        counts = Counts()
        for mid_id, rows in self.by_mid.items():
            if mid_ids is None or mid_id in mid_ids:
                for judged in rows:
                    counts.add(judged.progress)
        return counts


def indicator_progress(session, today, where=(), mid_ids=None, until_year=None):
    """Every indicator of the MIDs selected (``where``: conditions on ``Mid``; or ``mid_ids``), judged on ``today``.

    ``until_year``: only the values of that year and before count (a past year's picture).
    One statement: each indicator with its latest value (one row per indicator).
    """
    # The latest year of each indicator, read on the unique index (indicator_id, year): one probe per
    # indicator (a grouped subquery joined back made SQLite compare every value with every group).
    earlier = aliased(IndicatorValue)
    last_year = select(func.max(earlier.year)).where(earlier.indicator_id == Indicator.id)
    if until_year is not None:
        last_year = last_year.where(earlier.year <= until_year)
    latest = aliased(IndicatorValue)
    # Plain rows, not ORM objects (thousands of them): ``Judged.indicator`` reads the same attributes.
    columns = (Indicator.id, Indicator.mid_id, Indicator.action_id, Indicator.position, Indicator.name, Indicator.unit,
               Indicator.direction, Indicator.baseline_value, Indicator.baseline_year, Indicator.target_value,
               Indicator.target_year, Indicator.source)
    query = (select(*columns, Mid.network_id, latest.year.label("latest_year"),
                    latest.value.label("latest_value"))
             .join(Mid, Mid.id == Indicator.mid_id)
             .outerjoin(latest, (latest.indicator_id == Indicator.id)
                        & (latest.year == last_year.scalar_subquery()))
             .where(*where))
    if mid_ids is not None:
        query = query.where(Indicator.mid_id.in_(list(mid_ids)))
    rows = session.exec(query.order_by(Indicator.mid_id, Indicator.position, Indicator.id)).all()
    result = MidIndicators()
    for indicator in rows:
        year, value = indicator.latest_year, indicator.latest_value
        result.network_of[indicator.mid_id] = indicator.network_id
        result.by_mid.setdefault(indicator.mid_id, []).append(
            Judged(indicator, year, value, progress_of(indicator, value, today)))
    return result

