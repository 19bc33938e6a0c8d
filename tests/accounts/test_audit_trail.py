"""The audit trail reads as sentences with names, labels and dates, in pages, filtered by the address."""

import re
from datetime import datetime, timezone

import pytest
from sqlmodel import select

from alumni.audit import act_as
from alumni.models import AuditEvent, User

AT = datetime(2026, 12, 2, 8, 15, tzinfo=timezone.utc)  # 09:15 in Warsaw


def _dated(session, when=AT):
    """Put every event recorded so far at ``when``."""
    for event in session.exec(select(AuditEvent)).all():
        event.at = when
    session.commit()


@pytest.fixture
def world(create_mid, create_action, create_user, session):
    mid = create_mid(participant="Słupsk")
    action = create_action(mid, title="Ogrody deszczowe", status="in_progress", progress=40)
    anna = create_user("anna.nowak@example.org", participants=("Słupsk",), name="Anna Nowak")
    admin = create_user("admin@example.org", role="admin", name="Jan Kowalski")
    return mid, action, anna, admin


def rows(html):
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr class=\"event\">(.*?)</tr>", html, re.S)]


def test_a_change_reads_as_a_polish_sentence_with_names_labels_and_a_polish_date(
        client, login, world, session):
    mid, action, anna, admin = world
    act_as(session, anna.id)
    action.status, action.progress = "done", 100
    session.commit()
    _dated(session)
    login(admin)
    html = client.get("/admin/audit?entity=action").get_data(as_text=True)
    first = rows(html)[0]
    assert "2 grudnia 2026, 09:15" in first
    assert ("Anna Nowak zmieniła działanie „Ogrody deszczowe” (MID Słupsk): status: w trakcie → zrealizowane; "
            "postęp: 40% → 100%") in first


def test_ids_and_raw_values_become_names(client, login, world, session):
    mid, action, anna, admin = world
    act_as(session, admin.id)
    user = session.get(User, anna.id)
    user.participants = []
    session.commit()
    _dated(session)
    login(admin)
    first = rows(client.get("/admin/audit?entity=user").get_data(as_text=True))[0]
    assert "Jan Kowalski zmienił użytkownika Anna Nowak: uczestnicy: Słupsk → —" in first
    created = rows(client.get("/admin/audit?entity=action").get_data(as_text=True))[-1]
    assert "Dodano działanie „Ogrody deszczowe” (MID Słupsk)" in created
    assert "status: w trakcie" in created and "szacowany budżet: 100 000,00 zł" in created
    assert "mid_id" not in created and "in_progress" not in created


def test_english_pages_get_english_sentences_and_dates(client, login, world, session):
    mid, action, anna, admin = world
    act_as(session, anna.id)
    action.status = "delayed"
    session.commit()
    _dated(session)
    login(admin)
    first = rows(client.get("/admin/audit?entity=action&lang=en").get_data(as_text=True))[0]
    assert "December 2, 2026" in first and "9:15" in first
    assert "Anna Nowak changed action “Ogrody deszczowe” (MID Słupsk): status: in progress → delayed" in first


def test_the_trail_comes_in_pages_that_keep_the_filters(client, login, world, session):
    mid, action, anna, admin = world
    act_as(session, anna.id)
    for number in range(120):
        action.progress = 41 + number % 2
        session.commit()
    login(admin)
    html = client.get(f"/admin/audit?person={anna.id}&entity=action").get_data(as_text=True)
    assert len(rows(html)) == 50
    assert f'href="/admin/audit?person={anna.id}&amp;entity=action&amp;page=2"' in html
    last = client.get(f"/admin/audit?person={anna.id}&entity=action&page=3").get_data(as_text=True)
    assert len(rows(last)) == 120 - 100
    assert f'<option value="{anna.id}" selected>' in last and '<option value="action" selected>' in last


def test_the_trail_filters_by_who_what_and_when(client, login, world, session):
    mid, action, anna, admin = world
    _dated(session, datetime(2026, 11, 30, 22, 30, tzinfo=timezone.utc))  # 1 December in Warsaw
    act_as(session, anna.id)
    action.status = "delayed"
    session.commit()
    _dated(session, AT)  # everything on 2 December ...
    older = session.exec(select(AuditEvent).where(AuditEvent.actor_id.is_(None))).all()
    for event in older:  # ... except what the fixtures made, on 1 December in Warsaw
        event.at = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
    session.commit()
    login(admin)
    on_first = rows(client.get("/admin/audit?from=2026-12-01&to=2026-12-01").get_data(as_text=True))
    assert len(on_first) == len(older) and all("1 grudnia 2026" in row for row in on_first)
    on_second = rows(client.get("/admin/audit?from=2026-12-02").get_data(as_text=True))
    assert len(on_second) == 1 and "Anna Nowak" in on_second[0]
    assert rows(client.get(f"/admin/audit?person={admin.id}").get_data(as_text=True)) == []
    page = client.get("/admin/audit").get_data(as_text=True)
    assert '<option value="action">działanie</option>' in page  # entity types by their names


def test_a_date_that_does_not_parse_is_named_and_kept(client, login, world):
    *_rest, admin = world
    login(admin)
    response = client.get("/admin/audit?from=2026-13-45")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nieprawidłowa data" in html and 'value="2026-13-45"' in html


def test_the_mid_page_history_names_the_action_and_dates_in_polish(client, login, world, session):
    mid, action, anna, admin = world
    act_as(session, anna.id)
    action.status = "done"
    action.progress = 100
    session.commit()
    _dated(session)
    login(anna)
    html = client.get(f"/mids/{mid.id}").get_data(as_text=True)
    timeline = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r'<ol class="timeline">(.*?)</ol>', html,
                                                                       re.S).group(1)))
    assert "2 grudnia 2026, 09:15" in timeline
    assert "Anna Nowak zmieniła działanie „Ogrody deszczowe”: status: w trakcie → zrealizowane" in timeline
