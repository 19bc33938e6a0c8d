"""Every MID's state now, in one set-based query: the dashboard's live numbers all come from it.

One row per MID (where it sits, its life status and outcome), in programme order.
"""

from collections import namedtuple
from dataclasses import dataclass

from sqlalchemy import case, literal
from sqlmodel import select

from ..life_status import mid_facts
from ..models import Edition, Network, Participant


@dataclass
class CurrentStates:
    as_of: object
    rows: list            # in programme order: edition, network, participant
    last_due: object      # the latest round already due, or None
    open_rounds: list     # rounds opened and not yet due


def _flag(condition):
    return case((condition, literal(1)), else_=literal(0))


def current_states(session, as_of, settings, last_due=None, open_rounds=(), where=()):
    """One row per MID (of ``where``) as of ``as_of``; ``last_due`` and ``open_rounds`` are kept beside them."""
    facts = mid_facts(as_of, settings).where(*where).subquery("facts")
    columns = [facts.c.mid_id, facts.c.network_id, facts.c.edition_id, facts.c.participant_id,
               facts.c.voivodeship, facts.c.size_band, facts.c.status, facts.c.outcome,
               facts.c.lineage_kind, facts.c.lineage_target, _flag(facts.c.created_at <= as_of).label("existed")]
    query = (
        select()
        .select_from(facts)
        .join(Participant, Participant.id == facts.c.participant_id)
        .join(Network, Network.id == facts.c.network_id)
        .join(Edition, Edition.id == facts.c.edition_id)
    )
    query = query.add_columns(*columns).order_by(Edition.start_year, Edition.id, Network.name_pl,
                                                 Participant.name, facts.c.mid_id)
    # Plain named tuples: the page reads each of thousands of rows several times.
    state = namedtuple("MidState", [column.name for column in columns])
    return CurrentStates(as_of, [state._make(row) for row in session.exec(query)], last_due, list(open_rounds))
