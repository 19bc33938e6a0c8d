"""Dates are typed and shown as the page's language writes them, whatever the browser's locale."""

import re
from datetime import date

import pytest
from sqlmodel import select

from alumni.models import Milestone
from tests.browser import check, expect, sign_in
from tests.pages import csrf
from tests.plans.test_plan import slupsk  # noqa: F401  (fixture)


def date_input(page, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_date_fields_say_their_format_and_language(client, slupsk):
    page = client.get(f"/mids/{slupsk.id}/milestones/new").get_data(as_text=True)
    field = date_input(page, "due_on")
    assert 'lang="pl"' in field and 'type="text"' in field
    assert re.search(r'aria-describedby="due_on-hint"', field)
    assert re.search(r'<p class="hint" id="due_on-hint">Format: dd\.mm\.rrrr, np\. 31\.12\.2026\.</p>', page)
    english = client.get(f"/mids/{slupsk.id}/milestones/new?lang=en").get_data(as_text=True)
    assert 'lang="en"' in date_input(english, "due_on") and "Format: yyyy-mm-dd, e.g. 2026-12-31." in english


def test_a_polish_date_is_accepted_and_shown_back_the_polish_way(client, slupsk, create_milestone, session):
    path = f"/mids/{slupsk.id}/milestones/new"
    assert client.post(path, data={"csrf_token": csrf(client, path), "title": "Odbiór", "due_on": "30.09.2026",
                                   "action_id": ""}).status_code == 302
    milestone = session.exec(select(Milestone)).one()
    assert milestone.due_on == date(2026, 9, 30)
    path = f"/mids/{slupsk.id}/milestones/{milestone.id}/achieved"
    assert client.post(path, data={"csrf_token": csrf(client, path), "achieved_on": "2026-10-02",
                                   "version": milestone.version}).status_code == 302
    assert 'value="02.10.2026"' in date_input(client.get(path).get_data(as_text=True), "achieved_on")


def test_a_date_in_no_known_format_is_refused_with_the_format(client, slupsk, session):
    path = f"/mids/{slupsk.id}/milestones/new"
    page = client.post(path, data={"csrf_token": csrf(client, path), "title": "Odbiór", "due_on": "09/30/2026",
                                   "action_id": ""}).get_data(as_text=True)
    assert "Podaj datę w formacie dd.mm.rrrr, np. 31.12.2026." in page and 'value="09/30/2026"' in page
    assert session.exec(select(Milestone)).all() == []


def test_month_fields_say_their_format_too(client, slupsk):
    page = client.get(f"/mids/{slupsk.id}/actions/new").get_data(as_text=True)
    assert 'lang="pl"' in date_input(page, "planned_start") and "Format: mm.rrrr, np. 03.2027." in page


@pytest.mark.browser
def test_an_english_browser_shows_a_polish_coordinator_polish_dates(page, live, slupsk, create_milestone, session,
                                                                     browser_locale):
    milestone = create_milestone(slupsk, due_on=date(2026, 9, 30), achieved_on=date(2026, 10, 2))
    sign_in(page, live, "slupsk@example.org")
    page.goto(f"{live.url}/mids/{slupsk.id}/milestones/{milestone.id}/achieved")
    field = page.get_by_label("Data osiągnięcia")
    expect(field).to_have_value("02.10.2026")
    expect(page.get_by_text("Format: dd.mm.rrrr, np. 31.12.2026.")).to_be_visible()
    check(page, "milestone-achieved-date")
    field.fill("01.10.2026")
    page.get_by_role("button", name="Zapisz jako osiągnięty").click()
    page.wait_for_load_state()
    session.refresh(milestone)
    assert milestone.achieved_on == date(2026, 10, 1)


@pytest.fixture
def browser_locale():
    return "en-US"
