"""Life status over time: month by month, and survival after a network's end."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date

from sqlalchemy import Boolean, Date, and_, bindparam, case, cast, func, literal_column, null, or_, true, union_all
from sqlmodel import select

from ..models import Mid, MidStatusCount, MidStatusRecord
from .breakdown import OutcomeCounts
from ..life_status import ALIVE, outcome_of
from ..life_status import anniversaries, chosen_mids, month_ends, recorded_days, recorded_of, statuses_on

RECORDED = "recorded"   # read from the daily record
COMPUTED = "computed"   # computed with the rule as of that day, on this page


@dataclass
class StatusPoint:
    day: date
    counts: OutcomeCounts
    source: str


def status_over_time(session, as_of, settings, current, recorded, where=(), whole=None):
    """Counts by outcome at the end of each of the last months, then now (``current``): one query.

    ``recorded`` holds the days with a record (``life_status.recorded_and_kept``); the others are
    computed with the rule as of the day's end. A recorded day is read from the day's counts by
    network and status, kept with the record (``life_status.counts``), unless ``where`` narrows to
    less than whole networks (``whole``: the ids of the networks it keeps whole, else None); the few
    MIDs with a lineage are then counted apart (and moved from the total).
    """
    today = settings.local_date(as_of)
    days = month_ends(today)
    counted = not where or whole is not None
    totals = {point: day for point, day in enumerate(days) if day in recorded and counted}
    if len(totals) == len(days) and not where:  # every month recorded, unfiltered (the usual page): built once
        query, params = _every_day_counted(len(days)), {f"day_{point}": day for point, day in totals.items()}
    else:
        chosen = chosen_mids(where) if where else None
        read = {point: day for point, day in enumerate(days)
                if chosen is not None and day in recorded and point not in totals}
        branches = [_counted_on(point, day, whole) if point in totals else _computed_on(point, day, settings, chosen)
                    for point, day in enumerate(days) if point not in read]
        if read:  # narrowed below whole networks: the chosen MIDs' record rows of every recorded day, in one pass
            branches.append(_chosen_on(read, chosen))
        query, params = union_all(*branches, *_with_lineage_on(totals, whole)), {}
    counts, counted_as_without = defaultdict(OutcomeCounts), defaultdict(OutcomeCounts)
    for point, status, has_lineage, n in session.exec(query, params=params):
        point = int(point)
        counts[point][outcome_of(status, "lineage" if has_lineage else None)] += n
        if has_lineage and point in totals:  # also in the day's total, as if it had none
            counted_as_without[point][outcome_of(status, None)] += n
    for point, moved in counted_as_without.items():
        counts[point].subtract(moved)
        for outcome in [outcome for outcome, n in counts[point].items() if not n]:
            del counts[point][outcome]
    points = [StatusPoint(day, counts[point], RECORDED if day in recorded else COMPUTED)
              for point, day in enumerate(days)]
    points.append(StatusPoint(today, current, COMPUTED))
    return points


@lru_cache(maxsize=4)
def _every_day_counted(points):
    """``status_over_time``'s statement for ``points`` recorded days, each bound as ``day_<point>``."""
    days = {point: bindparam(f"day_{point}", type_=Date()) for point in range(points)}
    return union_all(*(_counted_on(point, day) for point, day in days.items()), *_with_lineage_on(days))


def _counted_on(point, day, networks=None):
    """(point, status, NULL, count) of every MID (of ``networks``) recorded on ``day``: the day's kept counts."""
    query = (select(literal_column(str(int(point))), MidStatusCount.status, cast(null(), Boolean),
                    func.sum(MidStatusCount.mids))
             .where(MidStatusCount.recorded_on == day).group_by(MidStatusCount.status))
    return query if networks is None else query.where(MidStatusCount.network_id.in_(sorted(networks)))


def _with_lineage_on(days, networks=None):
    """[(point, status, true, count)] of the MIDs (of ``networks``) with a lineage recorded on each of
    ``days`` ({point: day}).

    From the MIDs (few have a lineage: an index on ``lineage_kind``) to each one's record of the
    day (a seek on the record's ``(mid_id, recorded_on)`` key), not from the days' every row.
    """
    branches = []
    for point, day in days.items():
        status = (select(MidStatusRecord.status)
                  .where(MidStatusRecord.mid_id == Mid.id, MidStatusRecord.recorded_on == day)
                  .scalar_subquery())
        recorded = select(status.label("status")).where(Mid.lineage_kind.is_not(None))
        if networks is not None:
            recorded = recorded.where(Mid.network_id.in_(sorted(networks)))
        recorded = recorded.subquery(f"l{int(point)}")
        branches.append(select(literal_column(str(int(point))), recorded.c.status, true(), func.count())
                        .where(recorded.c.status.is_not(None)).group_by(recorded.c.status))
    return branches


def _with_lineage():
    """A SELECT of the ids of the MIDs marked as continued in, or absorbed into, something else."""
    return select(Mid.id).where(Mid.lineage_kind.is_not(None))


def _computed_on(point, day, settings, chosen=None):
    """(point, status, has_lineage, count) of the MIDs (of ``chosen``: ``chosen_mids``) on ``day``, a day
    no record holds: computed with the rule as of the day's end."""
    statuses = statuses_on(point, day, settings, ()).subquery(f"s{point}")
    has_lineage = statuses.c.mid_id.in_(_with_lineage())
    branch = select(statuses.c.point, statuses.c.status, has_lineage.label("has_lineage"), func.count())
    if chosen is not None:
        branch = branch.where(statuses.c.mid_id.in_(select(chosen.c.id)))
    return branch.group_by(statuses.c.point, statuses.c.status, has_lineage)


