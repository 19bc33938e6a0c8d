"""Public pages answered from the process's cache: one query for a repeat, never stale after a change."""

import pytest
from sqlalchemy import event
from sqlmodel import select

from alumni.db import get_db
from alumni.models import Action, AuditEvent
from alumni.public import visibility
from alumni.memory_cache import PageCache
from alumni.public.page_cache import data_version


@pytest.fixture
def public_mid(session, create_mid, create_action):
    visibility.switch_view(session, True)
    session.commit()
    mid = create_mid(participant="Słupsk", title="Zielone podwórka", public_consent=True)
    create_action(mid, title="Ogrody deszczowe", status="in_progress")
    return mid


@pytest.fixture
def statements(app):
    """The SQL statements the app sends while the test runs, as a list (cleared by the test)."""
    sent = []

    def record(_connection, _cursor, statement, *_args):
        sent.append(statement)

    engine = get_db(app).engine
    event.listen(engine, "before_cursor_execute", record)
    yield sent
    event.remove(engine, "before_cursor_execute", record)


def test_a_repeated_public_page_costs_one_query(client, public_mid, statements):
    first = client.get(f"/public/mids/{public_mid.id}")
    assert first.status_code == 200
    rendered = [text for text in statements if not text.startswith(("BEGIN", "ROLLBACK", "COMMIT"))]
    statements.clear()
    again = client.get(f"/public/mids/{public_mid.id}")
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"] and "Set-Cookie" not in again.headers
    queries = [text for text in statements if not text.startswith(("BEGIN", "ROLLBACK", "COMMIT"))]
    assert len(queries) == 1 < len(rendered), queries
    assert "auditevent" in queries[0] and "setting" in queries[0]


def test_each_language_and_address_is_kept_apart(client, public_mid):
    polish = client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    english = client.get(f"/public/mids/{public_mid.id}?lang=en").get_data(as_text=True)
    assert '<html lang="pl"' in polish and '<html lang="en"' in english
    assert '<html lang="pl"' in client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    assert "Zielone podwórka" in client.get("/public/").get_data(as_text=True)


def test_a_change_to_a_public_mid_shows_on_the_next_request(client, session, public_mid):
    assert 'class="dropped"' not in client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    action = session.exec(select(Action).where(Action.mid_id == public_mid.id)).one()
    action.status = "dropped"
    action.title = "Ogrody deszczowe (zaniechane)"
    session.add(action)
    session.commit()
    page = client.get(f"/public/mids/{public_mid.id}").get_data(as_text=True)
    assert 'class="dropped"' in page and "Ogrody deszczowe (zaniechane)" in page


def test_a_withheld_or_withdrawn_mid_disappears_at_once(client, session, public_mid, create_mid):
    other = create_mid(participant="Lublin", title="Miasto dla ludzi", public_consent=True)
    for mid in (public_mid, other):
        assert client.get(f"/public/mids/{mid.id}").status_code == 200
    assert "Miasto dla ludzi" in client.get("/public/").get_data(as_text=True)

    visibility.withhold(public_mid, True)  # the ministry
    visibility.choose_publication(other, consent=False, budget=False)  # the city withdraws its consent
    session.add_all([public_mid, other])
    session.commit()
    for mid in (public_mid, other):
        assert client.get(f"/public/mids/{mid.id}").status_code == 404
    assert "Miasto dla ludzi" not in client.get("/public/").get_data(as_text=True)

    visibility.withhold(public_mid, False)
    session.add(public_mid)
    session.commit()
    assert client.get(f"/public/mids/{public_mid.id}").status_code == 200
    visibility.switch_view(session, False)  # the admin switches the whole view off
    session.commit()
    assert client.get(f"/public/mids/{public_mid.id}").status_code == 404
    assert client.get("/public/").status_code == 404


def test_the_version_changes_when_a_lower_audit_id_commits_late(session, public_mid):
    """PostgreSQL hands out ids before commit: an event below the newest may become visible later."""
    before = data_version(session)
    late = session.exec(select(AuditEvent).order_by(AuditEvent.id.desc()).offset(1)).first()
    kept = {column: getattr(late, column) for column in AuditEvent.model_fields}
    session.delete(late)  # as if its transaction had not committed yet
    session.commit()
    unseen = data_version(session)
    assert unseen.newest_event == before.newest_event and unseen != before
    session.add(AuditEvent(**kept))  # it commits now, with its lower id
    session.commit()
    assert data_version(session) == before


def test_the_cache_is_bounded_and_entries_expire():
    now = [0.0]
    cache = PageCache(max_entries=2, max_age=60, clock=lambda: now[0])
    cache.put("a", 1, "A")
    cache.put("b", 1, "B")
    assert cache.get("a", 1) == "A"  # "a" is now the most recent
    cache.put("c", 1, "C")
    assert len(cache) == 2 and cache.get("b", 1) is None and cache.get("c", 1) == "C"
    assert cache.get("a", 2) is None and cache.get("a", 1) is None  # another version drops it
    now[0] = 61
    assert cache.get("c", 1) is None
