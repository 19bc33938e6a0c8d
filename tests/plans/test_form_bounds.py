"""Sanity bounds on what people type: plausible dates, no achievements in the future, money within reason."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni.models import Action, Milestone, ReportFunding
from alumni.clock import Calendar, utcnow
from tests.pages import csrf
from tests.plans.test_plan import ACTION, slupsk  # noqa: F401  (fixture)
from tests.reporting.test_reports import open_round, report_data  # noqa: F401  (fixture)

OUT_OF_RANGE = "Podaj datę od 1 stycznia 2015 do 31 grudnia 2060."


def post(client, path, **data):
    response = client.post(path, data={"csrf_token": csrf(client, path), **data})
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize("due_on", ["1900-01-01", "9999-12-31"])
def test_implausible_milestone_dates_are_refused_with_the_range_and_the_input_kept(client, slupsk, session,
                                                                                  due_on):
    status, page = post(client, f"/mids/{slupsk.id}/milestones/new", title="Odbiór", due_on=due_on, action_id="")
    assert status == 200 and OUT_OF_RANGE in page and f'value="{due_on}"' in page and 'value="Odbiór"' in page
    assert session.exec(select(Milestone)).all() == []


def test_the_range_ends_are_plausible_dates(client, slupsk, session):
    for due_on in ("2015-01-01", "2060-12-31"):
        assert post(client, f"/mids/{slupsk.id}/milestones/new", title=due_on, due_on=due_on,
                    action_id="")[0] == 302
    assert len(session.exec(select(Milestone)).all()) == 2


def test_an_action_planned_in_another_century_is_refused(client, slupsk, session):
    status, page = post(client, f"/mids/{slupsk.id}/actions/new", **{**ACTION, "planned_end": "9999-12"})
    assert status == 200 and "Podaj miesiąc od stycznia 2015 do grudnia 2060." in page
    assert session.exec(select(Action)).all() == []


def test_an_achievement_dated_in_the_future_is_refused(client, slupsk, create_milestone, session):
    milestone = create_milestone(slupsk)
    path = f"/mids/{slupsk.id}/milestones/{milestone.id}/achieved"
    tomorrow = (Calendar().local_date(utcnow()) + timedelta(days=1)).isoformat()
    status, page = post(client, path, achieved_on=tomorrow, evidence="protokół", version=milestone.version)
    assert status == 200 and "Data osiągnięcia nie może być późniejsza niż dzisiejsza." in page
    assert f'value="{tomorrow}"' in page and 'value="protokół"' in page
    session.refresh(milestone)
    assert milestone.achieved_on is None
    assert post(client, path, achieved_on=Calendar().local_date(utcnow()).isoformat(), evidence="",
                version=milestone.version)[0] == 302


@pytest.mark.parametrize("typed", ["999999999999999999", "10 000 000 000,01"])
def test_a_budget_beyond_ten_billion_is_refused_and_nothing_stored(client, slupsk, session, typed):
    status, page = post(client, f"/mids/{slupsk.id}/actions/new", **{**ACTION, "estimated_budget": typed})
    assert status == 200 and "Kwota nie może przekraczać 10\xa0000\xa0000\xa0000,00\xa0zł." in page
    assert f'value="{typed}"' in page
    assert session.exec(select(Action)).all() == []


def test_ten_billion_is_kept_exactly(client, slupsk, session):
    assert post(client, f"/mids/{slupsk.id}/actions/new",
                **{**ACTION, "estimated_budget": "9 999 999 999,99"})[0] == 302
    assert str(session.exec(select(Action)).one().estimated_budget) == "9999999999.99"


def test_reported_funding_beyond_ten_billion_is_refused(client, create_action, open_round, session,  # noqa: F811
                                                         create_user, login, create_mid):
    mid = create_mid(participant="Słupsk")
    create_action(mid, title="Ogrody deszczowe")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    data = report_data(client, mid, **{"funding-0-amount": "999999999999999999", "funding-0-source": "KPO",
                                       "submit": "1"})
    page = client.post(f"/mids/{mid.id}/report", data=data).get_data(as_text=True)
    assert re.search(r'href="#funding-0-amount">Pozyskane finansowanie, wiersz 1: kwota nie może przekraczać', page)
    assert session.exec(select(ReportFunding)).all() == []


@pytest.fixture
def admin(create_user, login):
    return login(create_user(email="admin@example.org", role="admin", password=None))


def test_a_round_closing_in_9999_is_refused(client, admin, session):
    from alumni.models import ReportingRound

    status, page = post(client, "/admin/rounds/new", name="2027 H1", opens_on="2027-05-04", due_on="2027-06-14",
                        closes_on="9999-12-31")
    assert status == 200 and OUT_OF_RANGE in page
    assert session.exec(select(ReportingRound)).all() == []


def test_a_workshop_year_out_of_range_is_said_in_polish(client, admin):
    status, page = post(client, "/admin/workshops/new", year="1999", starts_on="2026-12-08", ends_on="2026-12-10",
                        place="Warszawa")
    assert status == 200 and "Podaj rok od 2017 do 2100." in page and "z zakresu" not in page


def test_a_workshop_in_1900_is_refused(client, admin):
    status, page = post(client, "/admin/workshops/new", year="2026", starts_on="1900-12-08", ends_on="2026-12-10")
    assert status == 200 and OUT_OF_RANGE in page
