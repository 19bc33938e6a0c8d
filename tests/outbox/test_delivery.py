"""Delivery of the outbox over real SMTP (aiosmtpd on loopback): once, with retries, or failed."""

import re
import threading
from datetime import date, datetime, timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.delivery import INTERRUPTED, deliver
from alumni.models import OutboxMessage, User
from alumni.outbox import enqueue, failed_messages, retry
from alumni.report_links import ExpiredReportLink, read_report_token
from jobs import deliver as deliver_job
from jobs import reminders as reminders_job
from tests.servers import TLS_CERT, SmtpServer, free_port

WARSAW = ZoneInfo("Europe/Warsaw")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=WARSAW)


@pytest.fixture
def smtp(app):
    server = SmtpServer().start()
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
    yield server
    server.stop()


@pytest.fixture
def message(app):
    """Write one e-mail to the outbox; return its key."""

    def write(recipient="anna@example.org", key="test:1", user_id=None, as_of=T0):
        with session_scope(app) as session:
            enqueue(session, key=key, channel="email", kind="reminder-14", recipient=recipient,
                    subject="Przypomnienie", body_text="Treść", body_html="<p>Treść</p>",
                    user_id=user_id, as_of=as_of)
        return key

    return write


def row(session, key):
    session.rollback()  # end the snapshot and forget what was loaded: see what delivery committed
    session.expire_all()
    return session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).one()


@pytest.fixture
def round_with_people(create_round, create_mid, create_user, create_network):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    green = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura")
    digital = create_mid(participant="Słupsk", title="Cyfrowy urząd", network=create_network(name="Sieć Cyfrowa"))
    anna = create_user(email="anna@example.org", participants=("Słupsk",), name="Anna Nowak", password=None)
    john = create_user(email="john@example.org", participants=("Słupsk",), name="John Smith", language="en",
                       password=None)
    return round_, (green, digital), anna, john


def test_reminders_arrive_over_smtp_in_each_recipients_language_with_links_that_expire(
        app, smtp, round_with_people):
    round_, (green, digital), anna, john = round_with_people
    reminders_job.run(app, T0)
    summary = deliver_job.run(app, T0 + timedelta(minutes=1))
    assert "2 sent, 0 to retry, 0 failed" in summary
    by_recipient = {tuple(recipients): message for recipients, message in smtp.messages}
    assert set(by_recipient) == {("anna@example.org",), ("john@example.org",)}

    polish, english = by_recipient[("anna@example.org",)], by_recipient[("john@example.org",)]
    assert polish["Subject"].endswith("14 grudnia 2026")
    assert english["Subject"] == "Reminder: reports for round 2026 H2 are due on December 14, 2026"
    assert polish["From"] == "PIM Alumni <pim-alumni@example.org>" and polish["To"] == "anna@example.org"
    polish_text = polish.get_body(("plain",)).get_content()
    assert polish_text.splitlines()[0] == "Dzień dobry,"
    assert "29 stycznia 2027" in polish_text
    assert '<html lang="pl">' in polish.get_body(("html",)).get_content()
    assert '<html lang="en">' in english.get_body(("html",)).get_content()
    assert "January 29, 2027" in english.get_body(("plain",)).get_content()

    links = re.findall(r"http://alumni\.example\.org/reports/by-link/(\S+)", polish_text)
    assert len(links) == 2
    granted = {read_report_token(app, token, T0).mid_id for token in links}
    assert granted == {green.id, digital.id}
    assert {read_report_token(app, token, T0).user_id for token in links} == {anna.id}
    html_links = re.findall(r'href="http://alumni\.example\.org/reports/by-link/([^"]+)"',
                            polish.get_body(("html",)).get_content())
    assert sorted(html_links) == sorted(links)
    after_close = datetime(2027, 1, 30, 0, 0, tzinfo=WARSAW)
    for token in links:
        with pytest.raises(ExpiredReportLink):
            read_report_token(app, token, after_close)


def test_a_batch_goes_through_one_smtp_connection(app, smtp, message):
    for number in range(3):
        message(recipient=f"person{number}@example.org", key=f"test:{number}")
    deliver(app, T0)
    assert len(smtp.messages) == 3 and len(smtp.handler.sessions) == 1


