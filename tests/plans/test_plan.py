"""Keeping the plan current through the pages: actions, milestones, abandonment, stale edits."""

import re
from datetime import date

import pytest
from sqlmodel import select

from alumni.models import Action, AuditEvent, Milestone, Mid
from tests.pages import csrf


@pytest.fixture
def slupsk(create_mid, create_user, login):
    mid = create_mid(participant="Słupsk")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    return mid


ACTION = {"title": "Ogrody deszczowe", "description": "", "planned_start": "2026-03", "planned_end": "2027-06",
          "responsible_unit": "Zarząd Zieleni", "estimated_budget": "125 000,50", "funding_sources": "FEnIKS",
          "status": "in_progress", "progress": "30"}


def test_coordinator_adds_an_action_with_polish_amount_and_months(client, slupsk, session):
    path = f"/mids/{slupsk.id}/actions/new"
    response = client.post(path, data={"csrf_token": csrf(client, path), **ACTION})
    assert response.status_code == 302
    action = session.exec(select(Action).where(Action.mid_id == slupsk.id)).one()
    assert str(action.estimated_budget) == "125000.50"
    assert action.planned_start == date(2026, 3, 1) and action.planned_end == date(2027, 6, 30)
    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    assert "Ogrody deszczowe" in page and "125\xa0000,50\xa0zł" in page


def test_validation_errors_come_back_next_to_the_field_with_the_input_kept(client, slupsk, session):
    path = f"/mids/{slupsk.id}/actions/new"
    bad = {**ACTION, "title": "Nowe działanie do sprawdzenia", "progress": "140", "planned_end": "2025-01",
           "estimated_budget": "dużo"}
    response = client.post(path, data={"csrf_token": csrf(client, path), **bad})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Nowe działanie do sprawdzenia"' in page and 'value="dużo"' in page
    assert 'aria-invalid="true"' in page and 'id="progress-error"' in page
    assert "Planowany koniec jest wcześniej niż planowany początek." in page
    assert "Podaj kwotę w złotych" in page
    assert session.exec(select(Action)).all() == []


def test_status_done_sets_progress_to_100(client, slupsk, create_action, session):
    action = create_action(slupsk, progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}"
    client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "status": "done", "progress": "40",
                            "version": action.version})
    session.refresh(action)
    assert (action.status, action.progress) == ("done", 100)


def test_progress_100_offers_to_mark_the_action_done(client, slupsk, create_action, session):
    action = create_action(slupsk, progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}"
    response = client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "progress": "100",
                                       "version": action.version}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "osiągnęło 100%" in page and "Oznacz jako zrealizowane" in page
    session.refresh(action)
    client.post(f"/mids/{slupsk.id}/actions/{action.id}/done",
                data={"csrf_token": csrf(client, f"/mids/{slupsk.id}"), "version": action.version})
    session.refresh(action)
    assert action.status == "done"


def test_second_save_of_a_stale_action_is_refused_and_shows_what_changed(app, client, slupsk, create_action,
                                                                         session):
    action = create_action(slupsk, title="Ogrody deszczowe", progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}"
    seen_version = action.version
    # A colleague saves first.
    colleague = app.test_client()
    with colleague.session_transaction() as cookie, client.session_transaction() as mine:
        cookie.update(mine)
    colleague.post(path, data={"csrf_token": csrf(colleague, path), **ACTION, "progress": "60",
                               "version": seen_version})
    response = client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "progress": "45",
                                       "version": seen_version})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "W międzyczasie ktoś inny zapisał zmiany" in page
    assert re.search(r"Postęp</th><td>60</td><td>45</td>", page)
    assert 'value="45"' in page  # what I typed is still there
    session.refresh(action)
    assert action.progress == 60  # nothing overwritten
    token = csrf(client, path)
    again = client.post(path, data={"csrf_token": token, **ACTION, "progress": "45",
                                     "version": re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)})
    assert again.status_code == 302  # a deliberate second save goes through
    session.refresh(action)
    assert action.progress == 45


