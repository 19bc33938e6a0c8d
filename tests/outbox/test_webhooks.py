"""Webhooks through the outbox to a real HTTP receiver on loopback, signed with HMAC-SHA256."""

import hashlib
import hmac
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni import events
from alumni.db import session_scope
from alumni.delivery import deliver
from alumni.models import Mid, OutboxMessage
from jobs import life_status as life_status_job
from jobs import reminders as reminders_job
from tests.servers import WebhookReceiver, free_port
from tests.reporting.test_reports import report_data

WARSAW = ZoneInfo("Europe/Warsaw")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=WARSAW)
SECRET = "hook-secret"


@pytest.fixture
def receiver(app):
    server = WebhookReceiver().start()
    app.config.update(WEBHOOK_URL=server.url, WEBHOOK_SECRET=SECRET)
    yield server
    server.stop()


def webhooks(session):
    session.rollback()  # end the snapshot and forget what was loaded: see what was committed
    session.expire_all()
    return session.exec(select(OutboxMessage).where(OutboxMessage.channel == "webhook")).all()


@pytest.fixture
def submitted(create_round, create_mid, create_report):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    return create_report(create_mid(participant="Słupsk"), round_, submitted_at=T0)


def announce(app, report):
    with session_scope(app) as work:
        return events.report_submitted(work, app, report, T0)


def test_report_submitted_reaches_the_receiver_signed_with_the_secret(app, receiver, submitted):
    assert announce(app, submitted)
    report = deliver(app, T0)
    assert report.sent == 1
    [(headers, body)] = receiver.requests
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Alumni-Signature"] == expected
    assert events.signature_matches(SECRET, body, headers["X-Alumni-Signature"])
    assert not events.signature_matches("another secret", body, headers["X-Alumni-Signature"])
    assert headers["X-Alumni-Event"] == "report.submitted"
    assert headers["Content-Type"] == "application/json"
    [payload] = receiver.payloads()
    assert payload["event"] == "report.submitted" and payload["id"] == headers["X-Alumni-Delivery"]
    assert payload["data"]["mid_id"] == submitted.mid_id and payload["data"]["round_id"] == submitted.round_id


def test_the_same_event_is_written_once(app, session, receiver, submitted):
    assert announce(app, submitted)
    assert not announce(app, submitted)
    assert len(webhooks(session)) == 1


def test_without_a_webhook_url_nothing_is_written(app, session, submitted):
    assert not announce(app, submitted)
    assert webhooks(session) == []


def test_a_receiver_error_is_retried_and_a_refusal_fails(app, session, receiver, submitted, create_report,
                                                         create_mid, create_round):
    receiver.statuses = [503]
    announce(app, submitted)
    deliver(app, T0)
    [waiting] = webhooks(session)
    assert waiting.status == "pending" and "503" in waiting.last_error
    deliver(app, T0 + timedelta(minutes=5))
    assert webhooks(session)[0].status == "sent" and len(receiver.requests) == 2

    receiver.statuses = [400]
    other = create_report(create_mid(participant="Lublin", voivodeship="lubelskie"), submitted.round,
                          submitted_at=T0)
    announce(app, other)
    deliver(app, T0 + timedelta(minutes=10))
    refused = next(row for row in webhooks(session) if row.id != waiting.id)
    assert refused.status == "failed" and "400" in refused.last_error


def test_an_unreachable_receiver_is_tried_again_later(app, session, submitted):
    app.config.update(WEBHOOK_URL=f"http://127.0.0.1:{free_port()}/hook", WEBHOOK_SECRET=SECRET)
    announce(app, submitted)
    deliver(app, T0)
    [waiting] = webhooks(session)
    assert waiting.status == "pending" and waiting.attempts == 1


def test_life_status_job_announces_a_status_change_once(app, session, receiver, create_mid, create_action):
    mid = create_mid(participant="Słupsk")
    create_action(mid)
    life_status_job.run(app, datetime(2026, 11, 23, 3, tzinfo=WARSAW))
    assert webhooks(session) == []  # nothing recorded before: no change to announce
    mid = session.get(Mid, mid.id)
    mid.abandoned_at, mid.abandoned_reason = datetime(2026, 11, 23, 12, tzinfo=WARSAW), "Brak środków"
    session.add(mid)
    session.commit()
    for _ in range(2):
        life_status_job.run(app, datetime(2026, 11, 24, 3, tzinfo=WARSAW))
    deliver(app, datetime(2026, 11, 24, 3, 1, tzinfo=WARSAW))
    [payload] = receiver.payloads()
    assert payload["event"] == "mid.status_changed"
    # The night after 23 November records that day's end: the MID was abandoned on the 23rd.
    assert payload["data"] == {"mid_id": mid.id, "from": "active", "to": "abandoned", "recorded_on": "2026-11-23"}


