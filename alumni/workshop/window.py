"""The span a workshop year covers and the moment its picture is taken.

A workshop year Y runs from the day after Y−1's cutoff to Y's cutoff day. The cutoff day
is the day before Y's workshop starts when one is planned, else 31 December. The picture
is taken at the end of the cutoff day, or at the clock if that is still ahead. Spans of
consecutive years touch without a gap or an overlap, so "since last year's workshop" and
"in Y" are the same thing.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from ..models import Workshop


class WindowError(ValueError):
    """A year whose picture cannot be taken, with a message for the person."""


@dataclass(frozen=True)
class Window:
    year: int
    first_day: date      # local calendar day the span starts on
    last_day: date       # local calendar day the picture is taken on
    starts_at: datetime  # aware: the start of ``first_day``
    as_of: datetime      # aware: the moment of the picture (inclusive)
    complete: bool       # whether the cutoff has been reached (False: a picture so far)

    def holds(self, moment):
        """Whether an aware datetime falls inside the span."""
        return self.starts_at <= moment <= self.as_of


def workshops_by_year(session, years):
    """{year: Workshop} for the years that have one."""
    rows = session.exec(select(Workshop).where(Workshop.year.in_(list(years))))
    return {workshop.year: workshop for workshop in rows}


def _boundary(year, workshops, zone):
    """The first instant after year ``year``'s span."""
    workshop = workshops.get(year)
    day = workshop.starts_on if workshop else date(year + 1, 1, 1)
    return datetime.combine(day, time(0), tzinfo=zone)


def window_for(session, year, clock, timezone="Europe/Warsaw"):
    """Year ``year``'s window as the clock (aware) reads; refuse a year not yet begun."""
    if clock.tzinfo is None:
        raise ValueError("clock must be timezone-aware")
    zone = ZoneInfo(timezone)
    workshops = workshops_by_year(session, (year - 1, year))
    starts_at = _boundary(year - 1, workshops, zone)
    ends_at = _boundary(year, workshops, zone) - timedelta(microseconds=1)
    if clock < starts_at:
        raise WindowError(f"The workshop year {year} has not begun: it starts on {starts_at.date():%Y-%m-%d}.")
    as_of = min(ends_at, clock.astimezone(zone))
    return Window(
        year=year,
        first_day=starts_at.date(),
        last_day=as_of.date(),
        starts_at=starts_at,
        as_of=as_of,
        complete=as_of == ends_at,
    )


def years_begun(session, clock, first_year, timezone="Europe/Warsaw"):
    """The workshop years whose span has begun by ``clock``, the latest first."""
    latest = clock.astimezone(ZoneInfo(timezone)).year
    try:
        window_for(session, latest + 1, clock, timezone)
        latest += 1
    except WindowError:
        pass
    return list(range(latest, first_year - 1, -1))
