"""The report form straight from an e-mail: a capability for one form, for one person, until the round closes."""

from datetime import timedelta

import pytest
from sqlmodel import select

from alumni.models import AuditEvent, Report, ReportingRound, User
from alumni.report_links import make_report_link
from tests.pages import csrf
from tests.reporting.test_reports import TODAY


@pytest.fixture
def setup(create_mid, create_action, create_user, create_round):
    mid = create_mid(participant="Słupsk")
    create_action(mid, title="Ogrody deszczowe", progress=40)
    round_ = create_round(name="Bieżąca", opens_on=TODAY - timedelta(days=3), due_on=TODAY + timedelta(days=10),
                          closes_on=TODAY + timedelta(days=30))
    user = create_user(email="slupsk@example.org", participants=("Słupsk",))
    return mid, round_, user


def path_of(app, round_, mid, user):
    return make_report_link(app, round_, mid, user).removeprefix(app.config["BASE_URL"])


def test_link_opens_the_prefilled_form_and_submits_as_that_person(app, client, setup, session):
    mid, round_, user = setup
    path = path_of(app, round_, mid, user)
    page = client.get(path)
    assert page.status_code == 200 and "Ogrody deszczowe" in page.get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf(client, path), "rows-0-action_id": str(mid.actions[0].id)
                                       if mid.actions else "", "rows-0-action_version": str(mid.actions[0].version)
                                       if mid.actions else "", "rows-0-status": "in_progress",
                                       "rows-0-progress": "55", "achievements": "Z linku", "submit": "1"})
    assert response.status_code == 302
    report = session.exec(select(Report)).one()
    assert report.state == "submitted" and report.submitted_by_id == user.id
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "report")).first()
    assert (event.actor_id, event.via) == (user.id, "email-link")


def test_link_gives_no_session_and_no_other_page(app, client, setup):
    mid, round_, user = setup
    client.get(path_of(app, round_, mid, user))
    assert client.get(f"/mids/{mid.id}").status_code == 302
    assert client.get("/").status_code == 302


def test_link_stops_working_when_the_round_closes(app, client, setup, session):
    mid, round_, user = setup
    path = path_of(app, round_, mid, user)
    stored = session.get(ReportingRound, round_.id)
    stored.closes_on = TODAY - timedelta(days=1)
    stored.due_on = stored.opens_on = TODAY - timedelta(days=2)
    session.commit()
    response = client.get(path)
    assert response.status_code == 410 and "Zaloguj się" in response.get_data(as_text=True)


def test_link_stops_working_for_someone_no_longer_coordinating_the_city(app, client, setup, session):
    mid, round_, user = setup
    stored = session.get(User, user.id)
    stored.is_active = False
    session.commit()
    assert client.get(path_of(app, round_, mid, user)).status_code == 410


def test_tampered_link_is_refused(app, client, setup):
    mid, round_, user = setup
    path = path_of(app, round_, mid, user)
    assert client.get(path[:-3] + "abc").status_code == 410