def _chosen_on(days, chosen):
    """(point, status, has_lineage, count) of the MIDs of ``chosen`` (``chosen_mids``) the record holds on
    each of ``days`` ({point: day})."""
    statuses = recorded_of(days, chosen).subquery("chosen_days")
    return (select(statuses.c.point, statuses.c.status, statuses.c.has_lineage, func.count())
            .group_by(statuses.c.point, statuses.c.status, statuses.c.has_lineage))


@dataclass
class Survival:
    """MIDs whose network ended at least ``years`` years before, and how many were still alive then."""

    cohort: int = 0
    alive: int = 0

    @property
    def share(self):
        return self.alive / self.cohort if self.cohort else None


@dataclass
class SurvivalCurves:
    years: list = field(default_factory=list)  # 0, 1, 2 ... as far as any network reaches
    overall: dict = field(default_factory=lambda: defaultdict(Survival))     # years -> Survival
    by_edition: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Survival)))
    by_network: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Survival)))
    years_seen: set = field(default_factory=set)
    unrecorded_days: int = 0  # anniversaries with no record kept on the day: shown as no value


def survival_curves(session, networks, as_of, settings, where=(), kept=None, whole=None):
    """Share of MIDs ``active`` or ``at_risk`` 0, 1, 2… years after their network ended: two queries.

    Read from the days' counts by network unless ``where`` narrows to less than whole networks
    (``whole``: the ids of the networks it keeps whole, else None).

    Only statuses the life-status job recorded on the anniversary itself count. A status computed
    later for a past day reads today's plans (an action closed since, activity the service never
    saw), so PIM I would show no MID alive for years and then "revive"; such a day has no value.
    """
    by_end = defaultdict(list)
    editions = {}
    for network in networks:
        if network.ended_on is not None:
            by_end[network.ended_on].append(network.id)
            editions[network.id] = network.edition_id
    curves = SurvivalCurves()
    due = {ended_on: anniversaries(ended_on, as_of, settings) for ended_on in by_end}
    if kept is None:  # else: the days with a record written on the day, looked up already (a superset)
        kept = recorded_days(session, {day for days in due.values() for _years, day in days}, on_the_day=True)
    if not where or whole is not None:
        counted = {ended_on: [network_id for network_id in network_ids if not where or network_id in whole]
                   for ended_on, network_ids in by_end.items()}
        rows = _counted_alive(session, {ended_on: [day for _years, day in due[ended_on] if day in kept]
                                        for ended_on, network_ids in counted.items() if network_ids}, counted)
        years_on = {(ended_on, day): years for ended_on, days in due.items() for years, day in days}
        ended = {network_id: ended_on for ended_on, network_ids in by_end.items() for network_id in network_ids}
        rows = [(years_on[ended[network_id], day], network_id, cohort, alive)
                for day, network_id, cohort, alive in rows]
    else:
        rows = _recorded_alive(session, by_end, due, kept, where)
    for ended_on in by_end:
        for years, day in due[ended_on]:
            curves.years_seen.add(years)
            curves.unrecorded_days += day not in kept
    curves.years = sorted(curves.years_seen)
    for years, network_id, cohort, alive in rows:
        years, cohort, alive = int(years), int(cohort), int(alive or 0)
        for survival in (curves.overall[years], curves.by_edition[editions[network_id]][years],
                         curves.by_network[network_id][years]):
            survival.cohort += cohort
            survival.alive += alive
    return curves


def _counted_alive(session, days, by_end):
    """[(day, network_id, MIDs, MIDs alive)] recorded on the day, from the days' counts: one query.

    ``days`` holds, for each end of networks, its anniversaries kept on the day; ``by_end`` the
    networks that ended then.
    """
    wanted = [and_(MidStatusCount.network_id.in_(by_end[ended_on]), MidStatusCount.recorded_on.in_(anniversaries))
              for ended_on, anniversaries in sorted(days.items()) if anniversaries]
    if not wanted:
        return []
    return session.exec(
        select(MidStatusCount.recorded_on, MidStatusCount.network_id, func.sum(MidStatusCount.mids),
               func.sum(case((MidStatusCount.status.in_(ALIVE), MidStatusCount.mids), else_=0)))
        .where(MidStatusCount.on_the_day.is_(True), or_(*wanted))
        .group_by(MidStatusCount.recorded_on, MidStatusCount.network_id)
    ).all()


def _recorded_alive(session, by_end, due, kept, where):
    """[(years, network_id, MIDs, MIDs alive)] of the MIDs of ``where`` recorded on the day, from the record."""
    chosen, branches = chosen_mids(where), []
    for ended_on, network_ids in sorted(by_end.items()):
        days = {years: day for years, day in due[ended_on] if day in kept}
        if not days:
            continue
        statuses = recorded_of(days, chosen, network_ids, on_the_day=True).subquery(f"s{len(branches)}")
        branches.append(
            select(statuses.c.point, statuses.c.network_id, func.count(),
                   func.sum(case((statuses.c.status.in_(ALIVE), 1), else_=0)))
            .group_by(statuses.c.point, statuses.c.network_id)
        )
    return session.exec(union_all(*branches)).all() if branches else []
