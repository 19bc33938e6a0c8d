"""The outbox's retries: a weekend without SMTP loses no reminder; claims and outcomes are exact; admins retry in bulk."""

import asyncio
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.delivery import INTERRUPTED, deliver
from alumni.models import AuditEvent, OutboxMessage
from alumni.outbox import enqueue, retry
from tests.pages import csrf
from tests.servers import SmtpHandler, SmtpServer, free_port

WARSAW = ZoneInfo("Europe/Warsaw")
FRIDAY_EVENING = datetime(2026, 12, 4, 18, 0, tzinfo=WARSAW)
MONDAY_MORNING = datetime(2026, 12, 7, 8, 0, tzinfo=WARSAW)


def write(app, key, kind="reminder-14", recipient="anna@example.org", as_of=FRIDAY_EVENING):
    with session_scope(app) as session:
        enqueue(session, key=key, channel="email", kind=kind, recipient=recipient, subject="Przypomnienie",
                body_text="Treść", body_html="<p>Treść</p>", as_of=as_of)
    return key


def row(session, key):
    session.rollback()  # see what delivery committed
    session.expire_all()
    return session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).one()


def smtp_down(app):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens


def run_through_outage(app, session, key, until):
    """Deliver at each attempt's time, as the scheduler's minute-by-minute runs would, up to ``until``."""
    clock, attempts = FRIDAY_EVENING, []
    while clock < until:
        deliver(app, clock)
        message = row(session, key)
        attempts.append(clock)
        if message.status != "pending":
            break
        clock = message.next_attempt_at
    return attempts


def test_a_reminder_outlasts_a_weekend_without_smtp_and_goes_out_on_monday(app, session):
    key = write(app, "reminder-14:round=1:user=1")
    smtp_down(app)
    attempts = run_through_outage(app, session, key, MONDAY_MORNING)
    waiting = row(session, key)
    assert waiting.status == "pending" and "connect" in waiting.last_error  # still waiting after 62 hours
    pauses = [later - earlier for earlier, later in zip(attempts, attempts[1:])]
    assert pauses[:4] == [timedelta(minutes=5), timedelta(minutes=10), timedelta(minutes=20), timedelta(minutes=40)]
    assert max(pauses) == timedelta(hours=1)  # the backoff is capped at an hour

    server = SmtpServer().start()
    try:
        app.config["SMTP_PORT"] = server.port
        deliver(app, waiting.next_attempt_at)
    finally:
        server.stop()
    assert row(session, key).status == "sent" and len(server.messages) == 1


def test_a_message_fails_for_good_once_its_retry_window_has_passed(app, session):
    key = write(app, "reminder-3:round=1:user=1")
    smtp_down(app)
    attempts = run_through_outage(app, session, key, FRIDAY_EVENING + timedelta(days=5))
    failed = row(session, key)
    assert failed.status == "failed" and "connect" in failed.last_error
    window = timedelta(hours=app.config["OUTBOX_RETRY_WINDOW_HOURS"])
    assert window >= timedelta(hours=72)
    assert attempts[-1] - attempts[0] <= window < attempts[-1] - attempts[0] + timedelta(hours=1)


def test_a_password_reset_gives_up_when_its_link_would_have_expired_but_an_invitation_waits(app, session):
    reset = write(app, "password-reset:user=1:at=1", kind="password_reset")
    invitation = write(app, "invitation:user=2:at=1", kind="invitation", recipient="nowa@example.org")
    smtp_down(app)
    run_through_outage(app, session, reset, FRIDAY_EVENING + timedelta(hours=6))
    assert row(session, reset).status == "failed"
    run_through_outage(app, session, invitation, FRIDAY_EVENING + timedelta(hours=60))
    assert row(session, invitation).status == "pending"


def test_a_retried_message_gets_a_fresh_window(app, session):
    key = write(app, "reminder-3:round=1:user=1")
    smtp_down(app)
    run_through_outage(app, session, key, FRIDAY_EVENING + timedelta(days=5))
    assert row(session, key).status == "failed"
    later = FRIDAY_EVENING + timedelta(days=6)
    with session_scope(app) as work:
        retry(work, work.get(OutboxMessage, row(session, key).id), later)
    deliver(app, later)
    again = row(session, key)
    assert (again.status, again.attempts) == ("pending", 1)


class SlowHandler(SmtpHandler):
    """Takes every message, the first one only after a pause."""

    async def handle_DATA(self, server, session, envelope):
        if not self.messages:
            await asyncio.sleep(1.5)
        return await super().handle_DATA(server, session, envelope)


def test_a_message_is_claimed_at_the_moment_it_is_taken_not_when_the_run_began(app, session):
    server = SmtpServer()
    server.handler = server.controller.handler = SlowHandler()
    server.start()
    try:
        app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
        first = write(app, "test:first", as_of=MONDAY_MORNING)
        second = write(app, "test:second", recipient="b@example.org", as_of=MONDAY_MORNING)
        deliver(app, MONDAY_MORNING)
    finally:
        server.stop()
    claimed = {key: row(session, key).claimed_at for key in (first, second)}
    assert MONDAY_MORNING <= claimed[first] < MONDAY_MORNING + timedelta(seconds=1)
    assert claimed[second] >= MONDAY_MORNING + timedelta(seconds=1.5)  # after the slow first message


