"""Delivery of the outbox: claim, send, record; retry with backoff; never send a message twice.

A message is claimed (``pending`` → ``sending``, committed) before the SMTP server or the
webhook receiver hears of it, and its outcome is committed right after, one by one. SMTP
4xx replies and connection errors are tried again later, with a doubling delay; SMTP 5xx
replies fail at once (a 5xx on the recipient marks the address as bounced). Webhooks
follow HTTP's meaning: 5xx, 408, 429 and connection errors are tried again, other answers
fail. After ``OUTBOX_MAX_ATTEMPTS`` a message is ``failed`` and waits for an admin. A
message still ``sending`` long after its claim was interrupted by a crash: it may or may
not have gone out, so it is flagged as failed for an admin to decide, never resent blindly.
"""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import timedelta

import requests
from sqlalchemy import update
from sqlmodel import select

from .db import session_scope
from .events import DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, sign
from .mail import SmtpConnectError, build_message, check_backend, open_backend
from .models import OutboxChannel, OutboxMessage, OutboxStatus, User

log = logging.getLogger(__name__)

INTERRUPTED = ("Interrupted while sending (the service stopped before the outcome was recorded): "
               "it may or may not have been delivered. Check with the recipient before retrying.")


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    interrupted: int = 0
    lines: list = field(default_factory=list)


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


def flag_interrupted(session, app, as_of):
    """Mark messages left ``sending`` past the timeout as failed, for an admin; return how many."""
    cutoff = as_of - timedelta(minutes=app.config["OUTBOX_SENDING_TIMEOUT_MINUTES"])
    statement = (
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.sending, OutboxMessage.claimed_at < cutoff)
        .values(status=OutboxStatus.failed, last_error=INTERRUPTED)
    )
    return session.exec(statement).rowcount


def claim(session, as_of, limit):
    """Claim up to ``limit`` due messages for this run (the caller commits before sending)."""
    claimed = []
    for message_id in [message.id for message in due_messages(session, as_of, limit)]:
        # Conditional: a concurrent deliverer that claimed it first leaves this one nothing.
        statement = (
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.pending)
            .values(status=OutboxStatus.sending, claimed_at=as_of, attempts=OutboxMessage.attempts + 1)
        )
        if session.exec(statement).rowcount == 1:
            claimed.append(message_id)
    if not claimed:
        return []
    session.expire_all()
    return session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(claimed)).order_by(OutboxMessage.id)).all()


def deliver(app, as_of, max_batches=20):
    """Send what is due at ``as_of``, batch by batch; return what happened."""
    check_backend(app)  # a wrong setting must stop the run, not fail every message
    report = DeliveryReport()
    with session_scope(app, via="job") as session:
        report.interrupted = flag_interrupted(session, app, as_of)
    batch_size = app.config["OUTBOX_BATCH_SIZE"]
    for _ in range(max_batches):
        with session_scope(app, via="job") as session:
            batch = claim(session, as_of, batch_size)
        if not batch:
            break
        _send_batch(app, batch, as_of, report)
        if len(batch) < batch_size:
            break
    return report


def _send_batch(app, batch, as_of, report):
    backend = None
    try:
        for message in batch:
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


def _record_sent(app, message, as_of, report):
    with session_scope(app, via="job") as session:
        session.exec(
            update(OutboxMessage).where(OutboxMessage.id == message.id)
            .values(status=OutboxStatus.sent, sent_at=as_of, last_error="")
        )
    report.sent += 1
    report.lines.append(f"sent {message.idempotency_key} to {message.recipient}")


def _record_problem(app, message, as_of, error, retry, report, bounced=False):
    give_up = not retry or message.attempts >= app.config["OUTBOX_MAX_ATTEMPTS"]
    values = {"last_error": error[:2000]}
    if give_up:
        values["status"] = OutboxStatus.failed
        report.failed += 1
        report.lines.append(f"failed {message.idempotency_key} after {message.attempts} attempt(s): {error}")
        log.warning("outbox message %s failed: %s", message.idempotency_key, error)
    else:
        delay = app.config["OUTBOX_RETRY_SECONDS"] * 2 ** (message.attempts - 1)
        values.update(status=OutboxStatus.pending, next_attempt_at=as_of + timedelta(seconds=delay))
        report.retrying += 1
        report.lines.append(f"retry {message.idempotency_key} in {delay}s: {error}")
    with session_scope(app, via="job") as session:
        session.exec(update(OutboxMessage).where(OutboxMessage.id == message.id).values(**values))
        user = session.get(User, message.user_id) if bounced and message.user_id is not None else None
        if user is not None and user.mail_bounced_at is None:
            user.mail_bounced_at = as_of  # through the ORM, so that the audit trail records it
