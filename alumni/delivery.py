"""Delivery of the outbox: claim, send, record; retry with backoff; never send a message twice.

A message is claimed (``pending`` → ``sending``, committed) just before the SMTP server or the
webhook receiver hears of it, and its outcome is committed right after, one by one. SMTP
4xx replies and connection errors are tried again later, with a doubling delay capped at
``OUTBOX_RETRY_MAX_SECONDS``; SMTP 5xx replies fail at once (a 5xx on the recipient marks
the address as bounced). Webhooks follow HTTP's meaning: 5xx, 408, 429 and connection
errors are tried again, other answers fail. A message is tried for
``OUTBOX_RETRY_WINDOW_HOURS`` from its first attempt (a weekend's outage is outlasted; a
password reset only as long as its link lives), then it is ``failed`` and waits for an admin.

The claim records the moment the message was taken, and the outcome is recorded only while
the row is still ``sending`` by this claim: a message still ``sending`` long after its claim
was interrupted by a crash (it may or may not have gone out), so it is flagged as failed for
an admin to decide, never resent blindly, and a deliverer that comes back late to a message
flagged or retried meanwhile changes nothing.
"""

import logging
import smtplib
import time
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from sqlalchemy import func, literal, update
from sqlmodel import select

from .db import session_scope
from .events import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign
from .mail import SmtpConnectError, build_message, check_backend, open_backend
from .models import OutboxChannel, OutboxMessage, OutboxStatus, User
from .outbox import INTERRUPTED

log = logging.getLogger(__name__)



@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    interrupted: int = 0
    superseded: int = 0  # outcomes not recorded: the message was flagged or retried meanwhile
    waiting: int = 0     # pending, but not due yet (a later send time, or a retry's pause)
    next_due_at: object = None
    lines: list = field(default_factory=list)


class RunClock:
    """The run's clock: ``as_of`` when the run starts, moving on with real time as the run goes."""

    def __init__(self, as_of):
        self.as_of, self._started = as_of, time.monotonic()

    def __call__(self):
        return self.as_of + timedelta(seconds=time.monotonic() - self._started)


class _Retry(Exception):
    """Worth trying again later."""


class _Fail(Exception):
    """Trying again would not help."""

    def __init__(self, message, bounced=False):
        super().__init__(message)
        self.bounced = bounced


