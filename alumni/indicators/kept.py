"""Indicators on track, kept by network for the day (``IndicatorCount``), so the dashboard reads them.

Counted with the rule (``counted.counted_by_network``) when data arrives (``life_status.fill_the_past``),
every night (the life-status job) and, for the networks concerned, in the transaction of every
change of an indicator, its values or a MID's network, whoever makes it (the session's
``before_commit``: pages, the report form, imports). A day is read from its counts only when
every network's are kept; else the dashboard counts.
"""

from sqlalchemy import delete, event, func, inspect, insert
from sqlmodel import select

from ..clock import Calendar
from ..db import get_db
from ..models import Indicator, IndicatorCount, IndicatorValue, Mid, Network, utcnow
from .counted import counted_by_network
from .progress import Counts, Progress

_TOUCHED_MIDS, _TOUCHED_NETWORKS = "alumni_indicator_mids", "alumni_indicator_networks"


def count_indicators(session, day, network_ids=None):
    """Count again the indicators of the networks ``network_ids`` (all if None, and then the other
    days' counts, never read, are dropped) on ``day``."""
    if network_ids is None:
        session.exec(delete(IndicatorCount).where(IndicatorCount.counted_on != day))
        network_ids = set(session.exec(select(Network.id)))
    network_ids = sorted(network_ids)
    if not network_ids:
        return
    counted = counted_by_network(session, day, [Mid.network_id.in_(network_ids)])
    session.exec(delete(IndicatorCount).where(IndicatorCount.counted_on == day,
                                              IndicatorCount.network_id.in_(network_ids)))
    session.exec(insert(IndicatorCount), params=[
        {"counted_on": day, "network_id": network_id, "progress": progress.value,
         "indicators": getattr(counted.get(network_id, Counts()), progress.value)}
        for network_id in network_ids for progress in Progress])


def kept_counts(session, day):
    """{network_id: Counts} of the networks with indicators, as kept for ``day``; None unless every
    network's counts are kept (one statement)."""
    networks = select(func.count()).select_from(Network).scalar_subquery()
    rows = session.exec(select(IndicatorCount.network_id, IndicatorCount.progress, IndicatorCount.indicators,
                               networks).where(IndicatorCount.counted_on == day)).all()
    if not rows or len({row.network_id for row in rows}) != rows[0][3]:
        return None
    result = {}
    for network_id, progress, indicators, _networks in rows:
        setattr(result.setdefault(network_id, Counts()), progress, indicators)
    return {network_id: counts for network_id, counts in result.items() if counts.total}


def init_app(app):
    """Keep the day's counts with every change the app's sessions make (the day by the app's calendar)."""
    calendar = Calendar.from_app(app)
    for factory in get_db(app).session_factories:
        event.listen(factory, "before_flush", _note_changes)
        event.listen(factory, "before_commit", lambda session: _count_again(session, calendar))
        event.listen(factory, "after_rollback", _forget)


def _note_changes(session, _context, _instances):
    mids, networks = session.info.setdefault(_TOUCHED_MIDS, set()), session.info.setdefault(_TOUCHED_NETWORKS, set())
    for obj in [*session.new, *session.dirty]:
        if isinstance(obj, (Indicator, IndicatorValue)):
            mids.add(obj.mid_id)
        elif isinstance(obj, Mid) and obj.id is not None:
            history = inspect(obj).attrs.network_id.history
            networks.update(network_id for network_id in (*history.added, *history.deleted) if network_id)


def _count_again(session, calendar):
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit would flush them after this: noted now
    if not (session.info.get(_TOUCHED_MIDS) or session.info.get(_TOUCHED_NETWORKS)):
        return
    mids, networks = session.info.pop(_TOUCHED_MIDS, set()), session.info.pop(_TOUCHED_NETWORKS, set())
    if mids:
        networks |= set(session.exec(select(Mid.network_id).where(Mid.id.in_(sorted(mids)))))
    today = calendar.local_date(utcnow())
    # Only a day already counted is kept up to date; one not yet counted is counted on reading.
    if session.exec(select(IndicatorCount.network_id).where(IndicatorCount.counted_on == today).limit(1)).first():
        count_indicators(session, today, networks)


def _forget(session):
    session.info.pop(_TOUCHED_MIDS, None)
    session.info.pop(_TOUCHED_NETWORKS, None)