def test_smtp_refusing_the_first_attempts_then_accepting_delivers_once(app, session, smtp, message):
    smtp.handler.rcpt_replies = ["451 4.3.0 Try again later", "421 4.7.0 Too busy"]
    key = message()
    deliver(app, T0)
    first = row(session, key)
    assert (first.status, first.attempts) == ("pending", 1) and "451" in first.last_error
    assert first.next_attempt_at == T0 + timedelta(seconds=300)

    deliver(app, T0 + timedelta(seconds=299))  # not yet due: nothing is tried
    assert row(session, key).attempts == 1
    deliver(app, T0 + timedelta(seconds=300))
    second = row(session, key)
    assert (second.status, second.attempts) == ("pending", 2)
    assert second.next_attempt_at == T0 + timedelta(seconds=300 + 600)  # the delay doubles

    deliver(app, T0 + timedelta(seconds=900))
    deliver(app, T0 + timedelta(hours=5))
    done = row(session, key)
    assert (done.status, done.attempts, done.last_error) == ("sent", 3, "")
    assert done.sent_at == T0 + timedelta(seconds=900)
    assert len(smtp.messages) == 1


def test_a_server_that_never_accepts_ends_failed_for_the_admins(app, session, smtp, message):
    smtp.handler.always_reply = "451 4.3.0 Mailbox busy"
    key = message()
    clock = T0
    for _ in range(10):
        deliver(app, clock)
        clock += timedelta(days=1)
    failed = row(session, key)
    # Tried by the daily runs of days 0 to 3; the next pause would end past the 72 hours' window.
    assert (failed.status, failed.attempts) == ("failed", 4)
    assert "451" in failed.last_error
    assert smtp.messages == []
    assert [m.idempotency_key for m in failed_messages(session)] == [key]

    smtp.handler.always_reply = None
    with session_scope(app) as work:
        retry(work, work.get(OutboxMessage, failed.id), clock)
    deliver(app, clock)
    assert row(session, key).status == "sent" and len(smtp.messages) == 1


def test_a_5xx_on_the_recipient_fails_at_once_and_marks_the_address_bounced(
        app, session, smtp, message, create_user):
    gone_id = create_user(email="gone@example.org", role="ministry", password=None).id
    smtp.handler.rcpt_replies = ["550 5.1.1 No such user"]
    key = message(recipient="gone@example.org", user_id=gone_id)
    report = deliver(app, T0)
    assert report.failed == 1
    failed = row(session, key)
    assert (failed.status, failed.attempts) == ("failed", 1) and "550" in failed.last_error
    assert session.get(User, gone_id).mail_bounced_at == T0


def test_an_unreachable_server_is_tried_again_later(app, session, message):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())
    keys = [message(key="test:a"), message(key="test:b", recipient="b@example.org")]
    report = deliver(app, T0)
    assert report.retrying == 2
    for key in keys:
        waiting = row(session, key)
        assert waiting.status == "pending" and "connect" in waiting.last_error


def test_a_message_left_sending_by_a_crash_is_flagged_not_resent(app, session, smtp, message):
    crashed, recent = message(key="test:crashed"), message(key="test:recent")
    with session_scope(app) as work:
        for key, claimed in ((crashed, T0 - timedelta(hours=2)), (recent, T0 - timedelta(minutes=5))):
            stuck = work.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == key)).one()
            stuck.status, stuck.claimed_at, stuck.attempts = "sending", claimed, 1
    report = deliver(app, T0)
    assert report.interrupted == 1 and smtp.messages == []
    flagged = row(session, crashed)
    assert flagged.status == "failed" and flagged.last_error == INTERRUPTED
    assert row(session, recent).status == "sending"  # perhaps still being sent by another process


