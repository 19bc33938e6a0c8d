"""The recorded history of life statuses, one row per MID and day."""

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import select

from . import events
from .life_status import local_date, statuses_for_app
from .models import MidStatusRecord


@dataclass
class StatusChanges:
    recorded: int = 0
    changed: list = field(default_factory=list)  # (mid_id, before, after)


def latest_recorded(session, before_day):
    """{mid_id: status} as last recorded before ``before_day``, in one query."""
    last_day = (
        select(MidStatusRecord.mid_id, func.max(MidStatusRecord.recorded_on).label("day"))
        .where(MidStatusRecord.recorded_on < before_day)
        .group_by(MidStatusRecord.mid_id)
        .subquery()
    )
    query = select(MidStatusRecord.mid_id, MidStatusRecord.status).join(
        last_day,
        (last_day.c.mid_id == MidStatusRecord.mid_id) & (last_day.c.day == MidStatusRecord.recorded_on),
    )
    return dict(session.exec(query).all())


def record_statuses(session, app, as_of):
    """Write today's status of every MID (again, if run twice); announce and return what changed."""
    day = local_date(as_of, app.config["TIMEZONE"])
    current = statuses_for_app(session, app, as_of)
    previous = latest_recorded(session, day)
    existing = {
        record.mid_id: record
        for record in session.exec(select(MidStatusRecord).where(MidStatusRecord.recorded_on == day))
    }
    changes = StatusChanges()
    for mid_id, status in current.items():
        record = existing.get(mid_id)
        if record is None:
            session.add(MidStatusRecord(mid_id=mid_id, recorded_on=day, status=status))
        else:
            record.status = status
        before = previous.get(mid_id)
        if before is not None and before != status:
            changes.changed.append((mid_id, before, status))
            events.mid_status_changed(session, app, mid_id, before, status, day, as_of)
        changes.recorded += 1
    session.flush()
    return changes
