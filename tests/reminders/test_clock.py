"""The programme calendar: working days in Poland (weekends, public holidays, movable feasts), days and moments."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from alumni.clock import Calendar, is_working_day, next_working_day

WARSAW = ZoneInfo("Europe/Warsaw")
CALENDAR = Calendar("Europe/Warsaw", 9)


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
    assert CALENDAR.send_time(date(2026, 4, 4)) == datetime(2026, 4, 7, 9, tzinfo=WARSAW)  # Easter weekend


def test_sending_time_starts_at_the_send_hour_on_working_days_only():
    monday = date(2026, 11, 23)
    assert not CALENDAR.is_sending_time(datetime.combine(monday, time(8, 59), WARSAW))
    assert CALENDAR.is_sending_time(datetime.combine(monday, time(9, 0), WARSAW))
    assert CALENDAR.is_sending_time(datetime.combine(monday, time(22, 0), WARSAW))
    assert not CALENDAR.is_sending_time(datetime.combine(date(2026, 11, 22), time(10), WARSAW))


def test_as_of_a_date_means_the_end_of_that_local_day_and_jobs_mean_its_send_hour():
    day = date(2026, 3, 29)  # the night summer time begins
    assert CALENDAR.end_of_day(day) == datetime(2026, 3, 29, 23, 59, 59, 999999, tzinfo=WARSAW)
    assert CALENDAR.start_of_day(day + timedelta(days=1)) - CALENDAR.end_of_day(day) == timedelta(microseconds=1)
    assert CALENDAR.send_moment(day) == datetime(2026, 3, 29, 9, tzinfo=WARSAW)
    assert CALENDAR.local_date(datetime(2026, 3, 29, 22, 30, tzinfo=timezone.utc)) == date(2026, 3, 30)


def test_a_requested_day_is_its_end_when_past_and_now_otherwise():
    now = datetime(2026, 12, 2, 10, tzinfo=timezone.utc)
    assert CALENDAR.requested_moment("2026-11-30", now) == CALENDAR.end_of_day(date(2026, 11, 30))
    for text in ("2026-12-02", "2027-01-01", "nonsense", "", None, "0001-01-01"):
        assert CALENDAR.requested_moment(text, now) == now


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        CALENDAR.local_date(datetime(2026, 12, 2, 10))