def test_two_deliverers_racing_send_each_message_once(app, session, smtp, message):
    for number in range(12):
        message(recipient=f"person{number}@example.org", key=f"test:{number}")
    apps = [app] + [create_app({**app.config, "TESTING": True}) for _ in range(2)]
    barrier = threading.Barrier(len(apps))
    errors = []

    def deliverer(each_app):
        try:
            barrier.wait()
            deliver(each_app, T0)
        except Exception as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=deliverer, args=(each,)) for each in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in apps[1:]:
        get_db(other).dispose()
    assert errors == []
    recipients = sorted(recipients[0] for recipients, _message in smtp.messages)
    assert recipients == sorted(f"person{number}@example.org" for number in range(12))
    session.rollback()
    assert {m.status for m in session.exec(select(OutboxMessage))} == {"sent"}


def test_starttls_and_login_when_configured(app, session, message):
    server = SmtpServer(tls=True, username="alumni", password="s3cret").start()
    try:
        app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port,
                          SMTP_STARTTLS=True, SMTP_CA_FILE=str(TLS_CERT),
                          SMTP_USERNAME="alumni", SMTP_PASSWORD="s3cret")
        key = message()
        deliver(app, T0)
        assert row(session, key).status == "sent"
        assert server.logins == [("alumni", "s3cret")] and len(server.messages) == 1
    finally:
        server.stop()


def test_wrong_smtp_password_is_tried_again_later(app, session, message):
    server = SmtpServer(tls=True, username="alumni", password="s3cret").start()
    try:
        app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port,
                          SMTP_STARTTLS=True, SMTP_CA_FILE=str(TLS_CERT),
                          SMTP_USERNAME="alumni", SMTP_PASSWORD="wrong")
        key = message()
        deliver(app, T0)
        waiting = row(session, key)
        assert waiting.status == "pending" and "535" in waiting.last_error and server.messages == []
    finally:
        server.stop()


def test_file_backend_writes_an_eml_file_per_message(app, session, message):
    key = message()
    deliver(app, T0)
    files = list((Path(app.instance_path) / "mail").glob("*.eml"))
    assert len(files) == 1 and row(session, key).status == "sent"
    parsed = BytesParser(policy=policy.default).parsebytes(files[0].read_bytes())
    assert parsed["To"] == "anna@example.org" and parsed["Subject"] == "Przypomnienie"
    assert parsed.get_body(("html",)).get_content().strip() == "<p>Treść</p>"


def test_deliver_dry_run_lists_what_is_due_and_sends_nothing(app, session, message):
    key = message()
    summary = deliver_job.run(app, T0, dry_run=True)
    assert "would send 1 message(s)" in summary and "anna@example.org" in summary
    assert row(session, key).status == "pending"
    assert not (Path(app.instance_path) / "mail").exists()



def test_an_unknown_mail_backend_stops_the_run_and_keeps_the_messages(app, session, runner, message):
    app.config["MAIL_BACKEND"] = "pigeon"
    key = message()
    result = runner.invoke(args=["jobs", "run", "deliver", "--as-of", "2026-12-07T09:05"])
    assert result.exit_code != 0 and "ALUMNI_MAIL_BACKEND must be one of file, smtp" in result.output
    assert (row(session, key).status, row(session, key).attempts) == ("pending", 0)


def test_deliver_says_how_many_messages_wait_for_their_send_time_and_when_the_next_is_due(
        app, session, runner, message):
    message(key="test:monday", as_of=T0)  # written for Monday 09:00
    message(key="test:tuesday", recipient="b@example.org", as_of=T0 + timedelta(days=1))
    result = runner.invoke(args=["jobs", "run", "deliver", "--as-of", "2026-12-06T12:00"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("deliver: 0 sent, 0 to retry, 0 failed, 0 interrupted earlier and flagged; "
                                    "2 waiting for their send time, the next at 2026-12-07 09:00")
    dry = runner.invoke(args=["jobs", "run", "deliver", "--as-of", "2026-12-06T12:00", "--dry-run"])
    assert "would send 0 message(s) due by 2026-12-06 12:00; 2 waiting for their send time, the next at " \
           "2026-12-07 09:00" in dry.output
    done = runner.invoke(args=["jobs", "run", "deliver", "--as-of", "2026-12-08T09:00"])
    assert done.output.splitlines()[0] == "deliver: 2 sent, 0 to retry, 0 failed, 0 interrupted earlier and flagged"
