"""Every MID's life status on past days: from the daily record where it exists, else computed by the rule.

The dashboard reads statuses on a few past days (month ends, round due days, network
anniversaries). The life-status job records each day as it comes; days before the service
kept a record are filled once by the status-history job, so a page seldom computes a past day.
"""

from calendar import monthrange
from datetime import date

from sqlalchemy import Date, exists, insert, literal, literal_column, union_all
from sqlmodel import select

from ..models import Mid, MidStatusRecord, Network, ReportingRound

HISTORY_MONTHS = 12
MAX_YEARS_AFTER = 15


def month_ends(today, months=HISTORY_MONTHS):
    """The last day of each of the ``months`` months before ``today``'s month, oldest first."""
    ends = []
    year, month = today.year, today.month
    for _ in range(months):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        ends.append(date(year, month, monthrange(year, month)[1]))
    return list(reversed(ends))


def anniversary(day, years):
    """The same calendar day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def anniversaries(ended_on, as_of, settings, max_years=MAX_YEARS_AFTER):
    """(years, day) for 0, 1, 2… years after ``ended_on`` whose day has fully passed by ``as_of``."""
    found = []
    for years in range(max_years + 1):
        day = anniversary(ended_on, years)
        if settings.end_of_day(day) > as_of:
            break
        found.append((years, day))
    return found


def recorded_days(session, days):
    """Those of ``days`` that hold a record: one query, an index probe per day."""
    if not days:
        return set()
    probes = [
        select(literal(day, Date).label("day")).where(
            exists().where(MidStatusRecord.recorded_on == day)
        )
        for day in sorted(days)
    ]
    return set(session.exec(union_all(*probes)).scalars())


def statuses_on(point, day, settings, recorded, network_ids=None):
    """A SELECT of (point, mid_id, status) for every MID (of ``network_ids``) on ``day``."""
    if day in recorded:
        query = select(
            literal_column(str(int(point))).label("point"),
            MidStatusRecord.mid_id.label("mid_id"),
            MidStatusRecord.status.label("status"),
        ).where(MidStatusRecord.recorded_on == day)
        if network_ids is not None:
            query = query.join(Mid, Mid.id == MidStatusRecord.mid_id).where(Mid.network_id.in_(network_ids))
        return query
    computed = settings.status_query(settings.end_of_day(day))
    if network_ids is not None:
        computed = computed.where(Mid.network_id.in_(network_ids))
    computed = computed.subquery()
    return select(literal_column(str(int(point))).label("point"), computed.c.mid_id, computed.c.status)


def charted_days(session, as_of, settings):
    """The past days the dashboard as of ``as_of`` reads statuses of: two queries."""
    today = settings.local_date(as_of)
    days = set(month_ends(today))
    due = session.exec(select(ReportingRound.due_on).where(ReportingRound.due_on < today))
    days.update(due)
    for ended_on in session.exec(select(Network.ended_on).distinct().where(Network.ended_on.is_not(None))):
        days.update(day for _years, day in anniversaries(ended_on, as_of, settings))
    return {day for day in days if day < today}


def record_missing_days(session, as_of, settings):
    """Record every MID's status on each charted day that has no record yet, set-based; flushes."""
    days = charted_days(session, as_of, settings)
    missing = sorted(days - recorded_days(session, days))
    for day in missing:
        statuses = settings.status_query(settings.end_of_day(day)).subquery()
        session.exec(insert(MidStatusRecord).from_select(
            ["mid_id", "recorded_on", "status"],
            select(statuses.c.mid_id, literal(day, Date), statuses.c.status),
        ))
    session.flush()
    return missing
