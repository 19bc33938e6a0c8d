"""Working days in Poland: no weekends, no public holidays (movable feasts included)."""

from datetime import datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


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


def send_time(day, send_hour, timezone="Europe/Warsaw"):
    """When a message meant for ``day`` goes out: the send hour of the next working day (aware)."""
    return datetime.combine(next_working_day(day), time(send_hour), tzinfo=ZoneInfo(timezone))


def is_sending_time(as_of, send_hour, timezone="Europe/Warsaw"):
    """Whether messages may go out at ``as_of``: a working day, at or after the send hour."""
    local = as_of.astimezone(ZoneInfo(timezone))
    return is_working_day(local.date()) and local.hour >= send_hour


def local_today(timezone="Europe/Warsaw", now=None):
    """The programme's calendar day at ``now`` (aware), by default at this moment."""
    return (now or datetime.now(ZoneInfo(timezone))).astimezone(ZoneInfo(timezone)).date()