def test_actions_are_reordered_and_dropped(client, slupsk, create_action, session):
    first = create_action(slupsk, title="Pierwsze", position=0)
    second = create_action(slupsk, title="Drugie", position=1)
    token = csrf(client, f"/mids/{slupsk.id}")
    client.post(f"/mids/{slupsk.id}/actions/{second.id}/move", data={"csrf_token": token, "direction": "up",
                                                                    "version": second.version})
    session.expire_all()
    assert [a.title for a in session.exec(select(Action).order_by(Action.position))] == ["Drugie", "Pierwsze"]
    client.post(f"/mids/{slupsk.id}/actions/{first.id}/drop", data={"csrf_token": token,
                                                                   "version": session.get(Action, first.id).version})
    session.expire_all()
    assert session.get(Action, first.id).status == "dropped"


def test_milestone_is_added_and_recorded_as_achieved(client, slupsk, create_action, session):
    action = create_action(slupsk)
    path = f"/mids/{slupsk.id}/milestones/new"
    client.post(path, data={"csrf_token": csrf(client, path), "title": "Odbiór ogrodów", "due_on": "2026-09-30",
                            "action_id": str(action.id)})
    milestone = session.exec(select(Milestone)).one()
    assert milestone.action_id == action.id
    path = f"/mids/{slupsk.id}/milestones/{milestone.id}/achieved"
    client.post(path, data={"csrf_token": csrf(client, path), "achieved_on": "2026-10-02",
                            "evidence": "https://bip.example.org/protokol", "version": milestone.version})
    session.refresh(milestone)
    assert milestone.achieved_on == date(2026, 10, 2)
    assert "2 października 2026" in client.get(f"/mids/{slupsk.id}").get_data(as_text=True)


def test_mid_is_abandoned_with_a_reason_and_brought_back(client, slupsk, session):
    path = f"/mids/{slupsk.id}/abandon"
    empty = client.post(path, data={"csrf_token": csrf(client, path), "reason": "", "version": slupsk.version})
    assert empty.status_code == 200 and session.get(Mid, slupsk.id).abandoned_at is None
    client.post(path, data={"csrf_token": csrf(client, path), "reason": "Brak finansowania",
                            "version": slupsk.version})
    session.expire_all()
    mid = session.get(Mid, slupsk.id)
    assert mid.abandoned_reason == "Brak finansowania"
    assert "porzucony" in client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    client.post(f"/mids/{slupsk.id}/abandon/undo", data={"csrf_token": csrf(client, f"/mids/{slupsk.id}"),
                                                         "version": mid.version})
    session.expire_all()
    assert session.get(Mid, slupsk.id).abandoned_at is None


def test_timeline_shows_changes_newest_first_with_who(client, slupsk, create_action, session):
    action = create_action(slupsk, title="Ogrody deszczowe", progress=40)
    path = f"/mids/{slupsk.id}/actions/{action.id}"
    client.post(path, data={"csrf_token": csrf(client, path), **ACTION, "progress": "70", "version": action.version})
    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"'):]
    assert timeline.index("postęp: 40% → 70%") < timeline.index("Dodano działanie „Ogrody deszczowe”")
    assert "slupsk@example.org" in timeline
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "action",
                                                  AuditEvent.action == "update")).one()
    assert event.mid_id == slupsk.id and event.changes["progress"] == {"before": 40, "after": 70}


def test_another_citys_coordinator_cannot_touch_the_plan(client, create_mid, create_user, create_action, login):
    mid = create_mid(participant="Słupsk")
    action = create_action(mid)
    create_mid(participant="Lublin")
    login(create_user(email="lublin@example.org", participants=("Lublin",)))
    for path in (f"/mids/{mid.id}", f"/mids/{mid.id}/actions/new", f"/mids/{mid.id}/actions/{action.id}",
                 f"/mids/{mid.id}/report", f"/mids/{mid.id}/abandon"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/mids/{mid.id}/actions/{action.id}/drop").status_code in (400, 403)


def test_action_of_another_mid_is_not_found_through_this_mid(client, slupsk, create_mid, create_action):
    other = create_action(create_mid(participant="Lublin"))
    assert client.get(f"/mids/{slupsk.id}/actions/{other.id}").status_code == 404
