"""One MID's recorded life-status history, as spans of days in one status (for the MID's page)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from ..models import LifeStatus, MidStatusRecord


@dataclass
class StatusSpan:
    status: LifeStatus
    first_day: date   # first day recorded in this status
    last_day: date    # last day recorded in it before it changed (or the latest record)

    @property
    def days(self):
        return (self.last_day - self.first_day).days + 1


def status_history(session, mid_id):
    """The spans of one MID's recorded statuses, newest first, in one query."""
    records = session.exec(
        select(MidStatusRecord.recorded_on, MidStatusRecord.status)
        .where(MidStatusRecord.mid_id == mid_id)
        .order_by(MidStatusRecord.recorded_on)
    )
    spans = []
    for day, status in records:
        if spans and spans[-1].status == status:
            spans[-1].last_day = day
        else:
            spans.append(StatusSpan(LifeStatus(status), day, day))
    return list(reversed(spans))
