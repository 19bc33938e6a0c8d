"""The record's counts: how many MIDs of each network a day's record holds in each status.

Every writer of the record counts the days it wrote (``count_days``), so the dashboard reads which
days are recorded, the months' totals and the survival curves from these few rows instead of
every MID's record of the day. A MID's network is fixed when it is made (no page, import or API
moves it); should one move, the days its record holds are counted again in the same transaction.
"""

from sqlalchemy import case, delete, event, func, inspect, insert
from sqlmodel import select

from ..db import get_db
from ..models import Mid, MidStatusCount, MidStatusRecord

_MOVED = "alumni_mids_moved"


class RecordedDays(frozenset):
    """Days holding a record; ``whole``: those among them whose record holds every MID (none to compute)."""

    def __new__(cls, days=(), whole=()):
        self = super().__new__(cls, days)
        self.whole = frozenset(whole)
        return self


def recorded_and_kept(session, days):
    """(those of ``days`` that hold a record, those that hold one written on the day): one query
    on the days' counts. The first is a ``RecordedDays`` that also knows the days whose record
    holds every MID."""
    if not days:
        return RecordedDays(), set()
    mids = select(func.count()).select_from(Mid).scalar_subquery()
    kept = func.max(case((MidStatusCount.on_the_day.is_(True), 1), else_=0)) == 1
    rows = session.exec(
        select(MidStatusCount.recorded_on, func.sum(MidStatusCount.mids) == mids, kept)
        .where(MidStatusCount.recorded_on.in_(sorted(days)))
        .group_by(MidStatusCount.recorded_on)
    ).all()
    return (RecordedDays({day for day, _whole, _kept in rows}, {day for day, whole, _kept in rows if whole}),
            {day for day, _whole, kept in rows if kept})


def recorded_days(session, days, on_the_day=False):
    """Those of ``days`` that hold a record (``on_the_day``: one the life-status job wrote that day)."""
    recorded, kept = recorded_and_kept(session, days)
    return set(kept if on_the_day else recorded)


def count_days(session, days):
    """Count again, by network, status and whether written on the day, the MIDs the record of each
    of ``days`` holds (``MidStatusCount``). Every writer of the record calls it after writing."""
    days = sorted(set(days))
    if not days:
        return
    session.exec(delete(MidStatusCount).where(MidStatusCount.recorded_on.in_(days)))
    session.exec(insert(MidStatusCount).from_select(
        ["recorded_on", "network_id", "status", "on_the_day", "mids"],
        select(MidStatusRecord.recorded_on, Mid.network_id, MidStatusRecord.status, MidStatusRecord.on_the_day,
               func.count())
        .join(Mid, Mid.id == MidStatusRecord.mid_id)
        .where(MidStatusRecord.recorded_on.in_(days))
        .group_by(MidStatusRecord.recorded_on, Mid.network_id, MidStatusRecord.status, MidStatusRecord.on_the_day),
    ))


def init_app(app):
    """Count again, before the commit, the days recorded of any MID whose network the session changed."""
    for factory in get_db(app).session_factories:
        event.listen(factory, "before_flush", _note_moves)
        event.listen(factory, "before_commit", _count_moved)
        event.listen(factory, "after_rollback", lambda session: session.info.pop(_MOVED, None))


def _note_moves(session, _context, _instances):
    for obj in session.dirty:
        if isinstance(obj, Mid) and obj.id is not None and inspect(obj).attrs.network_id.history.deleted:
            session.info.setdefault(_MOVED, set()).add(obj.id)


def _count_moved(session):
    if session.dirty:
        session.flush()  # the commit would flush them after this: noted now
    moved = session.info.pop(_MOVED, None)
    if moved:
        count_days(session, session.exec(select(MidStatusRecord.recorded_on).distinct()
                                         .where(MidStatusRecord.mid_id.in_(sorted(moved)))).all())
