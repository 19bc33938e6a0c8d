"""Reporting rounds: editing, closing, and the next round created on the cadence."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni.db import session_scope
from alumni.models import ReportingRound
from alumni.rounds import RoundError, add_months, close_round, round_name, update_round
from jobs import rounds as rounds_job

WARSAW = ZoneInfo("Europe/Warsaw")


def rounds(session):
    session.rollback()  # end the snapshot and forget what was loaded: see what the job committed
    session.expire_all()
    return [(r.name, r.opens_on, r.due_on, r.closes_on)
            for r in session.exec(select(ReportingRound).order_by(ReportingRound.opens_on))]


def test_adding_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(date(2026, 11, 2), 6) == date(2027, 5, 2)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 15), 1) == date(2028, 1, 15)


def test_round_names_follow_the_cadence():
    assert round_name(date(2027, 5, 2), 6) == "2027 H1" and round_name(date(2027, 11, 2), 6) == "2027 H2"
    assert round_name(date(2027, 8, 1), 3) == "2027 Q3" and round_name(date(2027, 5, 2), 12) == "2027"
    assert round_name(date(2027, 5, 2), 4) == "2027-05"


def test_the_next_half_year_round_is_created_once_the_latest_has_opened(app, session, create_round):
    create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), closes_on=date(2027, 1, 29))
    before = rounds_job.run(app, datetime(2026, 11, 1, 3, tzinfo=WARSAW))
    assert "no round to create" in before and len(rounds(session)) == 1
    dry = rounds_job.run(app, datetime(2026, 11, 22, 3, tzinfo=WARSAW), dry_run=True)
    assert dry == "rounds: would create 2027 H1: opens 2027-05-02, due 2027-06-14, closes 2027-07-29"
    assert len(rounds(session)) == 1
    rounds_job.run(app, datetime(2026, 11, 22, 3, tzinfo=WARSAW))
    rounds_job.run(app, datetime(2026, 11, 23, 3, tzinfo=WARSAW))
    assert rounds(session)[1:] == [("2027 H1", date(2027, 5, 2), date(2027, 6, 14), date(2027, 7, 29))]


def test_no_round_is_created_when_the_cadence_is_off(app, session, create_round):
    app.config["ROUND_CADENCE_MONTHS"] = 0
    create_round()
    assert "no round to create" in rounds_job.run(app, datetime(2026, 11, 22, 3, tzinfo=WARSAW))
    assert len(rounds(session)) == 1


def test_closing_a_round_ends_it_today(app, session, create_round):
    create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), closes_on=date(2027, 1, 29))
    with session_scope(app) as work:
        close_round(work, work.exec(select(ReportingRound)).one(), date(2026, 11, 25))
    assert rounds(session) == [("2026 H2", date(2026, 11, 2), date(2026, 11, 25), date(2026, 11, 25))]
    with pytest.raises(RoundError), session_scope(app) as work:
        close_round(work, work.exec(select(ReportingRound)).one(), date(2026, 11, 26))


def test_editing_a_round_checks_its_dates_and_name(app, session, create_round):
    create_round(name="2026 H1")
    create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), closes_on=date(2027, 1, 29))
    with session_scope(app) as work:
        second = work.exec(select(ReportingRound).where(ReportingRound.name == "2026 H2")).one()
        with pytest.raises(RoundError):
            update_round(work, second, "2026 H1", second.opens_on, second.due_on, second.closes_on)
        with pytest.raises(RoundError):
            update_round(work, second, "2026 H2", date(2026, 11, 2), date(2027, 2, 1), date(2027, 1, 29))
        update_round(work, second, " 2026 jesień ", date(2026, 11, 2), date(2026, 12, 21), date(2027, 1, 29))
    assert rounds(session)[1] == ("2026 jesień", date(2026, 11, 2), date(2026, 12, 21), date(2027, 1, 29))
