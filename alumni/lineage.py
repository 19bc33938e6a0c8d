"""Lineage: a MID continues in, or was absorbed into, another MID (any edition) or a city strategy."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlmodel import select

from .audit import act_as
from .models import LineageKind, Mid, Network


class LineageError(ValueError):
    """A lineage that cannot be recorded, with a message for the person."""


_STALE = _l("Someone else changed this MID meanwhile. Reload the page and try again.")


@dataclass
class Lineage:
    mid: Mid
    kind: LineageKind | None
    successor: Mid | None = None
    strategy: str | None = None
    predecessors: list = field(default_factory=list)  # MIDs that continue in or were absorbed into this one


def _leads_back_to(session, start_id, mid_id):
    """Whether following successors from ``start_id`` reaches ``mid_id``."""
    seen = set()
    current = start_id
    while current is not None and current not in seen:
        if current == mid_id:
            return True
        seen.add(current)
        current = session.exec(select(Mid.successor_mid_id).where(Mid.id == current)).one_or_none()
    return False


def set_lineage(session, mid, kind, as_of, successor_id=None, strategy=None, actor=None, version=None, via="web"):
    """Mark ``mid`` as continuing in, or absorbed into, a MID or a strategy; audited; flushes."""
    try:
        kind = LineageKind(kind)
    except ValueError as error:
        raise LineageError(_l("Unknown kind of lineage: %(kind)s.", kind=kind)) from error
    strategy = (strategy or "").strip() or None
    if (successor_id is None) == (strategy is None):
        raise LineageError(_l("Name either the MID it continues in or the city strategy, not both."))
    if version is not None and version != mid.version:
        raise LineageError(_STALE)
    if successor_id is not None:
        if successor_id == mid.id:
            raise LineageError(_l("A MID cannot continue in itself."))
        if session.get(Mid, successor_id) is None:
            raise LineageError(_l("There is no MID number %(number)s.", number=successor_id))
        if _leads_back_to(session, successor_id, mid.id):
            raise LineageError(_l("That MID already continues, directly or not, in this one: "
                                    "lineage cannot go round in a circle."))
    _change(session, mid, kind, successor_id, strategy, as_of, actor, via)


def clear_lineage(session, mid, as_of, actor=None, version=None, via="web"):
    """Remove the MID's lineage (audited); flushes."""
    if version is not None and version != mid.version:
        raise LineageError(_STALE)
    if mid.lineage_kind is not None:
        _change(session, mid, None, None, None, as_of, actor, via)


def _change(session, mid, kind, successor_id, strategy, as_of, actor, via):
    # The audit trail records the change (alumni/audit.py); name who made it when the caller knows.
    if actor is not None:
        act_as(session, actor.id, via)
    mid.lineage_kind, mid.successor_mid_id, mid.successor_strategy = kind, successor_id, strategy
    session.flush()


def lineage_of(session, mid):
    """The MID's successor (MID or strategy) and the MIDs that lead into it, in a constant number of queries."""
    load = (selectinload(Mid.participant), selectinload(Mid.network).selectinload(Network.edition))
    lineage = Lineage(mid, mid.lineage_kind, strategy=mid.successor_strategy)
    ids = [mid.successor_mid_id] if mid.successor_mid_id else []
    related = session.exec(
        select(Mid).where((Mid.successor_mid_id == mid.id) | Mid.id.in_(ids)).options(*load).order_by(Mid.id)
    ).all()
    for other in related:
        if other.id == mid.successor_mid_id:
            lineage.successor = other
        if other.successor_mid_id == mid.id:
            lineage.predecessors.append(other)
    return lineage


def successor_candidates(session, mid):
    """The other MIDs of the same participant (any edition), the likeliest successors: one query and loads."""
    return session.exec(
        select(Mid).where(Mid.participant_id == mid.participant_id, Mid.id != mid.id)
        .options(selectinload(Mid.network).selectinload(Network.edition)).order_by(Mid.id)
    ).all()
