"""The programme's calendar: its time zone, local days, working days and the send hour.

One name, ``as_of``, is the moment a computation is for; domain code receives it and never
reads the wall clock. The wall clock is read here only: ``utcnow`` for a stored timestamp
and ``request_now`` for a request, which takes it once so that a page shows one moment.

"As of a DATE" means the end of that local day (pages, exports, the API); only the jobs'
``--as-of DATE`` means that day's send hour (``Calendar.send_moment``).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone as dt_timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_TIMEZONE = "Europe/Warsaw"
DEFAULT_SEND_HOUR = 9


def utcnow():
    """The wall clock, in UTC: for timestamps stored as facts happen."""
    return datetime.now(dt_timezone.utc)


def request_now():
    """The moment of the current request (read once per request, then the same for all of it)."""
    from flask import g, has_request_context

    if not has_request_context():
        return utcnow()
    if "now" not in g:
        g.now = utcnow()
    return g.now


@lru_cache(maxsize=32)
def _polish_holidays(year):
    # The library follows the statutes: Easter Monday, Corpus Christi, and Christmas Eve from 2025.
    return holidays.country_holidays("PL", years=year)


def is_public_holiday(day):
    """Whether ``day`` is a Polish public holiday."""
    return day in _polish_holidays(day.year)


def is_working_day(day):
    """Whether ``day`` is a working day in Poland (Monday to Friday, not a public holiday)."""
    return day.weekday() < 5 and not is_public_holiday(day)


def next_working_day(day):
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class Calendar:
    """Where the programme lives (``ALUMNI_TIMEZONE``) and when its messages go out (``ALUMNI_SEND_HOUR``)."""

    timezone: str = DEFAULT_TIMEZONE
    send_hour: int = DEFAULT_SEND_HOUR

    @classmethod
    def from_app(cls, app):
        return cls(app.config["TIMEZONE"], app.config["SEND_HOUR"])

    @property
    def zone(self):
        return ZoneInfo(self.timezone)

    def local_date(self, moment):
        """The calendar day ``moment`` falls on where the programme lives."""
        if moment.tzinfo is None:
            raise ValueError("as_of must be timezone-aware")
        return moment.astimezone(self.zone).date()

    def start_of_day(self, day):
        """The first instant of ``day`` (aware)."""
        return datetime.combine(day, time(0), tzinfo=self.zone)

    def end_of_day(self, day):
        """The last instant of ``day`` (aware, inclusive): what "as of a DATE" means."""
        return self.start_of_day(day + timedelta(days=1)) - timedelta(microseconds=1)

    def send_moment(self, day):
        """``day`` at the send hour: what a job's ``--as-of DATE`` means."""
        return datetime.combine(day, time(self.send_hour), tzinfo=self.zone)

    def send_time(self, day):
        """When a message meant for ``day`` goes out: the send hour of the next working day."""
        return self.send_moment(next_working_day(day))

    def is_sending_time(self, as_of):
        """Whether messages may go out at ``as_of``: a working day, at or after the send hour."""
        local = as_of.astimezone(self.zone)
        return is_working_day(local.date()) and local.hour >= self.send_hour

    def requested_moment(self, text, now):
        """The end of the past day named ``text`` (YYYY-MM-DD), or ``now`` for today, later or nonsense."""
        try:
            day = date.fromisoformat(text or "")
        except ValueError:
            return now
        if day.year < 2000:  # before the programme, and too near the calendar's start to count back from
            return now
        return self.end_of_day(day) if day < self.local_date(now) else now

    def year_bounds(self, year):
        """The first moment of ``year`` and of the next one (aware)."""
        return self.start_of_day(date(year, 1, 1)), self.start_of_day(date(year + 1, 1, 1))
