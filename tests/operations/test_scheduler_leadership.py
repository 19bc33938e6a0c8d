"""Several schedulers: one leads and runs the jobs, the others stand by and take over when it dies."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from alumni import leadership, operations
from alumni.db import session_scope
from alumni.mail import message_id
from alumni.models import JobRun, OutboxMessage, SchedulerHeartbeat
from alumni.outbox import enqueue
from jobs.scheduler import LeadingScheduler, heartbeat
from tests.servers import SmtpServer
from tests.outbox.test_outbox_faults import HoldingHandler


def heartbeats(session):
    session.rollback()  # see what the schedulers committed
    session.expire_all()
    return {beat.process: beat for beat in session.exec(select(SchedulerHeartbeat))}


def test_only_one_process_holds_the_lead_until_it_lets_go(app):
    first, second = (leadership.lock_for(app.config["DATABASE_URL"]) for _ in range(2))
    try:
        assert first.acquire() and first.still_held()
        assert not second.acquire() and not second.still_held()
        first.release()
        assert second.acquire() and second.still_held()
        assert not first.acquire()
    finally:
        first.release()
        second.release()


def test_a_leader_whose_database_connection_ends_steps_down(app, request, backend):
    if backend != "postgresql":
        pytest.skip("the lock on SQLite lives as long as the process")
    pg_server = request.getfixturevalue("pg_server")
    lock = leadership.lock_for(app.config["DATABASE_URL"])
    admin = create_engine(pg_server.url(), isolation_level="AUTOCOMMIT")
    try:
        assert lock.acquire()
        pid = lock.connection.execute(text("SELECT pg_backend_pid()")).scalar()
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        assert not lock.still_held()
        other = leadership.lock_for(app.config["DATABASE_URL"])
        assert other.acquire()  # the server let go of the lock with the connection
        other.release()
    finally:
        lock.release()
        admin.dispose()


def test_a_standby_takes_the_lead_once_the_leader_lets_go(app):
    app.config["SCHEDULER_STANDBY_POLL_SECONDS"] = 0.1
    leader, standby = LeadingScheduler(app), LeadingScheduler(app)
    try:
        leader.step()
        standby.step()
        assert leader.leading and not standby.leading
        assert {job.id for job in leader.scheduler.get_jobs()} >= {"deliver", "reminders"}
        leader.lock.release()  # as when the leader's process ends: its lock goes with it
        standby.step()
        assert standby.leading
    finally:
        for each in (leader, standby):
            each._stop_jobs(wait=True)  # the delivery it started at once ends before the database goes
            each.lock.release()


def test_a_new_leader_takes_the_title_from_one_that_died_holding_it(app, session, client):
    died = datetime.now(timezone.utc) - timedelta(minutes=2)
    with session_scope(app) as work:
        work.add(SchedulerHeartbeat(process="old-host:7", started_at=died - timedelta(days=1),
                                    beat_at=died, leader_since=died - timedelta(days=1)))
    assert client.get("/healthz").get_json()["scheduler"]["leader"]["process"] == "old-host:7"
    started = datetime.now(timezone.utc)
    heartbeat(app, started, leading=False)
    assert heartbeats(session)[operations.process_name()].leader_since is None  # a standby
    heartbeat(app, started, leading=True)
    beats = heartbeats(session)
    assert beats["old-host:7"].leader_since is None
    since = beats[operations.process_name()].leader_since
    assert since >= started
    heartbeat(app, started, leading=True)
    assert heartbeats(session)[operations.process_name()].leader_since == since  # leading since then
    body = client.get("/healthz").get_json()["scheduler"]
    assert body["leader"] == {"process": operations.process_name(), "since": since.isoformat()}
    assert body["last_heartbeat_age_seconds"] < 30


def run_scheduler(environment, log_path):
    """`alumni scheduler` in a process of its own."""
    with open(log_path, "w") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "alumni", "scheduler"],
                                env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=log_path.parent)


def wait_for(condition, limit, what, logs=()):
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(path.read_text() for path in logs)
            raise AssertionError(f"{what} did not happen within {limit} s\n{output}")
        time.sleep(0.1)


def test_a_standby_scheduler_takes_over_when_the_leader_is_killed_and_every_message_goes_out_once(
        app, session, tmp_path):
    people = [f"osoba{number}@example.org" for number in range(12)]
    now = datetime.now(timezone.utc)
    with session_scope(app) as work:
        for person in people:
            enqueue(work, key=f"reminder-14:round=1:{person}", channel="email", kind="reminder-14",
                    recipient=person, subject="Przypomnienie", body_text="Treść", body_html="<p>Treść</p>",
                    as_of=now - timedelta(minutes=5))
    server = SmtpServer()
    server.handler = server.controller.handler = HoldingHandler(hold_at=5)
    server.start()
    environment = {**os.environ, "ALUMNI_DATABASE_URL": app.config["DATABASE_URL"], "ALUMNI_MAIL_BACKEND": "smtp",
                   "ALUMNI_SMTP_HOST": "127.0.0.1", "ALUMNI_SMTP_PORT": str(server.port),
                   "ALUMNI_SECRET_KEY": "s" * 64, "ALUMNI_SCHEDULER_STANDBY_POLL_SECONDS": "0.5",
                   "ALUMNI_SCHEDULER_HEARTBEAT_SECONDS": "1", "ALUMNI_INSTANCE_PATH": str(tmp_path)}
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    first = run_scheduler(environment, logs[0])
    second = None
    try:
        # The first leads and starts delivering at once; the 5th message keeps it busy.
        assert server.handler.holding.wait(60), logs[0].read_text()
        second = run_scheduler(environment, logs[1])
        names = {process.pid: None for process in (first, second)}

        def both_beat():
            beats = heartbeats(session)
            names.update({pid: name for name in beats for pid in names if name.endswith(f":{pid}")})
            return None not in names.values()

        wait_for(both_beat, 60, "both schedulers beating", logs)
        beats = heartbeats(session)
        assert beats[names[first.pid]].leader_since is not None
        assert beats[names[second.pid]].leader_since is None  # a hot standby

        first.send_signal(signal.SIGKILL)  # the leader's host dies in the middle of a delivery run
        first.wait(timeout=30)
        killed_at = time.monotonic()
        server.handler.release.set()
        wait_for(lambda: heartbeats(session)[names[second.pid]].leader_since is not None, 60,
                 "the standby taking the lead", logs)
        assert time.monotonic() - killed_at < 60
        wait_for(lambda: len(server.messages) >= len(people), 60, "every message arriving", logs)
        time.sleep(1)  # anything sent twice would arrive now
    finally:
        server.handler.release.set()
        for process in (first, second):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
        server.stop()

    received = Counter(message["Message-ID"] for _recipients, message in server.messages)
    expected = {message_id(f"reminder-14:round=1:{person}", app.config["MAIL_FROM"]) for person in people}
    assert set(received) == expected and set(received.values()) == {1}  # each once, none twice
    session.rollback()
    states = Counter(message.status for message in session.exec(select(OutboxMessage)))
    assert states == {"sent": 11, "sending": 1}  # the one in flight at the kill waits for an admin's word
    runs = session.exec(select(JobRun).where(JobRun.job == "deliver", JobRun.process == names[second.pid])).all()
    assert runs and all(run.outcome == "ok" for run in runs if run.finished_at)
