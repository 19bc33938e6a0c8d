"""The on-track rule counted in the database: many indicators judged and counted in one statement.

``progress.progress_of`` is the rule; this is its twin in SQL, for counting thousands of
indicators without reading each one. It asks the same questions in the same order, on the
values as stored. The one comparison that needs arithmetic (on track or behind: the way made
against the share of the time elapsed) is made in floating point, which is not exact, so any
indicator within a hair of the line (or exactly on it) is left *unsure* here and judged by
``progress_of`` itself: the counts are those of the rule, whatever the database.
"""

from collections import Counter
from typing import NamedTuple

from sqlalchemy import Float, and_, case, cast, func, literal, or_
from sqlmodel import select

from ..models import Indicator, IndicatorDirection, IndicatorValue, Mid
from .progress import Counts, Progress, progress_of

UNSURE = "unsure"
_MARGIN = 1_000_000_000  # "within a hair": closer than a billionth (of the share of the way made, or of 1)


def _day_number(year):
    """31 December of ``year`` as ``date.toordinal`` numbers it, in SQL (whole-number arithmetic)."""
    return 365 * year + year // 4 - year // 100 + year // 400


def progress_expression(today, latest):
    """A CASE giving ``progress_of``'s answer (a ``Progress`` value, or ``UNSURE``) for each indicator,
    with ``latest`` its latest recorded value (NULL if none), on ``today``."""
    baseline, target = Indicator.baseline_value, Indicator.target_value
    today_number = literal(today.toordinal())
    start, end = _day_number(Indicator.baseline_year), _day_number(Indicator.target_year)
    # On track: the share of the way made, (latest - baseline) / (target - baseline), at least the
    # share of the time elapsed (``elapsed_share``: 0 before the way starts). In floating point:
    # fast on both databases, and what lies within a hair of the line is unsure anyway.
    made = (cast(latest, Float) - cast(baseline, Float)) / (cast(target, Float) - cast(baseline, Float))
    elapsed = case((today_number <= start, 0.0), else_=cast(today_number - start, Float) / cast(end - start, Float))
    hair = (func.abs(made) + 1) / _MARGIN
    increase = Indicator.direction == IndicatorDirection.increase.value
    return case(
        (or_(target.is_(None), latest.is_(None)), Progress.no_data.value),
        (or_(and_(increase, latest >= target), and_(~increase, latest <= target)), Progress.achieved.value),
        (baseline.is_(None), Progress.no_data.value),
        (or_(target == baseline, today_number >= end), Progress.behind.value),
        (made - elapsed > hair, Progress.on_track.value),
        (made - elapsed < -hair, Progress.behind.value),
        else_=UNSURE,
    )


class _OnTheLine(NamedTuple):
    direction: str
    baseline_value: object
    baseline_year: int
    target_value: object
    target_year: int


def counted_by_network(session, today, where=()):
    """{network_id: Counts} of the indicators of the MIDs ``where`` selects, judged on ``today``: one
    statement, which also gives each indicator on the line apart, to be judged by ``progress_of``."""
    latest = _latest_values(where)
    progress = progress_expression(today, latest.c.latest_value)
    on_the_line = case((progress == UNSURE, Indicator.id))
    # Each group on the line holds one indicator: its values are their own maximum.
    rows = session.exec(select(latest.c.network_id, progress, func.count(), on_the_line,
                               func.max(latest.c.latest_value), func.max(Indicator.direction),
                               func.max(Indicator.baseline_value), func.max(Indicator.baseline_year),
                               func.max(Indicator.target_value), func.max(Indicator.target_year))
                        .join(latest, latest.c.id == Indicator.id)
                        .group_by(latest.c.network_id, progress, on_the_line)).all()
    counts = Counter()
    for network_id, judged, n, unsure, latest_value, *indicator in rows:
        if unsure is not None:
            judged = progress_of(_OnTheLine(*indicator), latest_value, today).value
        counts[network_id, judged] += n
    result = {}
    for (network_id, judged), n in counts.items():
        if n:
            setattr(result.setdefault(network_id, Counts()), judged, n)
    return result


def _latest_values(where):
    """Each indicator's network and latest recorded value, worked out once (the rule names the value
    often): one probe per indicator on the (indicator, year) index."""
    latest = (select(IndicatorValue.value).where(IndicatorValue.indicator_id == Indicator.id)
              .order_by(IndicatorValue.year.desc()).limit(1).scalar_subquery())
    return (select(Indicator.id, Mid.network_id.label("network_id"), latest.label("latest_value"))
            .join(Mid, Mid.id == Indicator.mid_id).where(*where)
            .cte("latest_values").prefix_with("MATERIALIZED"))