def due_messages(session, as_of, limit):
    """Pending messages whose time has come, oldest first."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.next_attempt_at <= as_of)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    return session.exec(query).all()


def waiting_messages(session, as_of):
    """(how many pending messages are not due yet at ``as_of``, when the first of them is due)."""
    count, first = session.exec(
        select(func.count(), func.min(OutboxMessage.next_attempt_at))
        .where(OutboxMessage.status == OutboxStatus.pending, OutboxMessage.next_attempt_at > as_of)
    ).one()
    return count, first


def flag_interrupted(session, app, as_of):
    """Mark messages left ``sending`` past the timeout as failed, for an admin; return how many."""
    cutoff = as_of - timedelta(minutes=app.config["OUTBOX_SENDING_TIMEOUT_MINUTES"])
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.sending, OutboxMessage.claimed_at < cutoff)
        .values(status=OutboxStatus.failed, last_error=INTERRUPTED)
    )
    return session.exec(statement).rowcount


def claim(session, message_id, now):
    """Claim one message for sending at ``now``, if it is still pending; the caller commits before sending it."""
    # Conditional: a concurrent deliverer that claimed it first leaves this one nothing.
    column = OutboxMessage.__table__.c.first_attempt_at
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.pending)
        .values(status=OutboxStatus.sending, claimed_at=now, attempts=OutboxMessage.attempts + 1,
                first_attempt_at=func.coalesce(column, literal(now, column.type)))
    )
    if session.exec(statement).rowcount != 1:
        return None
    return session.get(OutboxMessage, message_id, populate_existing=True)


def deliver(app, as_of, max_batches=20):
    """Send what is due at ``as_of``, batch by batch; return what happened."""
    check_backend(app)  # a wrong setting must stop the run, not fail every message
    report, clock = DeliveryReport(), RunClock(as_of)
    with session_scope(app, via="job") as session:
        report.interrupted = flag_interrupted(session, app, as_of)
    batch_size = app.config["OUTBOX_BATCH_SIZE"]
    for _ in range(max_batches):
        with session_scope(app, via="job") as session:
            batch = [message.id for message in due_messages(session, as_of, batch_size)]
        if not batch:
            break
        _send_batch(app, batch, clock, report)
        if len(batch) < batch_size:
            break
    with session_scope(app, via="job") as session:
        report.waiting, report.next_due_at = waiting_messages(session, as_of)
    return report


def _send_batch(app, batch, clock, report):
    """Send the messages of ``batch`` (ids) over one connection, claiming each just before it is sent.

    Claiming one at a time, not the whole batch ahead, means a crash leaves only the message
    in flight in doubt: the rest are still pending and go out on the next run.
    """
    backend, as_of = None, clock.as_of
    try:
        for message_id in batch:
            with session_scope(app, via="job") as session:
                message = claim(session, message_id, clock())
            if message is None:
                continue
            try:
                if message.channel == OutboxChannel.email:
                    backend = backend or open_backend(app)
                    _send_email(app, backend, message)
                else:
                    _send_webhook(app, message)
            except _Retry as error:
                _record_problem(app, message, as_of, str(error), retry=True, report=report)
            except _Fail as error:
                _record_problem(app, message, as_of, str(error), retry=False, report=report,
                                bounced=error.bounced)
            except Exception as error:  # a fault of ours: keep the message for an admin, go on
                log.exception("outbox message %s could not be sent", message.idempotency_key)
                _record_problem(app, message, as_of, f"{type(error).__name__}: {error}", retry=False,
                                report=report)
            else:
                _record_sent(app, message, as_of, report)
    finally:
        if backend is not None:
            backend.close()


def _send_email(app, backend, message):
    try:
        backend.send(build_message(app, message), message)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()))
        _raise_for_reply(code, reply, bounced=code >= 500)
    except smtplib.SMTPResponseException as error:
        _raise_for_reply(error.smtp_code, error.smtp_error, bounced=False)
    except (SmtpConnectError, OSError, smtplib.SMTPException) as error:
        raise _Retry(str(error) or type(error).__name__) from error


def _raise_for_reply(code, reply, bounced):
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    if 400 <= code < 500:
        raise _Retry(f"SMTP {code} {text}")
    raise _Fail(f"SMTP {code} {text}", bounced=bounced)


def _send_webhook(app, message):
    body = message.body_text.encode()
    headers = {"Content-Type": "application/json", EVENT_HEADER: message.kind,
               DELIVERY_HEADER: message.idempotency_key.removeprefix("webhook:")}
    secret = app.config.get("WEBHOOK_SECRET")
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    try:
        response = requests.post(message.recipient, data=body, headers=headers,
                                 timeout=app.config["WEBHOOK_TIMEOUT_SECONDS"], allow_redirects=False)
    except requests.RequestException as error:
        raise _Retry(f"webhook: {error}") from error
    if 200 <= response.status_code < 300:
        return
    text = f"webhook: HTTP {response.status_code} {response.text[:200]}"
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise _Retry(text)
    raise _Fail(text)


def retry_delay(app, attempts):
    """The pause after the ``attempts``-th failed attempt: doubling from the first, capped."""
    first, cap = app.config["OUTBOX_RETRY_SECONDS"], app.config["OUTBOX_RETRY_MAX_SECONDS"]
    return timedelta(seconds=min(cap, first * 2 ** min(attempts - 1, 30)))


def retry_window(app, kind):
    """How long a message of ``kind`` is tried from its first attempt before it fails for good."""
    if kind == "password_reset":  # its link expires: a later e-mail would carry a dead link
        return timedelta(hours=app.config["OUTBOX_PASSWORD_RESET_RETRY_WINDOW_HOURS"])
    return timedelta(hours=app.config["OUTBOX_RETRY_WINDOW_HOURS"])


def _record_outcome(session, message, values):
    """Record an outcome if the row is still ``sending`` by this claim; return whether it was."""
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == OutboxStatus.sending,
               OutboxMessage.claimed_at == message.claimed_at)
        .values(**values)
    )
    return session.exec(statement).rowcount == 1


def _superseded(message, outcome, report):
    report.superseded += 1
    report.lines.append(f"not recorded {message.idempotency_key} ({outcome}): flagged or retried meanwhile")
    log.warning("outbox message %s: outcome %s not recorded, the message was flagged or retried meanwhile",
                message.idempotency_key, outcome)


def _record_sent(app, message, as_of, report):
    with session_scope(app, via="job") as session:
        recorded = _record_outcome(session, message, {"status": OutboxStatus.sent, "sent_at": as_of,
                                                      "last_error": ""})
    if not recorded:
        return _superseded(message, "sent", report)
    report.sent += 1
    report.lines.append(f"sent {message.idempotency_key} to {message.recipient}")


def _record_problem(app, message, as_of, error, retry, report, bounced=False):
    delay = retry_delay(app, message.attempts)
    first_attempt_at = message.first_attempt_at or message.claimed_at
    give_up = not retry or as_of + delay > first_attempt_at + retry_window(app, message.kind)
    values = {"last_error": error[:2000]}
    if give_up:
        values["status"] = OutboxStatus.failed
    else:
        values.update(status=OutboxStatus.pending, next_attempt_at=as_of + delay)
    with session_scope(app, via="job") as session:
        if not _record_outcome(session, message, values):
            return _superseded(message, "failed" if give_up else "retry", report)
        user = session.get(User, message.user_id) if bounced and message.user_id is not None else None
        if user is not None and user.mail_bounced_at is None:
            user.mail_bounced_at = as_of  # through the ORM, so that the audit trail records it
    if give_up:
        report.failed += 1
        report.lines.append(f"failed {message.idempotency_key} after {message.attempts} attempt(s): {error}")
        log.warning("outbox message %s failed: %s", message.idempotency_key, error)
    else:
        report.retrying += 1
        report.lines.append(f"retry {message.idempotency_key} in {delay.total_seconds():.0f}s: {error}")
