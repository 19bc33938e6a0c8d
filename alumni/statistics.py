"""A year in numbers, per network: MIDs by life status, actions, milestones and reports.

Deliberately small: the workshop export holds the full yearly aggregation; this module
answers the API's per-year question and can be swapped for that one.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func
from sqlmodel import select

from .life_status import life_status_query
from .models import Action, ActionStatus, Edition, LifeStatus, Mid, Milestone, Network, Report, ReportState

COUNTS = ("mids", "actions_done", "actions_started", "milestones_achieved", "reports_submitted")


def year_bounds(year, timezone):
    """The first moment of ``year`` and of the next one, where the programme lives (aware)."""
    zone = ZoneInfo(timezone)
    return (datetime.combine(date(year, 1, 1), time(), tzinfo=zone),
            datetime.combine(date(year + 1, 1, 1), time(), tzinfo=zone))


def year_statistics(session, year, now, dormant_after_days, timezone):
    """Counts for ``year`` per network and in total, life status as of the year's end (or now)."""
    start, end = year_bounds(year, timezone)
    as_of = min(end - timedelta(microseconds=1), now)
    networks = session.exec(
        select(Network, Edition).join(Edition, Network.edition_id == Edition.id)
        .where(Edition.start_year <= year).order_by(Edition.start_year, Network.name_pl)
    ).all()
    rows = {network.id: _empty(network, edition) for network, edition in networks}

    statuses = life_status_query(as_of, dormant_after_days, timezone).subquery("statuses")
    by_status = select(Mid.network_id, statuses.c.status, func.count()).join(
        statuses, statuses.c.mid_id == Mid.id).group_by(Mid.network_id, statuses.c.status)
    for network_id, status, count in session.exec(by_status):
        if network_id in rows:
            rows[network_id]["life_status"][status] = count
            rows[network_id]["mids"] += count

    def in_year(column):
        return and_(column >= start, column < end)

    first_day, next_first_day = date(year, 1, 1), date(year + 1, 1, 1)
    actions = select(
        Mid.network_id,
        func.sum(case((and_(Action.status == ActionStatus.done.value, in_year(Action.updated_at)), 1), else_=0)),
        func.sum(case((and_(Action.planned_start >= first_day, Action.planned_start < next_first_day,
                            Action.status.not_in([ActionStatus.planned.value, ActionStatus.dropped.value])), 1),
                      else_=0)),
    ).select_from(Action).join(Mid, Mid.id == Action.mid_id).group_by(Mid.network_id)
    for network_id, done, started in session.exec(actions):
        if network_id in rows:
            rows[network_id]["actions_done"], rows[network_id]["actions_started"] = int(done or 0), int(started or 0)

    milestones = select(Mid.network_id, func.count()).select_from(Milestone).join(Mid, Mid.id == Milestone.mid_id).where(
        Milestone.achieved_on >= first_day, Milestone.achieved_on < next_first_day).group_by(Mid.network_id)
    reports = select(Mid.network_id, func.count()).select_from(Report).join(Mid, Mid.id == Report.mid_id).where(
        Report.state != ReportState.draft.value, in_year(Report.submitted_at)).group_by(Mid.network_id)
    for query, key in ((milestones, "milestones_achieved"), (reports, "reports_submitted")):
        for network_id, count in session.exec(query):
            if network_id in rows:
                rows[network_id][key] = count

    totals = {key: sum(row[key] for row in rows.values()) for key in COUNTS}
    totals["life_status"] = {status.value: sum(row["life_status"][status.value] for row in rows.values())
                             for status in LifeStatus}
    return {"year": year, "as_of": as_of, "totals": totals, "networks": list(rows.values())}


def _empty(network, edition):
    return {
        "network": {"id": network.id, "name_pl": network.name_pl, "name_en": network.name_en},
        "edition": {"id": edition.id, "code": edition.code},
        "life_status": {status.value: 0 for status in LifeStatus},
        **dict.fromkeys(COUNTS, 0),
    }
