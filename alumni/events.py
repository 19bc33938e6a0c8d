"""Webhook events for other systems, written to the outbox with their cause.

Events: ``report.submitted``, ``mid.status_changed``, ``round.escalated``. Nothing is
written when ``WEBHOOK_URL`` is not set. The body is JSON; the delivery job signs it with
HMAC-SHA256 under ``WEBHOOK_SECRET`` in the ``X-Alumni-Signature`` header.
"""

import hashlib
import hmac
import json

from .models import OutboxChannel
from .outbox import enqueue, enqueue_many

SIGNATURE_HEADER = "X-Alumni-Signature"
EVENT_HEADER = "X-Alumni-Event"
DELIVERY_HEADER = "X-Alumni-Delivery"


def sign(secret, body):
    """The signature header's value for ``body`` (bytes): ``sha256=<hex>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret, body, header):
    """Whether ``header`` is the signature of ``body`` under ``secret`` (constant-time)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header)


def emit(session, app, event, key, data, as_of):
    """Write webhook ``event`` to the outbox once per ``key``; return whether it was written."""
    message = _webhook(app, event, key, data, as_of)
    return message is not None and enqueue(session, **message)


def _webhook(app, event, key, data, as_of):
    """The outbox message of webhook ``event`` (``enqueue``'s arguments), or None without a ``WEBHOOK_URL``."""
    url = app.config.get("WEBHOOK_URL")
    if not url:
        return None
    delivery_id = f"{event}:{key}"
    body = json.dumps(
        {"event": event, "id": delivery_id, "occurred_at": as_of.isoformat(), "data": data},
        ensure_ascii=False, sort_keys=True,
    )
    return {"key": f"webhook:{delivery_id}", "channel": OutboxChannel.webhook, "kind": event,
            "recipient": url, "body_text": body, "as_of": as_of, "round_id": data.get("round_id")}


def report_submitted(session, app, report, as_of):
    """A MID's report was submitted in a round (again, after being returned: a new event)."""
    submitted_at = report.submitted_at or as_of
    return emit(session, app, "report.submitted", f"report={report.id}:at={submitted_at.isoformat()}", {
        "report_id": report.id, "mid_id": report.mid_id, "round_id": report.round_id,
        "state": str(report.state), "submitted_at": submitted_at.isoformat(),
    }, as_of)


def mid_status_changed(session, app, mid_id, before, after, day, as_of):
    """A MID's recorded life status changed on ``day``."""
    return emit(session, app, "mid.status_changed", *_status_changed(mid_id, before, after, day), as_of)


def mid_statuses_changed(session, app, changes, day, as_of):
    """Each of ``changes`` ((mid_id, before, after)) was recorded on ``day``: one event each, all
    written in one statement (a day may change thousands); return how many were new."""
    if not changes or not app.config.get("WEBHOOK_URL"):
        return 0
    return enqueue_many(session, [_webhook(app, "mid.status_changed", *_status_changed(*change, day), as_of)
                                  for change in changes])


def _status_changed(mid_id, before, after, day):
    return f"mid={mid_id}:on={day.isoformat()}:to={after}", {
        "mid_id": mid_id, "from": str(before), "to": str(after), "recorded_on": day.isoformat(),
    }


def round_escalated(session, app, round_, mid_ids, as_of):
    """The ministry was sent a round's digest of MIDs that have not reported."""
    return emit(session, app, "round.escalated", f"round={round_.id}", {
        "round_id": round_.id, "round": round_.name, "due_on": round_.due_on.isoformat(),
        "silent_mid_ids": sorted(mid_ids),
    }, as_of)