def test_a_day_of_many_changes_announces_each_once(app, session, receiver, create_mid, create_action):
    mids = [create_mid(participant=name) for name in ("Słupsk", "Żory", "Racibórz")]
    for mid in mids:
        create_action(mid)
    life_status_job.run(app, datetime(2026, 11, 23, 3, tzinfo=WARSAW))
    for mid in mids[:2]:
        mid = session.get(Mid, mid.id)
        mid.abandoned_at, mid.abandoned_reason = datetime(2026, 11, 23, 12, tzinfo=WARSAW), "Brak środków"
        session.add(mid)
    session.commit()
    for _ in range(2):
        life_status_job.run(app, datetime(2026, 11, 24, 3, tzinfo=WARSAW))
    deliver(app, datetime(2026, 11, 24, 3, 1, tzinfo=WARSAW))
    payloads = sorted(receiver.payloads(), key=lambda payload: payload["data"]["mid_id"])
    assert [(payload["event"], payload["data"]["mid_id"], payload["data"]["to"]) for payload in payloads] == [
        ("mid.status_changed", mids[0].id, "abandoned"), ("mid.status_changed", mids[1].id, "abandoned")]


def test_enqueue_many_writes_each_key_once(app, session):
    from alumni.outbox import enqueue, enqueue_many

    def message(key):
        return {"key": key, "channel": "webhook", "kind": "test", "recipient": "http://hook.invalid",
                "body_text": key, "as_of": T0}

    assert enqueue(session, **message("a"))
    assert enqueue_many(session, [message("a"), message("b"), message("c"), message("b")]) == 2
    assert enqueue_many(session, [message("c")]) == 0 and enqueue_many(session, []) == 0
    session.commit()
    rows = webhooks(session)
    assert sorted((row.idempotency_key, row.body_text, row.status) for row in rows) == [
        ("a", "a", "pending"), ("b", "b", "pending"), ("c", "c", "pending")]
    assert all(row.next_attempt_at == row.created_at for row in rows)


def test_the_escalation_announces_round_escalated_once(app, session, receiver, submitted, create_mid,
                                                       create_user):
    silent = create_mid(participant="Żory", voivodeship="śląskie")
    create_user(email="marek@example.org", role="ministry", password=None)
    escalation_day = datetime(2026, 12, 28, 9, tzinfo=WARSAW)
    reminders_job.run(app, escalation_day)
    reminders_job.run(app, escalation_day + timedelta(hours=3))
    deliver(app, escalation_day + timedelta(hours=3))
    [payload] = receiver.payloads()
    assert payload["event"] == "round.escalated"
    assert payload["data"]["silent_mid_ids"] == [silent.id] and payload["data"]["round"] == "2026 H2"


def test_submitting_a_report_through_its_form_announces_it(app, session, receiver, client, create_round, create_mid,
                                                          create_user, login):
    today = datetime.now(WARSAW).date()
    round_ = create_round(name="Bieżąca", opens_on=today - timedelta(days=10), due_on=today + timedelta(days=10),
                          closes_on=today + timedelta(days=40))
    mid = create_mid(participant="Słupsk")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    draft = client.post(f"/mids/{mid.id}/report", data=report_data(client, mid, achievements="Szkic", draft="1"))
    assert draft.status_code == 302 and webhooks(session) == []
    submitted = client.post(f"/mids/{mid.id}/report", data=report_data(client, mid, achievements="Gotowe", submit="1"))
    assert submitted.status_code == 302
    [event] = webhooks(session)
    assert event.kind == "report.submitted" and event.round_id == round_.id
    deliver(app, datetime.now(WARSAW))
    [payload] = receiver.payloads()
    assert payload["data"]["mid_id"] == mid.id and payload["data"]["state"] == "submitted"
