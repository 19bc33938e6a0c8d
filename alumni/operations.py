"""Operations: job runs, the scheduler's heartbeat, and the state that monitoring and admins read."""

import os
import socket
import traceback
from datetime import timedelta

from sqlmodel import delete, func, select, update

from .models import JobOutcome, JobRun, OutboxMessage, OutboxStatus, SchedulerHeartbeat
from .outbox import status_counts

# A heartbeat older than this is forgotten (a process that stopped long ago).
HEARTBEAT_KEPT = timedelta(days=7)
ERROR_TEXT_LIMIT = 8000


def process_name():
    """This process, as "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"


def start_run(session, job, as_of, dry_run, now):
    """Record that ``job`` starts now, as of ``as_of``."""
    run = JobRun(job=job, as_of=as_of, dry_run=dry_run, process=process_name(), started_at=now)
    session.add(run)
    session.flush()
    return run


def finish_run(session, run_id, now, summary="", error=None):
    """Record how a run ended: its summary, or the error that stopped it."""
    run = session.get(JobRun, run_id)
    run.finished_at = now
    run.outcome = JobOutcome.error if error is not None else JobOutcome.ok
    run.summary = summary or ""
    if error is not None:
        text = "".join(traceback.format_exception(error))
        run.error = text[-ERROR_TEXT_LIMIT:]
    session.flush()
    return run


def beat(session, now, started_at, leading=False):
    """Record that this scheduler process is alive, and whether it leads; forget processes silent for long."""
    name = process_name()
    heartbeat = session.exec(select(SchedulerHeartbeat).where(SchedulerHeartbeat.process == name)).first()
    if heartbeat is None:
        heartbeat = SchedulerHeartbeat(process=name, started_at=started_at, beat_at=now)
    heartbeat.beat_at = now
    if not leading:
        heartbeat.leader_since = None
    elif heartbeat.leader_since is None:
        heartbeat.leader_since = now
        # The lock says one leads: a process that led before (and died holding the title) no longer does.
        session.exec(update(SchedulerHeartbeat).where(SchedulerHeartbeat.process != name,
                                                      SchedulerHeartbeat.leader_since.is_not(None))
                     .values(leader_since=None))
    session.add(heartbeat)
    session.exec(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.beat_at < now - HEARTBEAT_KEPT))
    session.flush()
    return heartbeat


def last_heartbeat(session):
    return session.exec(select(func.max(SchedulerHeartbeat.beat_at))).one()


def leader(session):
    """The scheduler process that leads (runs the jobs), or None."""
    return session.exec(select(SchedulerHeartbeat).where(SchedulerHeartbeat.leader_since.is_not(None))
                        .order_by(SchedulerHeartbeat.leader_since.desc())).first()


def health(session, now):
    """What /healthz adds for monitoring: the leading scheduler's last sign of life and the outbox backlog."""
    beat_at = last_heartbeat(session)
    counts = status_counts(session)
    scheduler = "unknown"
    if beat_at is not None:
        leading = leader(session)
        scheduler = {
            # The leader's beat: standbys beating do not make up for a leader that stopped.
            "last_heartbeat_age_seconds": _age(now, leading.beat_at if leading else beat_at),
            "leader": None if leading is None else {"process": leading.process,
                                                     "since": leading.leader_since.isoformat()},
        }
    return {
        "scheduler": scheduler,
        "outbox": {"pending": counts[OutboxStatus.pending], "failed": counts[OutboxStatus.failed]},
    }


def _age(now, then):
    return max(0, int((now - then).total_seconds()))


def overview(session, now, runs=30, errors=20):
    """The admins' operations page: schedulers, recent runs, the outbox and the last errors."""
    failed_messages = session.exec(
        select(OutboxMessage).where(OutboxMessage.last_error != "")
        .order_by(OutboxMessage.next_attempt_at.desc(), OutboxMessage.id.desc()).limit(errors)
    ).all()
    return {
        "now": now,
        "leader": leader(session),
        "heartbeats": session.exec(select(SchedulerHeartbeat).order_by(
            SchedulerHeartbeat.leader_since.is_(None), SchedulerHeartbeat.beat_at.desc())).all(),
        "runs": session.exec(select(JobRun).order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(runs)).all(),
        "failed_runs": session.exec(
            select(JobRun).where(JobRun.outcome == JobOutcome.error)
            .order_by(JobRun.started_at.desc(), JobRun.id.desc()).limit(errors)
        ).all(),
        "outbox": status_counts(session),
        "failed_messages": failed_messages,
    }