class StallingHandler(SmtpHandler):
    """Stalls the first RCPT until released, then answers it 451; accepts everything after."""

    def __init__(self):
        super().__init__()
        self.stalled, self.release, self.stall_next = threading.Event(), threading.Event(), True

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.stall_next:
            self.stall_next = False
            self.stalled.set()
            deadline = time.monotonic() + 60
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            return "451 4.3.0 Try again later"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def test_a_late_outcome_does_not_overwrite_a_message_taken_over_meanwhile(app, session):
    """A deliverer stalls; the message is flagged, retried by an admin and sent by another; the stalled one's 451 changes nothing."""
    server = SmtpServer()
    server.handler = server.controller.handler = StallingHandler()
    server.start()
    other = None
    try:
        app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
        key = write(app, "test:stalled", as_of=MONDAY_MORNING)
        stalled = threading.Thread(target=deliver, args=(app, MONDAY_MORNING))
        stalled.start()
        assert server.handler.stalled.wait(30)
        other = create_app({**app.config, "TESTING": True})
        later = MONDAY_MORNING + timedelta(minutes=45)
        assert deliver(other, later).interrupted == 1  # past the sending timeout: flagged for an admin
        with session_scope(other) as work:
            retry(work, work.get(OutboxMessage, row(session, key).id), later)  # the admin sends it again
        assert deliver(other, later).sent == 1
        server.handler.release.set()
        stalled.join(30)
        assert row(session, key).status == "sent"  # the stalled deliverer's 451 came too late to matter
        assert deliver(other, MONDAY_MORNING + timedelta(hours=3)).sent == 0
    finally:
        server.handler.release.set()
        server.stop()
        if other is not None:
            get_db(other).dispose()
    assert len(server.messages) == 1


@pytest.fixture
def admin(create_user, login):
    return login(create_user(email="admin@example.org", role="admin", language="en", password=None))


def test_admin_sends_every_failed_message_again_at_once_except_those_interrupted_mid_send(
        client, session, admin):
    for number in range(3):
        session.add(OutboxMessage(idempotency_key=f"test:refused-{number}", channel="email", kind="reminder-3",
                                  recipient=f"osoba{number}@example.org", status="failed", attempts=6,
                                  last_error="SMTP 451 4.3.0 Try again later"))
    session.add(OutboxMessage(idempotency_key="test:crashed", channel="email", kind="reminder-3",
                              recipient="x@example.org", status="failed", attempts=1, last_error=INTERRUPTED))
    session.add(OutboxMessage(idempotency_key="test:sent", channel="email", kind="opening",
                              recipient="y@example.org", status="sent", attempts=1))
    session.commit()
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert 'action="/admin/outbox/retry-failed"' in page

    response = client.post("/admin/outbox/retry-failed", data={"csrf_token": csrf(client, "/admin/outbox")},
                           follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "3 failed messages will be sent again in a minute." in text
    assert "1 message interrupted while sending was left for you to check one by one." in text
    states = {m.idempotency_key: (m.status, m.attempts) for m in session.exec(select(OutboxMessage))}
    assert states == {"test:refused-0": ("pending", 0), "test:refused-1": ("pending", 0),
                      "test:refused-2": ("pending", 0), "test:crashed": ("failed", 1), "test:sent": ("sent", 1)}
    [event] = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "outboxmessage")).all()
    assert (event.actor_id, event.action, event.via) == (admin.id, "retry", "web")
    assert event.changes["status"] == {"before": "failed", "after": "pending"}
    assert sorted(event.changes["messages"]["after"]) == sorted(
        m.id for m in session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")))


def test_sending_failed_messages_again_needs_the_form_token(client, session, admin):
    session.add(OutboxMessage(idempotency_key="test:refused", channel="email", kind="reminder-3",
                              recipient="osoba@example.org", status="failed", attempts=6, last_error="451"))
    session.commit()
    response = client.post("/admin/outbox/retry-failed", data={})
    assert response.status_code == 400
    assert session.exec(select(OutboxMessage)).one().status == "failed"


def test_with_nothing_failed_the_bulk_retry_says_so(client, admin):
    response = client.post("/admin/outbox/retry-failed", data={"csrf_token": csrf(client, "/admin/outbox")},
                           follow_redirects=True)
    assert "No failed message to send again." in response.get_data(as_text=True)


def test_sending_one_failed_message_again_is_recorded_in_the_audit_trail(client, session, admin):
    message = OutboxMessage(idempotency_key="test:refused", channel="email", kind="reminder-3",
                            recipient="osoba@example.org", status="failed", attempts=6, last_error="451")
    session.add(message)
    session.commit()
    client.post(f"/admin/outbox/{message.id}/retry", data={"csrf_token": csrf(client, "/admin/outbox")})
    [event] = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "outboxmessage")).all()
    assert (event.actor_id, event.entity_id, event.action) == (admin.id, message.id, "retry")
    assert event.changes["messages"]["after"] == [message.id]
    trail = client.get("/admin/audit")
    assert trail.status_code == 200 and "outboxmessage" in trail.get_data(as_text=True)
