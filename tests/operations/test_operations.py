"""Operations: job runs recorded, the scheduler's heartbeat, /healthz for monitoring, the admins' page, logs."""

import html
import logging
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

import jobs
from alumni import operations
from alumni.db import session_scope
from alumni.models import JobOutcome, JobRun, OutboxMessage, SchedulerHeartbeat, utcnow
from jobs.scheduler import LeadingScheduler, build_scheduler, heartbeat, run_job

AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


def _broken(app, as_of, dry_run=False):
    raise RuntimeError("the SMTP relay refused us")


@pytest.fixture
def broken_job(monkeypatch):
    """A job that fails, registered beside the real ones."""
    real = jobs.registry

    def registry():
        return {**real(), "broken": jobs.Job("broken", _broken, "always fails", "cron", {"hour": 3})}

    monkeypatch.setattr(jobs, "registry", registry)
    monkeypatch.setattr("jobs.scheduler.registry", registry)


def add_message(session, key, status="pending", last_error=""):
    session.add(OutboxMessage(idempotency_key=key, channel="email", kind="reminder-14", recipient="a@example.org",
                              status=status, last_error=last_error))
    session.commit()


def test_a_job_run_is_recorded_with_its_outcome_and_summary(app, session, create_mid):
    create_mid()
    summary = run_job(app, "life-status", AS_OF)
    run = session.exec(select(JobRun)).one()
    assert (run.job, run.as_of, run.outcome, run.dry_run) == ("life-status", AS_OF, JobOutcome.ok, False)
    assert run.summary == summary and "recorded 1 MIDs" in summary
    assert run.started_at <= run.finished_at and run.error == ""
    assert run.process == operations.process_name()


def test_a_failed_job_run_is_recorded_with_its_error_and_still_raises(app, session, broken_job):
    with pytest.raises(RuntimeError, match="refused"):
        run_job(app, "broken", AS_OF)
    run = session.exec(select(JobRun)).one()
    assert run.outcome == JobOutcome.error and run.finished_at is not None
    assert "RuntimeError: the SMTP relay refused us" in run.error and "Traceback" in run.error


def test_each_job_run_logs_one_line_with_name_as_of_duration_and_outcome(app, caplog, broken_job):
    caplog.set_level(logging.INFO, logger="alumni.jobs")
    run_job(app, "life-status", AS_OF)
    with pytest.raises(RuntimeError):
        run_job(app, "broken", AS_OF)
    lines = [record.getMessage() for record in caplog.records if record.name == "alumni.jobs"]
    assert len(lines) == 2
    assert lines[0].startswith("job=life-status as_of=2026-11-23T09:00:00+00:00 dry_run=False duration_ms=")
    assert lines[0].endswith("outcome=ok")
    assert lines[1].startswith("job=broken ") and "outcome=error" in lines[1] and "refused" in lines[1]


def test_the_scheduler_beats_and_forgets_processes_silent_for_a_week(app, session):
    with session_scope(app) as db:
        db.add(SchedulerHeartbeat(process="old-host:1", started_at=utcnow() - timedelta(days=30),
                                  beat_at=utcnow() - timedelta(days=8)))
    started = utcnow()
    heartbeat(app, started)
    heartbeat(app, started)
    beats = session.exec(select(SchedulerHeartbeat)).all()
    assert [beat.process for beat in beats] == [operations.process_name()]
    assert beats[0].started_at == started and beats[0].beat_at >= started


def test_the_scheduler_has_every_job_and_delivers_as_soon_as_it_starts(app):
    scheduler = build_scheduler(app)
    assert {job.id for job in scheduler.get_jobs()} == set(jobs.registry())
    scheduler.start(paused=True)  # next run times are set when it starts
    try:
        deliver = scheduler.get_job("deliver")
        assert deliver.trigger.interval == timedelta(minutes=1)
        assert deliver.next_run_time <= datetime.now(timezone.utc)  # a new leader sends what waits at once
        assert scheduler.get_job("life-status").next_run_time.hour == 2
    finally:
        scheduler.shutdown(wait=False)


def test_the_scheduler_beats_at_once_and_every_interval_after(app, session):
    scheduler = LeadingScheduler(app)
    try:
        scheduler.step()
        first = session.exec(select(SchedulerHeartbeat)).one().beat_at
        scheduler.step()  # within the interval: no new beat
        session.rollback()
        assert session.exec(select(SchedulerHeartbeat)).one().beat_at == first
        app.config["SCHEDULER_HEARTBEAT_SECONDS"] = 0
        scheduler.step()
        session.rollback()
        assert session.exec(select(SchedulerHeartbeat)).one().beat_at > first
    finally:
        scheduler._stop_jobs(wait=True)
        scheduler.lock.release()


