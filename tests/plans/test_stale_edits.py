"""Stale edits: a form saved from an old page never overwrites what someone saved since, and keeps what was typed."""

import re

from sqlmodel import select

from alumni.models import Action, Milestone, Mid, Report
from tests.pages import csrf
from tests.plans.test_plan import ACTION
from tests.reporting.test_reports import open_round, report_data, slupsk  # noqa: F401

CONFLICT = "W międzyczasie ktoś inny zapisał zmiany"


def second_tab(app, client):
    """Another client signed in as the same person (another browser, another tab's stale page)."""
    other = app.test_client()
    with other.session_transaction() as cookie, client.session_transaction() as mine:
        cookie.update(mine)
    return other


def test_a_report_form_opened_before_any_report_cannot_overwrite_the_one_submitted_since(
        app, client, slupsk, open_round, session):
    tab_a = report_data(client, slupsk, achievements="Tekst A, stary", draft="1")
    assert tab_a["version"] == ""  # the page saw no report
    tab_b = second_tab(app, client)
    submitted = tab_b.post(f"/mids/{slupsk.id}/report",
                           data=report_data(tab_b, slupsk, achievements="Tekst B", submit="1"))
    assert submitted.status_code == 302
    response = client.post(f"/mids/{slupsk.id}/report", data=tab_a)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert CONFLICT in page
    assert "Osiągnięcia</th><td>Tekst B</td><td>Tekst A, stary</td>" in page
    assert "Tekst A, stary</textarea>" in page  # what A typed is still in the form
    report = session.exec(select(Report)).one()
    assert (report.state, report.achievements) == ("submitted", "Tekst B")
    # The form now carries the report's version: a deliberate second save goes through.
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    again = client.post(f"/mids/{slupsk.id}/report", data={**tab_a, "version": version,
                                                           "csrf_token": csrf(client, f"/mids/{slupsk.id}/report")})
    assert again.status_code == 302
    session.expire_all()
    assert session.exec(select(Report)).one().achievements == "Tekst A, stary"


def test_a_report_row_without_its_action_version_is_refused_on_submit(client, slupsk, open_round, session):
    data = report_data(client, slupsk, **{"rows-0-progress": "90", "rows-0-action_version": "", "submit": "1"})
    response = client.post(f"/mids/{slupsk.id}/report", data=data)
    assert response.status_code == 409 and CONFLICT in response.get_data(as_text=True)
    assert session.exec(select(Report)).all() == []
    assert session.exec(select(Action).where(Action.title == "Ogrody deszczowe")).one().progress == 40


def test_an_action_edit_without_its_version_is_refused_and_keeps_what_was_typed(client, slupsk, create_action,
                                                                               session):
    action = create_action(slupsk, title="Ogrody deszczowe", progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}"
    response = client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "progress": "45"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and CONFLICT in page
    assert 'value="45"' in page
    session.refresh(action)
    assert action.progress == 40


def test_the_new_action_page_shows_no_conflict_alert(client, slupsk):
    path = f"/mids/{slupsk.id}/actions/new"
    page = client.get(path).get_data(as_text=True)
    assert "Dodaj działanie" in page
    assert CONFLICT not in page and "conflict" not in page
    invalid = client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "title": ""})
    assert invalid.status_code == 200 and CONFLICT not in invalid.get_data(as_text=True)


def test_a_stale_milestone_edit_is_refused_and_keeps_what_was_typed(app, client, slupsk, create_milestone,
                                                                    session):
    milestone = create_milestone(slupsk)
    path = f"/mids/{slupsk.id}/milestones/{milestone.id}/achieved"
    page = client.get(path).get_data(as_text=True)
    seen = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    colleague = second_tab(app, client)
    assert colleague.post(path, data={"csrf_token": csrf(colleague, path), "achieved_on": "2026-09-30",
                                      "evidence": "protokół kolegi", "version": seen}).status_code == 302
    response = client.post(path, data={"csrf_token": csrf(client, path), "achieved_on": "2026-10-02",
                                       "evidence": "mój protokół", "version": seen})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and CONFLICT in page
    assert 'value="mój protokół"' in page and 'value="2026-10-02"' in page
    session.refresh(milestone)
    assert milestone.evidence == "protokół kolegi"
    missing = client.post(path, data={"csrf_token": csrf(client, path), "achieved_on": "2026-10-02",
                                      "evidence": "bez wersji"})
    assert missing.status_code == 409
    session.refresh(milestone)
    assert milestone.evidence == "protokół kolegi"


