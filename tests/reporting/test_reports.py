"""A report in an open round, through the pages: draft, submit, stale edits, the ministry's review."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni.clock import Calendar
from alumni.models import Action, Report, ReportBarrier, ReportFunding, utcnow
from tests.pages import csrf

TODAY = Calendar().local_date(utcnow())


@pytest.fixture
def open_round(create_round):
    return create_round(name="Bieżąca", opens_on=TODAY - timedelta(days=10), due_on=TODAY + timedelta(days=10),
                        closes_on=TODAY + timedelta(days=40))


@pytest.fixture
def slupsk(create_mid, create_action, create_user, login):
    mid = create_mid(participant="Słupsk")
    create_action(mid, title="Ogrody deszczowe", status="in_progress", progress=40, position=0)
    create_action(mid, title="Zbiorniki retencyjne", status="planned", progress=0, position=1)
    coordinator = create_user(email="slupsk@example.org", participants=("Słupsk",))
    login(coordinator)
    return mid


def report_data(client, mid, **changes):
    """The report form as the page pre-fills it, with ``changes`` typed in."""
    page = client.get(f"/mids/{mid.id}/report").get_data(as_text=True)
    data = dict(re.findall(r'name="((?:rows-\d+-(?:action_id|action_version))|version)" type="hidden" value="([^"]*)"',
                           page))
    for n, (status, progress) in enumerate(re.findall(
            r'<option selected value="(\w+)">.*?name="rows-\d+-progress"[^>]*value="(\d+)"', page, re.S)):
        data.setdefault(f"rows-{n}-status", status)
        data.setdefault(f"rows-{n}-progress", progress)
    data["csrf_token"] = csrf(client, f"/mids/{mid.id}/report")
    data.update(changes)
    return data


def test_report_form_is_prefilled_from_the_plan(client, slupsk, open_round):
    page = client.get(f"/mids/{slupsk.id}/report").get_data(as_text=True)
    assert "Raport Bieżąca" in page
    assert "Ogrody deszczowe" in page and "Zbiorniki retencyjne" in page
    assert re.search(r'name="rows-0-progress"[^>]*value="40"', page)


def test_draft_is_saved_without_touching_the_plan(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{"rows-0-progress": "70", "achievements": "Projekt gotowy", "draft": "1"})
    assert client.post(f"/mids/{slupsk.id}/report", data=data).status_code == 302
    report = session.exec(select(Report)).one()
    assert report.state == "draft" and report.submitted_at is None and report.achievements == "Projekt gotowy"
    assert session.exec(select(Action).where(Action.title == "Ogrody deszczowe")).one().progress == 40


def test_submitting_updates_the_plan_in_the_same_transaction(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{
        "rows-0-status": "done", "rows-0-progress": "80", "rows-0-comment": "Odebrano",
        "rows-1-status": "delayed", "rows-1-progress": "10",
        "barriers": ["financial", "public_procurement"], "barriers_text": "Przetarg unieważniony",
        "funding-0-amount": "250 000,00", "funding-0-source": "WFOŚiGW",
        "support_needed": "Doradztwo prawne", "submit": "1"})
    response = client.post(f"/mids/{slupsk.id}/report", data=data)
    assert response.status_code == 302
    report = session.exec(select(Report)).one()
    assert report.state == "submitted" and report.submitted_at is not None
    actions = {a.title: (a.status, a.progress) for a in session.exec(select(Action))}
    assert actions == {"Ogrody deszczowe": ("done", 100), "Zbiorniki retencyjne": ("delayed", 10)}
    assert sorted(b.category for b in session.exec(select(ReportBarrier))) == ["financial", "public_procurement"]
    funding = session.exec(select(ReportFunding)).one()
    assert (str(funding.amount), funding.source) == ("250000.00", "WFOŚiGW")
    mine = client.get("/").get_data(as_text=True)
    assert "Raport za Bieżąca: złożony" in mine


def test_report_errors_are_shown_and_the_typed_values_kept(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{"rows-0-progress": "150", "funding-0-amount": "1000",
                                          "achievements": "Coś ważnego", "submit": "1"})
    response = client.post(f"/mids/{slupsk.id}/report", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Coś ważnego" in page and 'value="150"' in page
    assert "Podaj źródło tego finansowania." in page
    assert session.exec(select(Report)).all() == []


def test_stale_report_save_is_refused_and_explained(app, client, slupsk, open_round, session):
    first_tab = report_data(client, slupsk, achievements="Wersja A", draft="1")
    client.post(f"/mids/{slupsk.id}/report", data=first_tab)
    second_tab = report_data(client, slupsk, achievements="Wersja B", draft="1")
    client.post(f"/mids/{slupsk.id}/report", data=second_tab)
    # The first tab still carries the version it loaded.
    first_tab.update(achievements="Wersja C", csrf_token=csrf(client, f"/mids/{slupsk.id}/report"))
    first_tab["version"] = str(session.exec(select(Report)).one().version - 1)
    response = client.post(f"/mids/{slupsk.id}/report", data=first_tab)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Osiągnięcia</th><td>Wersja B</td><td>Wersja C</td>" in page
    assert session.exec(select(Report)).one().achievements == "Wersja B"


def test_no_open_round_says_so(client, slupsk):
    response = client.get(f"/mids/{slupsk.id}/report")
    assert response.status_code == 200
    assert "Żadna runda sprawozdawcza nie jest otwarta" in response.get_data(as_text=True)


def test_ministry_returns_a_report_and_the_city_sees_the_comment(app, client, slupsk, open_round, session,
                                                                   create_user, login):
    client.post(f"/mids/{slupsk.id}/report", data=report_data(client, slupsk, submit="1"))
    ministry = app.test_client()
    with ministry.session_transaction() as cookie:
        cookie["_user_id"] = create_user(email="min@example.org", role="ministry").get_id()
    path = f"/mids/{slupsk.id}/reports/{open_round.id}"
    token = csrf(ministry, path)
    version = session.exec(select(Report)).one().version
    refused = ministry.post(path + "/review", data={"csrf_token": token, "decision": "return", "comment": "",
                                                    "version": version}, follow_redirects=True)
    assert "napisz, co miasto powinno zmienić" in refused.get_data(as_text=True)
    ministry.post(path + "/review", data={"csrf_token": token, "decision": "return",
                                          "comment": "Uzupełnij kwoty finansowania.", "version": version})
    report = session.exec(select(Report)).one()
    assert report.state == "returned" and report.review_comment == "Uzupełnij kwoty finansowania."
    assert "Uzupełnij kwoty finansowania." in client.get(f"/mids/{slupsk.id}/report").get_data(as_text=True)
    assert "Raport został zwrócony z komentarzem" in client.get("/").get_data(as_text=True)
    client.post(f"/mids/{slupsk.id}/report", data=report_data(client, slupsk, submit="1"))
    session.expire_all()
    ministry.post(path + "/review", data={"csrf_token": token, "decision": "accept", "comment": "",
                                          "version": session.exec(select(Report)).one().version})
    session.expire_all()
    assert session.exec(select(Report)).one().state == "accepted"
    locked = client.get(f"/mids/{slupsk.id}/report").get_data(as_text=True)
    assert "Tego raportu nie można już zmienić" in locked and "Złóż raport" not in locked


def test_coordinator_cannot_review_their_own_report(client, slupsk, open_round):
    client.post(f"/mids/{slupsk.id}/report", data=report_data(client, slupsk, submit="1"))
    path = f"/mids/{slupsk.id}/reports/{open_round.id}"
    assert client.post(path + "/review", data={"csrf_token": csrf(client, path), "decision": "accept"}).status_code \
        == 403
