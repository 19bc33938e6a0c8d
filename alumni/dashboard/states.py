"""Every MID's state now, counted in SQL: the dashboard's live numbers all come from one grouped query.

The rule is evaluated for every MID inside the database and only the counts come back: one row per
combination of outcome, edition, network, voivodeship, size band and lineage (a few hundred rows
where there are thousands of MIDs).
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import select

from ..life_status import mid_facts


@dataclass
class CurrentStates:
    as_of: object
    groups: list          # StateGroup: MIDs counted by where they sit and their outcome
    last_due: object      # the latest round already due, or None
    open_rounds: list     # rounds opened and not yet due


@dataclass(frozen=True)
class StateGroup:
    outcome: str
    edition_id: int
    network_id: int
    voivodeship: str
    size_band: str
    lineage_kind: str | None
    lineage_target: str | None
    count: int


def current_states(session, as_of, settings, last_due=None, open_rounds=(), where=()):
    """The MIDs (of ``where``) as of ``as_of``, counted by group; ``last_due`` and ``open_rounds`` are kept beside them."""
    facts = mid_facts(as_of, settings).where(*where).subquery("facts")
    keys = [facts.c.outcome, facts.c.edition_id, facts.c.network_id, facts.c.voivodeship, facts.c.size_band,
            facts.c.lineage_kind, facts.c.lineage_target]
    rows = session.exec(select(*keys, func.count()).group_by(*keys))
    return CurrentStates(as_of, [StateGroup(*row) for row in rows], last_due, list(open_rounds))
