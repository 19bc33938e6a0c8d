"""The rounds the dashboard shows and the silent MIDs of the last one due.

The counts themselves (expected, received, on time) come from ``alumni.reporting.completeness``.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import select

from ..life_status import Outcome, outcome_of, statuses
from ..models import Edition, Mid, Network, Participant, ReportingRound, Role, User, UserParticipant
from ..reporting.completeness import due_days_recorded, missing_query


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


def silent_mids(session, round_, as_of, settings, limit=25, offset=0, recorded=None, where=(), total=None,
                network_ids=None):
    """The MIDs (of ``where``) expected in ``round_`` (the last due) whose report is not received
    (a slice), with their active coordinators, in programme order: four queries, whatever the N.

    ``total`` is how many they are, if known: the round's ``missing`` (``reporting.completeness``)
    counts the same MIDs; else they are counted here (one more query). ``network_ids``, if given,
    hold every MID of the slice (``networks_of_the_first``): only their MIDs are read.
    """
    result = SilentMids(round_)
    if round_ is None:
        return result
    if recorded is None:
        recorded = due_days_recorded(session, [round_], as_of, settings)
    silent = missing_query(round_, as_of, settings, recorded, where)
    result.total = total if total is not None else session.exec(
        select(func.count()).select_from(silent.subquery("silent"))).one()
    if offset >= result.total:
        return result
    order = (Edition.start_year, Edition.id, Network.name_pl, Participant.name, Mid.id)  # as networks_of_the_first
    if network_ids is not None:
        silent = silent.where(Mid.network_id.in_(sorted(network_ids)))
    # The page's MIDs are picked on the order's keys alone, in the query that finds them (no
    # count over them all: the database keeps only the first ``limit`` while it sorts); only
    # those are then read whole (a MID's texts are long).
    page = (
        silent.with_only_columns(Mid.id.label("mid_id"))
        .join(Participant, Participant.id == Mid.participant_id)
        .join(Edition, Edition.id == Network.edition_id)
        .order_by(*order).limit(limit).offset(offset)
        .subquery("page")
    )
    rows = session.exec(_in_programme_order(select(Mid, Participant, Network, Edition), page, order)).all()
    now = statuses(session, settings, as_of, [mid.id for mid, *_ in rows])
    coordinators = coordinators_of(session, {participant.id for _, participant, *_ in rows})
    for mid, participant, network, edition in rows:
        result.rows.append(SilentMid(mid, participant, network, edition, outcome_of(now[mid.id], mid.lineage_kind),
                                     coordinators.get(participant.id, [])))
    return result


def networks_of_the_first(limit, missing_by_network, editions, networks):
    """The ids of the first networks in the silent MIDs' order that hold their first ``limit``, from
    how many each network has (``missing_by_network``: network id -> count), or None if all do."""
    edition_of = {edition.id: edition for edition in editions}
    in_order = sorted(networks, key=lambda network: (edition_of[network.edition_id].start_year,
                                                     network.edition_id, network.name_pl))
    seen, first = 0, set()
    for network in in_order:
        first.add(network.id)
        seen += missing_by_network.get(network.id, 0)
        if seen >= limit:
            return first
    return None


def _in_programme_order(query, picked, order):
    """``query`` of the MIDs in ``picked`` (a subquery with ``mid_id``), joined to where they sit, in ``order``."""
    return (query.join(picked, picked.c.mid_id == Mid.id)
            .join(Participant, Participant.id == Mid.participant_id)
            .join(Network, Network.id == Mid.network_id)
            .join(Edition, Edition.id == Network.edition_id)
            .order_by(*order))


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