def test_a_stale_abandonment_is_refused_and_keeps_the_reason_typed(app, client, slupsk, session):
    path = f"/mids/{slupsk.id}/abandon"
    colleague = second_tab(app, client)
    colleague.post(path, data={"csrf_token": csrf(colleague, path), "reason": "Brak finansowania",
                               "version": slupsk.version})
    response = client.post(path, data={"csrf_token": csrf(client, path), "reason": "Zmiana władz miasta",
                                       "version": slupsk.version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and CONFLICT in page and "Zmiana władz miasta</textarea>" in page
    session.expire_all()
    assert session.get(Mid, slupsk.id).abandoned_reason == "Brak finansowania"


def test_undoing_an_abandonment_from_a_stale_page_is_refused(app, client, slupsk, session):
    path = f"/mids/{slupsk.id}/abandon"
    client.post(path, data={"csrf_token": csrf(client, path), "reason": "Brak finansowania",
                            "version": slupsk.version})
    session.expire_all()
    seen = session.get(Mid, slupsk.id).version
    # Someone abandons it again with another reason (undo, then abandon) after this page was loaded.
    colleague = second_tab(app, client)
    token = csrf(colleague, f"/mids/{slupsk.id}")
    colleague.post(f"/mids/{slupsk.id}/abandon/undo", data={"csrf_token": token, "version": seen})
    colleague.post(path, data={"csrf_token": csrf(colleague, path), "reason": "Rezygnacja partnerów",
                               "version": seen + 1})
    token = csrf(client, f"/mids/{slupsk.id}")
    for stale in ({"version": seen}, {}):
        response = client.post(f"/mids/{slupsk.id}/abandon/undo", data={"csrf_token": token, **stale},
                               follow_redirects=True)
        assert "W międzyczasie ktoś zmienił ten MID" in response.get_data(as_text=True)
        session.expire_all()
        assert session.get(Mid, slupsk.id).abandoned_reason == "Rezygnacja partnerów"


def test_moving_an_action_from_a_stale_page_is_refused(app, client, slupsk, create_action, session):
    first = create_action(slupsk, title="Pierwsze", position=0)
    second = create_action(slupsk, title="Drugie", position=1)
    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    move = re.search(rf'action="/mids/{slupsk.id}/actions/{second.id}/move".*?</form>', page, re.S).group(0)
    assert f'name="version" value="{second.version}"' in move  # the page's move buttons carry what they showed
    path = f"/mids/{slupsk.id}/actions/{second.id}"
    colleague = second_tab(app, client)
    colleague.post(path, data={"csrf_token": csrf(colleague, path), **ACTION, "title": "Drugie",
                               "version": second.version})
    token = csrf(client, f"/mids/{slupsk.id}")
    for stale in ({"version": second.version}, {}):
        response = client.post(f"/mids/{slupsk.id}/actions/{second.id}/move",
                               data={"csrf_token": token, "direction": "up", **stale}, follow_redirects=True)
        assert "W międzyczasie ktoś zmienił to działanie" in response.get_data(as_text=True)
        session.expire_all()
        assert (session.get(Action, first.id).position, session.get(Action, second.id).position) == (0, 1)


def test_a_review_of_a_report_the_city_changed_since_it_was_opened_is_refused(
        app, client, slupsk, open_round, session, create_user):
    client.post(f"/mids/{slupsk.id}/report", data=report_data(client, slupsk, achievements="Wersja 1", submit="1"))
    ministry = app.test_client()
    with ministry.session_transaction() as cookie:
        cookie["_user_id"] = create_user(email="min@example.org", role="ministry").get_id()
    path = f"/mids/{slupsk.id}/reports/{open_round.id}"
    page = ministry.get(path).get_data(as_text=True)
    seen = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    # The city submits again, with other text, while the ministry reads the first one.
    client.post(f"/mids/{slupsk.id}/report", data=report_data(client, slupsk, achievements="Wersja 2", submit="1"))
    for stale in ({"version": seen}, {}):
        response = ministry.post(path + "/review", data={"csrf_token": token, "decision": "accept", "comment": "",
                                                         **stale}, follow_redirects=True)
        assert "Miasto zmieniło ten raport, odkąd go otwarto" in response.get_data(as_text=True)
        session.expire_all()
        assert session.exec(select(Report)).one().state == "submitted"
    current = re.search(r'name="version" type="hidden" value="(\d+)"', response.get_data(as_text=True)).group(1)
    ministry.post(path + "/review", data={"csrf_token": token, "decision": "accept", "comment": "", "version": current})
    session.expire_all()
    assert session.exec(select(Report)).one().state == "accepted"
