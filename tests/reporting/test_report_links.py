"""Signed reminder links: one MID's report form in one round, for one person, until the round closes."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

from alumni.report_links import (
    ExpiredReportLink, InvalidReportLink, make_report_link, make_report_token, read_report_token,
)

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def granted(create_round, create_mid, create_user):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    return round_, create_mid(participant="Słupsk"), create_user(password=None)


def test_link_is_built_from_the_base_url_and_names_one_round_mid_and_person(app, granted):
    round_, mid, user = granted
    link = make_report_link(app, round_, mid, user)
    assert link.startswith("http://alumni.example.org/reports/by-link/")
    token = link.rsplit("/", 1)[1]
    read = read_report_token(app, token, datetime(2026, 12, 1, 9, tzinfo=WARSAW))
    assert (read.round_id, read.mid_id, read.user_id) == (round_.id, mid.id, user.id)
    assert read.expires_at == datetime(2027, 1, 30, 0, 0, tzinfo=WARSAW)


def test_link_works_on_the_closing_day_and_stops_at_midnight_in_warsaw(app, granted):
    round_, mid, user = granted
    token = make_report_token(app, round_, mid, user)
    last_moment = datetime.combine(date(2027, 1, 29), time(23, 59, 59), WARSAW)
    assert read_report_token(app, token, last_moment).mid_id == mid.id
    with pytest.raises(ExpiredReportLink, match="2027-01-29"):
        read_report_token(app, token, last_moment + timedelta(seconds=1))


def test_an_altered_token_is_refused(app, granted):
    round_, mid, user = granted
    token = make_report_token(app, round_, mid, user)
    payload, signature = token.split(".")
    forged = URLSafeSerializer("another key", salt="alumni.report-link.v1").dumps([round_.id, mid.id + 1, user.id,
                                                                                    "2027-01-29"])
    for bad in (forged, forged.split(".")[0] + "." + signature, token[:-2], "", "not-a-token"):
        with pytest.raises(InvalidReportLink):
            read_report_token(app, bad, datetime(2026, 12, 1, tzinfo=WARSAW))


def test_other_signed_values_of_the_app_do_not_pass_for_a_link(app, granted):
    round_, mid, user = granted
    # Same key, other purposes: a session cookie, a CSRF token.
    cookie = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="cookie-session").dumps(
        [round_.id, mid.id, user.id, "2027-01-29"])
    csrf = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wtf-csrf-token").dumps("abc")
    for other in (cookie, csrf):
        with pytest.raises(InvalidReportLink):
            read_report_token(app, other, datetime(2026, 12, 1, tzinfo=WARSAW))


def test_reading_a_token_needs_an_aware_time(app, granted):
    with pytest.raises(ValueError):
        read_report_token(app, make_report_token(app, *granted), datetime(2026, 12, 1))
