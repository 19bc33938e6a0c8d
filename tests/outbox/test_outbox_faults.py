"""Faults around mail: SMTP down while people work, and a scheduler killed in the middle of a delivery run."""

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from alumni.db import session_scope
from alumni.delivery import INTERRUPTED
from alumni.models import JobOutcome, JobRun, OutboxMessage
from alumni.outbox import enqueue
from jobs import deliver as deliver_job
from tests.pages import csrf
from tests.servers import SmtpHandler, SmtpServer, free_port

WARSAW = ZoneInfo("Europe/Warsaw")
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=WARSAW)


def outbox(session):
    session.rollback()  # see what the code under test committed
    session.expire_all()
    return session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_the_web_keeps_answering_while_smtp_is_down_and_the_mail_waits_in_the_outbox(
        app, client, login, create_user, session):
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nothing listens
    login(create_user(email="admin@example.org", role="admin"))
    path = "/admin/users/new"
    response = client.post(path, data={"csrf_token": csrf(client, path), "email": "nowa@example.org",
                                       "name": "Nowa Koordynatorka", "role": "ministry", "language": "pl"})
    assert response.status_code == 302  # the invitation is written, not sent, by the request
    assert client.get("/admin/users").status_code == 200
    [invitation] = outbox(session)
    assert (invitation.status, invitation.recipient, invitation.attempts) == ("pending", "nowa@example.org", 0)

    now = datetime.now(WARSAW)
    assert "1 to retry" in deliver_job.run(app, now)  # SMTP refuses the connection: tried again later
    [waiting] = outbox(session)
    assert (waiting.status, waiting.attempts) == ("pending", 1) and waiting.last_error
    assert client.get("/healthz").get_json()["outbox"] == {"pending": 1, "failed": 0}

    server = SmtpServer().start()
    try:
        app.config["SMTP_PORT"] = server.port
        deliver_job.run(app, waiting.next_attempt_at)
        deliver_job.run(app, waiting.next_attempt_at + timedelta(hours=1))
    finally:
        server.stop()
    assert [recipients for recipients, _message in server.messages] == [["nowa@example.org"]]
    assert [message.status for message in outbox(session)] == ["sent"]


class HoldingHandler(SmtpHandler):
    """Takes every message; the ``hold_at``-th one is kept waiting for its reply until released."""

    def __init__(self, hold_at):
        super().__init__()
        self.hold_at, self.holding, self.release = hold_at, threading.Event(), threading.Event()

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)  # the server has the message now
        if len(self.messages) == self.hold_at:
            self.holding.set()
            deadline = time.monotonic() + 60
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
        return reply


def run_deliver(environment, as_of, **popen):
    """`alumni jobs run deliver` in a process of its own, as the scheduler or an operator runs it."""
    command = [sys.executable, "-m", "alumni", "jobs", "run", "deliver",
               "--as-of", as_of.strftime("%Y-%m-%dT%H:%M")]
    return subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, **popen)


def test_a_scheduler_killed_mid_delivery_and_restarted_sends_nothing_twice_and_misses_nothing(
        app, session, tmp_path):
    people = [f"osoba{number}@example.org" for number in range(12)]
    with session_scope(app) as work:
        for person in people:
            enqueue(work, key=f"reminder-14:round=1:{person}", channel="email", kind="reminder-14",
                    recipient=person, subject="Przypomnienie", body_text="Treść", body_html="<p>Treść</p>",
                    as_of=T0 - timedelta(minutes=5))
    server = SmtpServer()
    server.handler = server.controller.handler = HoldingHandler(hold_at=5)
    server.start()
    environment = {**os.environ, "ALUMNI_DATABASE_URL": app.config["DATABASE_URL"], "ALUMNI_MAIL_BACKEND": "smtp",
                   "ALUMNI_SMTP_HOST": "127.0.0.1", "ALUMNI_SMTP_PORT": str(server.port),
                   "ALUMNI_SECRET_KEY": "s" * 64}
    try:
        first = run_deliver(environment, T0, cwd=tmp_path)
        try:
            assert server.handler.holding.wait(60), first.communicate(timeout=30)[0]
        finally:
            first.send_signal(signal.SIGKILL)  # in the middle of the 5th message, the 1st to 4th recorded
            first.communicate(timeout=30)
        assert first.returncode == -signal.SIGKILL
        server.handler.release.set()

        restarted = run_deliver(environment, T0 + timedelta(minutes=1), cwd=tmp_path)
        output = restarted.communicate(timeout=60)[0]
        assert restarted.returncode == 0, output
        later = run_deliver(environment, T0 + timedelta(minutes=45), cwd=tmp_path)  # past the sending timeout
        assert later.communicate(timeout=60)[0] and later.returncode == 0
    finally:
        server.stop()

    received = Counter(recipient for recipients, _message in server.messages for recipient in recipients)
    assert received == Counter(people)  # every message arrived, none twice
    rows = {message.recipient: message for message in outbox(session)}
    interrupted = [person for person, message in rows.items() if message.status == "failed"]
    assert interrupted == [people[4]]  # the one in flight: flagged for an admin, never resent blindly
    assert rows[people[4]].last_error == INTERRUPTED
    assert {person for person, message in rows.items() if message.status == "sent"} == set(people) - {people[4]}
    runs = session.exec(select(JobRun).where(JobRun.job == "deliver").order_by(JobRun.id)).all()
    assert [run.outcome for run in runs] == [JobOutcome.running, JobOutcome.ok, JobOutcome.ok]  # killed: no end
