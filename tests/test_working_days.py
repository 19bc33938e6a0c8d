"""Working days in Poland: weekends and public holidays, movable feasts included."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from alumni.working_days import is_sending_time, is_working_day, next_working_day, send_time

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.mark.parametrize("day", [
    date(2026, 4, 6),    # Easter Monday (movable)
    date(2026, 6, 4),    # Corpus Christi (movable)
    date(2025, 12, 24),  # Christmas Eve, a public holiday since 2025
    date(2026, 11, 11),  # Independence Day
    date(2026, 11, 7),   # a Saturday
    date(2026, 11, 8),   # a Sunday
])
def test_holidays_and_weekends_are_not_working_days(day):
    assert not is_working_day(day)


def test_christmas_eve_was_a_working_day_before_2025():
    assert is_working_day(date(2024, 12, 24))


def test_an_ordinary_weekday_is_a_working_day():
    assert is_working_day(date(2026, 11, 23)) and next_working_day(date(2026, 11, 23)) == date(2026, 11, 23)


def test_christmas_and_the_weekend_after_it_move_to_monday():
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 28)


def test_send_time_is_the_send_hour_of_the_next_working_day_in_warsaw():
    assert send_time(date(2026, 4, 4), 9) == datetime(2026, 4, 7, 9, tzinfo=WARSAW)  # Easter weekend


def test_sending_time_starts_at_the_send_hour_on_working_days_only():
    monday = date(2026, 11, 23)
    assert not is_sending_time(datetime.combine(monday, time(8, 59), WARSAW), 9)
    assert is_sending_time(datetime.combine(monday, time(9, 0), WARSAW), 9)
    assert is_sending_time(datetime.combine(monday, time(22, 0), WARSAW), 9)
    assert not is_sending_time(datetime.combine(date(2026, 11, 22), time(10), WARSAW), 9)
