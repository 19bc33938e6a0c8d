"""Lineage: a MID continues in, or is absorbed into, another MID or a city strategy; never itself, never in a circle."""

import re

import pytest
from sqlmodel import select

from alumni.lineage import LineageError, clear_lineage, lineage_of, set_lineage, successor_candidates
from alumni.models import AuditEvent, LineageKind, Mid
from tests.dashboard_fixtures import NOW, csrf_token, login_page  # noqa: F401


@pytest.fixture
def three(create_mid, create_network):
    later = create_network("Miasto Kompaktowe", "PIM III")
    return (create_mid(participant="Słupsk"), create_mid(participant="Lublin"),
            create_mid(participant="Słupsk", title="Kontynuacja w PIM III", network=later))


def test_a_mid_continues_in_another_mid_across_editions(session, three, create_user):
    first, _other, successor = three
    admin = create_user("admin@example.org", role="admin")
    set_lineage(session, first, "continues", NOW, successor_id=successor.id, actor=admin)
    session.commit()
    assert (first.lineage_kind, first.successor_mid_id, first.successor_strategy) == ("continues", successor.id, None)
    event = session.exec(select(AuditEvent).where(AuditEvent.mid_id == first.id, AuditEvent.action == "update")).one()
    assert (event.entity_type, event.actor_id) == ("mid", admin.id)
    assert event.changes["successor_mid_id"] == {"before": None, "after": successor.id}


def test_a_mid_is_absorbed_into_a_city_strategy(session, three):
    first = three[0]
    set_lineage(session, first, LineageKind.absorbed, NOW, strategy="  Strategia Rozwoju Słupska 2030 ")
    session.commit()
    assert (first.lineage_kind, first.successor_strategy) == ("absorbed", "Strategia Rozwoju Słupska 2030")


def test_a_mid_cannot_continue_in_itself(session, three):
    with pytest.raises(LineageError, match="itself"):
        set_lineage(session, three[0], "continues", NOW, successor_id=three[0].id)


def test_lineage_cannot_go_round_in_a_circle(session, three):
    first, second, third = three
    set_lineage(session, first, "continues", NOW, successor_id=second.id)
    set_lineage(session, second, "absorbed", NOW, successor_id=third.id)
    with pytest.raises(LineageError, match="circle"):
        set_lineage(session, third, "continues", NOW, successor_id=first.id)
    with pytest.raises(LineageError, match="circle"):
        set_lineage(session, second, "continues", NOW, successor_id=first.id)
    session.rollback()


@pytest.mark.parametrize("fields, message", [
    ({}, "either"),
    ({"successor_id": 1, "strategy": "Strategia"}, "either"),
    ({"successor_id": 999999}, "no MID number 999999"),
])
def test_lineage_needs_exactly_one_existing_target(session, three, fields, message):
    with pytest.raises(LineageError, match=message):
        set_lineage(session, three[0], "continues", NOW, **fields)


def test_unknown_kind_and_stale_version_are_refused(session, three):
    with pytest.raises(LineageError, match="Unknown"):
        set_lineage(session, three[0], "merged", NOW, strategy="Strategia")
    with pytest.raises(LineageError, match="changed"):
        set_lineage(session, three[0], "absorbed", NOW, strategy="Strategia", version=three[0].version + 1)


def test_clearing_a_lineage(session, three):
    first = three[0]
    set_lineage(session, first, "absorbed", NOW, strategy="Strategia")
    clear_lineage(session, first, NOW)
    session.commit()
    assert (first.lineage_kind, first.successor_strategy) == (None, None)
    assert len(session.exec(select(AuditEvent).where(AuditEvent.mid_id == first.id,
                                                     AuditEvent.action == "update")).all()) == 2


def test_lineage_of_shows_the_successor_and_the_predecessors(session, three):
    first, second, third = three
    set_lineage(session, first, "continues", NOW, successor_id=third.id)
    set_lineage(session, second, "absorbed", NOW, successor_id=third.id)
    session.commit()
    of_third = lineage_of(session, third)
    assert of_third.kind is None and [mid.id for mid in of_third.predecessors] == [first.id, second.id]
    of_first = lineage_of(session, first)
    assert of_first.successor.id == third.id and of_first.successor.network.edition.code == "PIM III"
    assert [mid.id for mid in successor_candidates(session, first)] == [third.id]


def test_an_admin_records_a_lineage_through_the_form(client, login, create_user, session, three, login_page):
    first, _second, third = three
    login(create_user("admin@example.org", role="admin"))
    url = f"/mids/{first.id}/lineage"
    page = client.get(url).get_data(as_text=True)
    assert "Kontynuacja w PIM III" in page  # the same city's other MID, offered as the likely successor
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "kind": "continues",
                                      "successor_mid": str(third.id), "strategy": "", "version": "1"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Mid, first.id).successor_mid_id == third.id


def test_the_form_keeps_the_input_and_ties_the_error_to_the_field(client, login, create_user, three, login_page):
    first = three[0]
    login(create_user("admin@example.org", role="admin"))
    url = f"/mids/{first.id}/lineage"
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "kind": "absorbed",
                                      "successor_mid": str(first.id), "strategy": "", "version": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="successor-errors"' in page and 'aria-describedby="successor-hint successor-errors"' in page
    assert re.search(rf'id="successor_mid"[^>]*value="{first.id}"', page)
    assert re.search(r'<input checked[^>]*value="absorbed"', page)
