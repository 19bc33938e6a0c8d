"""The recorded history of life statuses: one row per MID and day, and the past read from it.

The life-status job records each day as it comes (``record_statuses``: ``on_the_day``). The
dashboard reads statuses on a few past days (month ends, round due days, network
anniversaries); days before the service kept a record are filled once by the status-history
job with the rule computed as of that day (``record_missing_days``: not ``on_the_day``), so a
page seldom computes a past day. Such a filled day is computed from today's plans, so the
survival curves use only days recorded on the day and show no value for the others.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Date, and_, case, delete, exists, insert, literal, literal_column, union_all
from sqlmodel import select

from .. import events
from ..db import refresh_statistics
from ..models import LifeStatus, Mid, MidStatusRecord, Network, ReportingRound
from .counts import count_days

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


def unrecorded_on(day):
    """A SELECT of the ids of the MIDs the record of ``day`` does not hold."""
    return select(Mid.id).where(~exists().where(MidStatusRecord.recorded_on == day, MidStatusRecord.mid_id == Mid.id))


def statuses_on(point, day, settings, recorded, network_ids=None, complete=False, mid_ids=None,
                on_the_day=False):
    """A SELECT of (point, mid_id, status) for every MID (of ``network_ids``) at the end of ``day``.

    From the record where ``day`` is in ``recorded``: only the MIDs recorded that day (``on_the_day``:
    only those the life-status job recorded on the day, not those filled in later), unless
    ``complete``, where a MID with no record of that day gets the rule's status as of the day's end.
    """
    if day not in recorded:
        computed = settings.status_query(settings.end_of_day(day), mid_ids)
        if network_ids is not None:
            computed = computed.where(Mid.network_id.in_(network_ids))
        computed = computed.subquery()
        return select(_point(point), computed.c.mid_id, computed.c.status)
    kept = recorded_statuses(point, day)
    if on_the_day:
        kept = kept.where(MidStatusRecord.on_the_day.is_(True))
    if network_ids is not None:
        kept = kept.join(Mid, Mid.id == MidStatusRecord.mid_id).where(Mid.network_id.in_(network_ids))
    if mid_ids is not None:
        kept = kept.where(MidStatusRecord.mid_id.in_(list(mid_ids)))
    if not complete or day in getattr(recorded, "whole", ()):
        return kept
    # Completed: the rule only for the MIDs the record does not hold (usually none, so it reads little).
    unrecorded = unrecorded_on(day)
    if network_ids is not None:
        unrecorded = unrecorded.where(Mid.network_id.in_(network_ids))
    if mid_ids is not None:
        unrecorded = unrecorded.where(Mid.id.in_(list(mid_ids)))
    # Read once (a CTE), though each of the rule's parts filters on it.
    unrecorded = select(unrecorded.cte(f"unrecorded_{int(point)}").c.id)
    computed = settings.status_query(settings.end_of_day(day), unrecorded).subquery()
    return union_all(kept, select(_point(point), computed.c.mid_id, computed.c.status))


def recorded_statuses(point, day):
    """A SELECT of (point, mid_id, status) of the MIDs the record of ``day`` (a date, or a bound
    parameter of a statement built once) holds."""
    return select(_point(point), MidStatusRecord.mid_id.label("mid_id"), MidStatusRecord.status.label("status")) \
        .where(MidStatusRecord.recorded_on == day)


def chosen_mids(where):
    """A CTE of the MIDs of ``where`` (id, network_id, has_lineage), read once however many days read it."""
    return (select(Mid.id, Mid.network_id, Mid.lineage_kind.is_not(None).label("has_lineage"))
            .where(*where).cte("chosen").prefix_with("MATERIALIZED"))


def recorded_of(days, chosen, network_ids=None, on_the_day=False):
    """A SELECT of (point, mid_id, status, network_id, has_lineage) of the MIDs of ``chosen``
    (``chosen_mids``; those of ``network_ids``) the record holds on each of ``days`` ({point: day};
    ``on_the_day``: written on the day). From the chosen MIDs, one seek each on the record's
    (mid_id, recorded_on) key for all the days: a narrow filter reads only its own MIDs' rows.
    """
    kept = and_(MidStatusRecord.mid_id == chosen.c.id, MidStatusRecord.recorded_on.in_(sorted(days.values())))
    if on_the_day:
        kept = and_(kept, MidStatusRecord.on_the_day.is_(True))
    point = case({day: int(point) for point, day in days.items()}, value=MidStatusRecord.recorded_on)
    query = (select(point.label("point"), chosen.c.id.label("mid_id"), MidStatusRecord.status.label("status"),
                    chosen.c.network_id, chosen.c.has_lineage)
             .select_from(chosen).join(MidStatusRecord, kept))
    return query if network_ids is None else query.where(chosen.c.network_id.in_(network_ids))


def _point(point):
    return literal_column(str(int(point))).label("point")


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
    """Record the status of every MID a charted day's record lacks, set-based; flushes.

    A day with no record at all gets every MID; a day recorded before some MIDs arrived (an
    import, MIDs entered since) gets those MIDs, so no page computes them with the rule. Returns
    the days that lacked something, oldest first.
    """
    missing = incomplete_days(session, charted_days(session, as_of, settings))
    if missing:
        refresh_statistics(session, Mid, MidStatusRecord)
    for day in missing:
        # The rule for every MID, then only those the day lacks: narrowing the rule's parts to the
        # missing MIDs first misleads PostgreSQL's planner when they are thousands (an import).
        statuses = settings.status_query(settings.end_of_day(day)).subquery()
        held = exists().where(MidStatusRecord.recorded_on == day, MidStatusRecord.mid_id == statuses.c.mid_id)
        session.exec(insert(MidStatusRecord).from_select(
            ["mid_id", "recorded_on", "status", "on_the_day"],
            select(statuses.c.mid_id, literal(day, Date), statuses.c.status, literal(False)).where(~held),
        ))
    count_days(session, missing)
    session.flush()
    return missing


def incomplete_days(session, days):
    """Those of ``days`` whose record lacks some MID, oldest first: one query."""
    if not days:
        return []
    probes = [select(literal(day, Date).label("day")).where(exists(unrecorded_on(day))) for day in sorted(days)]
    return sorted(session.exec(union_all(*probes)).scalars())


@dataclass
class StatusChanges:
    recorded: int = 0
    changed: list = field(default_factory=list)  # (mid_id, before, after)


def record_statuses(session, app, settings, day, recorded_at):
    """Write every MID's status at the end of ``day`` (again, if run twice); announce what changed.

    The life-status job records the day that has just ended, so a record holds the same moment
    the rule computes for "as of a date". Only a record written within a day of the day's end is
    ``on_the_day``: one written later reads plans changed since.
    Set-based, and the rule is evaluated once: the day's rows are replaced by one
    ``INSERT … SELECT`` of the rule's statuses, then one query compares each with the MID's
    latest record before the day (an index seek per MID on ``(mid_id, recorded_on)``).
    """
    as_of = settings.end_of_day(day)
    on_the_day = settings.local_date(recorded_at) - day <= timedelta(days=1)
    now = settings.status_query(as_of).subquery("now")
    session.exec(delete(MidStatusRecord).where(MidStatusRecord.recorded_on == day))
    session.exec(insert(MidStatusRecord).from_select(
        ["mid_id", "recorded_on", "status", "on_the_day"],
        select(now.c.mid_id, literal(day, Date), now.c.status, literal(on_the_day)),
    ))
    count_days(session, [day])
    recorded = MidStatusRecord.__table__.alias("recorded").c
    earlier = MidStatusRecord.__table__.alias("earlier").c
    before = (
        select(earlier.status)
        .where(earlier.mid_id == recorded.mid_id, earlier.recorded_on < day)
        .order_by(earlier.recorded_on.desc())
        .limit(1)
        .scalar_subquery()
    )
    # A MID without an earlier record has no change to announce (the comparison is NULL).
    rows = session.exec(
        select(recorded.mid_id, before, recorded.status).where(recorded.recorded_on == day).order_by(recorded.mid_id)
    ).all()
    changes = StatusChanges(recorded=len(rows))
    for mid_id, before_status, after_status in rows:
        if before_status is None or before_status == after_status:
            continue
        before_status, after_status = LifeStatus(before_status), LifeStatus(after_status)
        changes.changed.append((mid_id, before_status, after_status))
    # One webhook event per change, written in one statement (a due date can change thousands).
    events.mid_statuses_changed(session, app, changes.changed, day, recorded_at)
    session.flush()
    return changes


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
