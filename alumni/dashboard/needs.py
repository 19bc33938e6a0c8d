"""What cities said stood in their way, and what they asked for, in the year before a date."""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import case, func
from sqlmodel import select

from ..models import BarrierCategory, Mid, Report, ReportBarrier

YEAR = timedelta(days=365)


@dataclass
class BarrierCount:
    category: BarrierCategory
    reports: int
    mids: int


@dataclass
class SupportNeed:
    text: str
    reports: int
    mids: int


@dataclass
class NeedsOfTheYear:
    reports: int = 0                 # reports submitted in the year
    reports_with_barriers: int = 0
    reports_asking_support: int = 0
    barriers: list = field(default_factory=list)  # BarrierCount, most frequent first
    support: list = field(default_factory=list)   # SupportNeed, most frequent first


def _in_year(as_of, where=()):
    conditions = (Report.submitted_at > as_of - YEAR, Report.submitted_at <= as_of)
    return (*conditions, Report.mid_id.in_(select(Mid.id).where(*where))) if where else conditions


def needs_of_the_year(session, as_of, top=10, where=()):
    """Barrier categories and support needs of the reports submitted in the 365 days to ``as_of``: three queries."""
    need = func.trim(Report.support_needed)
    named_barrier = select(ReportBarrier.report_id).distinct().scalar_subquery()
    totals = session.exec(
        select(
            func.count(Report.id),
            func.sum(case((Report.id.in_(named_barrier), 1), else_=0)),
            func.sum(case((need != "", 1), else_=0)),
        ).where(*_in_year(as_of, where))
    ).one()
    result = NeedsOfTheYear(*(int(value or 0) for value in totals))
    barrier_rows = session.exec(
        select(ReportBarrier.category, func.count(Report.id.distinct()), func.count(Report.mid_id.distinct()))
        .join(Report, Report.id == ReportBarrier.report_id)
        .where(*_in_year(as_of, where))
        .group_by(ReportBarrier.category)
        .order_by(func.count(Report.id.distinct()).desc(), ReportBarrier.category)
    )
    result.barriers = [BarrierCount(BarrierCategory(category), reports, mids)
                       for category, reports, mids in barrier_rows]
    support_rows = session.exec(
        select(need, func.count(Report.id), func.count(Report.mid_id.distinct()))
        .where(*_in_year(as_of, where), need != "")
        .group_by(need)
        .order_by(func.count(Report.id).desc(), need)
        .limit(top)
    )
    result.support = [SupportNeed(text, reports, mids) for text, reports, mids in support_rows]
    return result