def test_healthz_reports_an_unknown_scheduler_and_an_empty_outbox_on_a_new_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "scheduler": "unknown", "outbox": {"pending": 0, "failed": 0}}


def test_healthz_reports_the_heartbeat_age_and_the_outbox_backlog(app, client, session):
    with session_scope(app) as db:
        db.add(SchedulerHeartbeat(process="web-1:42", started_at=utcnow() - timedelta(hours=1),
                                  beat_at=utcnow() - timedelta(seconds=90)))
    for number in range(3):
        add_message(session, f"pending-{number}")
    add_message(session, "failed-1", status="failed", last_error="550 mailbox unavailable")
    add_message(session, "sent-1", status="sent")
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["outbox"] == {"pending": 3, "failed": 1}
    assert 90 <= body["scheduler"]["last_heartbeat_age_seconds"] < 150


def test_operations_page_shows_runs_outbox_and_the_last_errors(app, client, login, create_user, session,
                                                               broken_job):
    run_job(app, "life-status", AS_OF)
    with pytest.raises(RuntimeError):
        run_job(app, "broken", AS_OF)
    add_message(session, "failed-1", status="failed", last_error="550 5.1.1 mailbox unavailable")
    heartbeat(app, utcnow())
    login(create_user(email="admin@example.org", role="admin"))
    page = client.get("/admin/operations").get_data(as_text=True)
    assert "life-status" in page and "broken" in page
    assert "RuntimeError: the SMTP relay refused us" in page
    assert "550 5.1.1 mailbox unavailable" in page
    assert operations.process_name() in page
    assert 'href="/admin/operations"' in page  # in the admin's menu


def test_operations_page_warns_when_no_scheduler_has_reported(client, login, create_user):
    login(create_user(email="admin@example.org", role="admin"))
    page = client.get("/admin/operations?lang=en").get_data(as_text=True)
    assert "No scheduler has reported yet" in page


def test_each_request_logs_one_line_with_method_path_status_duration_and_user(client, login, create_user, caplog):
    caplog.set_level(logging.INFO, logger="alumni.request")
    user = login(create_user(email="admin@example.org", role="admin"))
    client.get("/admin/users")
    client.get("/healthz")
    client.get("/invitation/a-secret-token")
    records = [record for record in caplog.records if record.name == "alumni.request"]
    assert [record.getMessage().split(" duration_ms=")[0] for record in records] == [
        "method=GET path=/admin/users status=200",
        "method=GET path=/healthz status=200",
        "method=GET path=/invitation/*** status=410",
    ]
    assert records[0].getMessage().endswith(f"user={user.id}")
    assert records[0].user_id == user.id and records[0].duration_ms >= 0
    assert "a-secret-token" not in caplog.text


def test_operations_page_says_which_scheduler_leads_and_since_when(app, client, login, create_user):
    since = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    with session_scope(app) as db:
        db.add(SchedulerHeartbeat(process="host-a:101", started_at=since, beat_at=utcnow(), leader_since=since))
        db.add(SchedulerHeartbeat(process="host-b:202", started_at=since, beat_at=utcnow()))
    login(create_user(email="admin@example.org", role="admin", language="en"))
    page = client.get("/admin/operations?lang=en").get_data(as_text=True)
    assert "The jobs are run by host-a:101, leading since 11/23/26, 9:00" in page
    assert page.index("host-a:101") < page.index("host-b:202") and "standby, ready to take over" in page
    polish = client.get("/admin/operations?lang=pl").get_data(as_text=True)
    assert "Zadania wykonuje host-a:101, prowadzący od 23.11.2026, 09:00" in polish


def test_operations_page_shows_each_jobs_summary_in_the_pages_language(
        app, client, login, create_user, create_mid, create_round):
    create_mid()
    create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), closes_on=date(2027, 1, 29))
    as_of = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
    summaries = [run_job(app, name, as_of, dry_run=True) for name in jobs.registry()]
    summaries += [run_job(app, name, as_of) for name in jobs.registry()]
    login(create_user(email="admin@example.org", role="admin"))
    polish = client.get("/admin/operations?lang=pl").get_data(as_text=True)
    untranslated = [first for first in (s.splitlines()[0] for s in summaries) if html.escape(first) in polish]
    assert untranslated == []
    assert "Wysyłka: wysłano 0, do ponowienia 0, nieudanych 0" in polish
    assert "Przypomnienia na 7.12.2026, 09:00: zapisano w skrzynce nadawczej e-maili: 0" in polish
    english = client.get("/admin/operations?lang=en").get_data(as_text=True)
    assert "Delivery: 0 sent, 0 to retry, 0 failed" in english
    assert "Reminders as of 12/7/26, 9:00" in english
