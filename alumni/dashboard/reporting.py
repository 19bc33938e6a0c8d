"""The rounds the dashboard shows and the silent MIDs of the last one due.

The counts themselves (expected, received, on time) come from ``alumni.reporting.completeness``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select

from ..life_status import Outcome
from ..models import Edition, Mid, Network, Participant, ReportingRound, Role, User, UserParticipant
from ..reporting.completeness import missing


def rounds_in_view(session, as_of, settings, limit=8):
    """The latest ``limit`` rounds opened by ``as_of``, oldest first."""
    today = settings.local_date(as_of)
    query = (
        select(ReportingRound)
        .where(ReportingRound.opens_on <= today)
        .order_by(ReportingRound.due_on.desc(), ReportingRound.id.desc())
        .limit(limit)
    )
    return list(reversed(session.exec(query).all()))


def last_due_round(rounds, as_of, settings):
    """The latest round already due (the one the life-status rule looks at), among ``rounds``."""
    today = settings.local_date(as_of)
    due = [round_ for round_ in rounds if round_.due_on < today]
    return max(due, key=lambda round_: (round_.due_on, round_.id)) if due else None


def open_rounds(rounds, as_of, settings):
    """The rounds among ``rounds`` opened and not yet due."""
    today = settings.local_date(as_of)
    return [round_ for round_ in rounds if round_.opens_on <= today <= round_.due_on]


@dataclass
class SilentMid:
    mid: Mid
    participant: Participant
    network: Network
    edition: Edition
    outcome: Outcome
    coordinators: list = field(default_factory=list)  # active coordinators (User)


@dataclass
class SilentMids:
    round: ReportingRound | None
    total: int = 0
    rows: list = field(default_factory=list)


def silent_mids(session, states, settings, limit=25, offset=0, recorded=None):
    """The MIDs expected in the last due round whose report is not received (a slice), with their
    active coordinators, in programme order: four queries."""
    result = SilentMids(states.last_due)
    if states.last_due is None:
        return result
    silent = missing(session, states.last_due, states.as_of, settings, recorded=recorded)
    ids = [row.mid_id for row in states.rows if row.mid_id in silent]
    result.total = len(ids)
    page = ids[offset:offset + limit]
    if not page:
        return result
    rows = session.exec(
        select(Mid, Participant, Network, Edition)
        .join(Participant, Participant.id == Mid.participant_id)
        .join(Network, Network.id == Mid.network_id)
        .join(Edition, Edition.id == Network.edition_id)
        .where(Mid.id.in_(page))
    ).all()
    outcomes = {row.mid_id: row.outcome for row in states.rows if row.mid_id in set(page)}
    coordinators = coordinators_of(session, {participant.id for _mid, participant, _n, _e in rows})
    by_id = {mid.id: (mid, participant, network, edition) for mid, participant, network, edition in rows}
    for mid_id in page:
        mid, participant, network, edition = by_id[mid_id]
        result.rows.append(SilentMid(mid, participant, network, edition, Outcome(outcomes[mid_id]),
                                     coordinators.get(participant.id, [])))
    return result


def coordinators_of(session, participant_ids):
    """{participant_id: [active coordinators]} in one query."""
    if not participant_ids:
        return {}
    query = (
        select(UserParticipant.participant_id, User)
        .join(User, User.id == UserParticipant.user_id)
        .where(
            UserParticipant.participant_id.in_(sorted(participant_ids)),
            User.role == Role.coordinator.value,
            User.is_active.is_(True),
            User.anonymised_at.is_(None),
        )
        .order_by(User.name, User.email)
    )
    found = defaultdict(list)
    for participant_id, user in session.exec(query):
        found[participant_id].append(user)
    return found
