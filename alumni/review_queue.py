"""The ministry's review queue: reports submitted and not yet reviewed, oldest first.

A report returned to the city and submitted again waits once more. The review itself is
``reports.review``, the same as on the report's page.
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import joinedload
from sqlmodel import select

from .models import Mid, Network, Report, ReportState, ReportingRound, User

WAITING = ReportState.submitted


@dataclass(frozen=True)
class QueueFilters:
    edition_id: int | None = None
    network_id: int | None = None
    round_id: int | None = None

    @classmethod
    def from_args(cls, args):
        """Read the filters from a query string, ignoring what does not parse."""
        return cls(args.get("edition", type=int), args.get("network", type=int), args.get("round", type=int))

    def to_args(self):
        """The query string of these filters, empty ones left out: the queue's shareable address."""
        args = {"edition": self.edition_id, "network": self.network_id, "round": self.round_id}
        return {key: value for key, value in args.items() if value is not None}

    def where(self, query):
        if self.edition_id is not None:
            query = query.where(Network.edition_id == self.edition_id)
        if self.network_id is not None:
            query = query.where(Mid.network_id == self.network_id)
        if self.round_id is not None:
            query = query.where(Report.round_id == self.round_id)
        return query


@dataclass
class WaitingReport:
    report: Report
    mid: Mid
    round: ReportingRound
    submitted_by: User | None


def waiting_reports(session, filters=QueueFilters()):
    """Submitted reports waiting for review, oldest submission first."""
    query = (
        select(Report, Mid, ReportingRound, User)
        .join(Mid, Mid.id == Report.mid_id)
        .join(Network, Network.id == Mid.network_id)
        .join(ReportingRound, ReportingRound.id == Report.round_id)
        .outerjoin(User, User.id == Report.submitted_by_id)
        .where(Report.state == WAITING)
        .options(joinedload(Mid.participant), joinedload(Mid.network))
        .order_by(Report.submitted_at, Report.id)
    )
    return [WaitingReport(*row) for row in session.exec(filters.where(query)).all()]


def waiting_count(session):
    """How many reports wait for review: one COUNT over the reports' state."""
    return session.exec(select(func.count()).select_from(Report).where(Report.state == WAITING)).one()


def rounds_for_filter(session):
    """Every round, newest first, for the queue's filter menu."""
    return session.exec(select(ReportingRound).order_by(ReportingRound.opens_on.desc())).all()

