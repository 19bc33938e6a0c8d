"""Personal data (GDPR): an admin exports everything about a person, or anonymises a departed coordinator."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni import privacy
from alumni.models import (
    ApiToken, AuditEvent, CalendarFeed, LoginAttempt, OneTimeToken, OutboxMessage, Report, User, UserParticipant,
    utcnow,
)
from tests.pages import csrf


@pytest.fixture
def history(create_mid, create_round, create_report, create_user, session):
    """A coordinator of Słupsk with a submitted report, an audited change, mail, tokens and failed logins."""
    mid = create_mid(participant="Słupsk")
    coordinator = create_user(email="katarzyna.nowak@example.org", name="Katarzyna Nowak", participants=("Słupsk",))
    report = create_report(mid, create_round(), submitted_by_id=coordinator.id)
    session.add(AuditEvent(actor_id=coordinator.id, entity_type="report", entity_id=report.id, mid_id=mid.id,
                           action="update", changes={"achievements": {"before": "", "after": "Ogrody deszczowe"}}))
    session.add(OutboxMessage(idempotency_key="reminder-3:round=1:user=1", channel="email", kind="reminder-3",
                              recipient=coordinator.email, user_id=coordinator.id, subject="Przypomnienie",
                              body_text="Dzień dobry, Katarzyno Nowak", status="sent"))
    session.add(OutboxMessage(idempotency_key="overdue:round=1:user=1", channel="email", kind="overdue",
                              recipient=coordinator.email, user_id=coordinator.id, subject="Po terminie",
                              body_text="Dzień dobry, Katarzyno Nowak"))
    session.add(ApiToken(user_id=coordinator.id, name="arkusz", token_hash="h" * 64))
    session.add(OneTimeToken(nonce="n" * 32, purpose="password_reset", user_id=coordinator.id,
                             expires_at=utcnow() + timedelta(hours=1)))
    session.add(CalendarFeed(user_id=coordinator.id, key_hash="k" * 64))
    session.add(LoginAttempt(email=coordinator.email, address="192.0.2.7"))
    session.commit()
    return {"mid": mid, "coordinator": coordinator, "report": report}


@pytest.fixture
def admin(create_user, login):
    return login(create_user(email="admin@example.org", role="admin"))


def export(client, user):
    path = f"/admin/users/{user.id}"
    return client.post(f"{path}/personal-data", data={"csrf_token": csrf(client, path)})


def anonymise(client, user, confirm=True):
    path = f"/admin/users/{user.id}/anonymise"
    data = {"csrf_token": csrf(client, path)} | ({"confirm": "y"} if confirm else {})
    return client.post(path, data=data)


def test_export_holds_everything_about_the_person_but_no_secret(client, admin, history, session):
    coordinator = history["coordinator"]
    response = export(client, coordinator)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="pim-alumni-person-{coordinator.id}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert data["user"]["email"] == "katarzyna.nowak@example.org" and data["user"]["name"] == "Katarzyna Nowak"
    assert "password_hash" not in data["user"]
    assert data["participants"] == [{"id": history["mid"].participant_id, "name": "Słupsk"}]
    assert [event["changes"] for event in data["audit_events_by_them"]] == [
        {"achievements": {"before": "", "after": "Ogrody deszczowe"}}]
    assert [event["action"] for event in data["audit_events_about_them"]] == ["create"]
    assert sorted(message["kind"] for message in data["outbox_messages"]) == ["overdue", "reminder-3"]
    assert data["reports"][0]["submitted_by_them"] is True
    assert data["failed_logins"][0]["address"] == "192.0.2.7"
    assert data["api_tokens"][0]["name"] == "arkusz" and data["links"][0]["purpose"] == "password_reset"
    text = response.get_data(as_text=True)
    for secret in ("h" * 64, "n" * 32, "k" * 64, "argon2"):
        assert secret not in text


def test_export_is_audited_as_done_by_the_admin(client, admin, history, session):
    export(client, history["coordinator"])
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "export_personal_data")).one()
    assert (event.actor_id, event.entity_type, event.entity_id) == (admin.id, "user", history["coordinator"].id)


def test_anonymising_replaces_name_and_address_with_a_stable_pseudonym_and_ends_access(
        app, client, admin, history, session):
    coordinator = history["coordinator"]
    other = app.test_client()  # the coordinator's own browser, signed in
    with other.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"] = coordinator.get_id(), True
    assert other.get("/profile").status_code == 200

    response = anonymise(client, coordinator)
    assert response.status_code == 302
    session.refresh(coordinator)
    pseudonym = f"usunieto-{coordinator.id}@invalid"
    assert (coordinator.email, coordinator.name) == (pseudonym, f"usunieto-{coordinator.id}")
    assert not coordinator.is_active and coordinator.password_hash is None and coordinator.anonymised_at
    assert other.get("/profile").status_code == 302  # their session has ended
    for model in (ApiToken, OneTimeToken, CalendarFeed, UserParticipant):
        assert session.exec(select(model).where(model.user_id == coordinator.id)).all() == []
    assert session.exec(select(LoginAttempt)).all() == []
    messages = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {message.recipient for message in messages} == {pseudonym}
    assert all(message.body_text == "" for message in messages)
    assert [message.status for message in messages] == ["sent", "failed"]  # nothing more goes to them


def test_anonymising_keeps_the_mid_history_attributed_to_the_pseudonym(client, admin, history, session):
    coordinator = history["coordinator"]
    anonymise(client, coordinator)
    report = session.get(Report, history["report"].id)
    assert report.submitted_by_id == coordinator.id and report.state == "submitted"
    by_them = session.exec(select(AuditEvent).where(AuditEvent.actor_id == coordinator.id)).all()
    assert [event.changes for event in by_them] == [{"achievements": {"before": "", "after": "Ogrody deszczowe"}}]
    page = client.get(f"/admin/audit?person={coordinator.id}").get_data(as_text=True)
    assert f"usunieto-{coordinator.id}@invalid" in page


def test_anonymising_leaves_no_trace_of_the_name_or_address_in_the_audit_trail(client, admin, history, session):
    coordinator = history["coordinator"]
    anonymise(client, coordinator)
    about = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "user",
                                                  AuditEvent.entity_id == coordinator.id)).all()
    assert {event.action for event in about} == {"create", "update", "anonymise"}
    everything = json.dumps([event.changes for event in session.exec(select(AuditEvent))], ensure_ascii=False)
    assert "katarzyna" not in everything.lower() and "Nowak" not in everything
    anonymised = next(event for event in about if event.action == "anonymise")
    assert anonymised.actor_id == admin.id


def test_anonymising_needs_a_confirmation_and_an_admin_cannot_anonymise_themself(client, admin, history, session):
    response = anonymise(client, history["coordinator"], confirm=False)
    assert response.status_code == 200 and 'aria-invalid="true"' in response.get_data(as_text=True)
    assert session.get(User, history["coordinator"].id).is_active
    response = anonymise(client, admin)
    assert response.status_code == 200
    assert session.get(User, admin.id).email == "admin@example.org"


def test_pseudonym_is_stable_and_a_valid_address_for_the_database():
    assert privacy.pseudonym_email(7) == privacy.pseudonym_email(7) == "usunieto-7@invalid"
