"""Deadline extensions as the API answers them (``/api/v1/extensions``)."""

from sqlmodel import select

from ..extensions import state_of
from ..models import DeadlineExtension


def _iso(value):
    return value.isoformat() if value is not None else None


def extension_list(session):
    """Every request for more time, newest request first, with the ministry's decision."""
    rows = session.exec(select(DeadlineExtension).order_by(DeadlineExtension.requested_at.desc(),
                                                           DeadlineExtension.id.desc())).all()
    return {"items": [{
        "id": row.id, "mid_id": row.mid_id, "round_id": row.round_id, "state": state_of(row).value,
        "requested_until": _iso(row.requested_until), "reason": row.reason, "requested_at": _iso(row.requested_at),
        "granted_until": _iso(row.granted_until), "decided_at": _iso(row.decided_at),
        "decision_comment": row.decision_comment,
    } for row in rows]}
