"""Every MID's state now, counted in SQL: the dashboard's live numbers all come from one grouped query.

The rule is evaluated for every MID inside the database and only the counts come back: one row per
combination of status, edition, network, voivodeship, size band and lineage (a few hundred rows
where there are thousands of MIDs). The rounds not yet due are counted in the same pass: who is
expected in them depends on the same statuses (``reporting.completeness.so_far``).
"""

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy import bindparam, case, func, literal_column
from sqlmodel import select

from ..life_status import mid_facts, outcome_of
from ..life_status.rule import bound_life_status_query
from ..reporting.completeness import Moments, RoundCompleteness, so_far


@dataclass
class CurrentStates:
    as_of: object
    groups: list          # StateGroup: MIDs counted by where they sit and their status (two may share an outcome)
    last_due: object      # the latest round already due, or None
    open_rounds: list     # rounds opened and not yet due, counted so far (``so_far``)

    def within(self, voivodeship):
        """These states narrowed to the MIDs of ``voivodeship``: the page's own when the map counts them all."""
        return CurrentStates(self.as_of, [group for group in self.groups if group.voivodeship == voivodeship],
                             self.last_due, self.open_rounds)

    def so_far(self):
        """[RoundCompleteness] of the open rounds, in their order."""
        results = [RoundCompleteness(round_, is_due=False) for round_ in self.open_rounds]
        for group in self.groups:
            for result, counts in zip(results, group.so_far):
                result.add(group.network_id, group.edition_id, *counts)
        return results


class StateGroup(NamedTuple):
    outcome: str
    edition_id: int
    network_id: int
    voivodeship: str
    size_band: str
    lineage_kind: str | None
    lineage_target: str | None
    count: int
    so_far: tuple = ()    # (expected, received, on time) in each open round
    participant_id: int | None = None   # counted by participant: in the voivodeship ``current_states`` was given


def current_states(session, as_of, settings, last_due=None, open_rounds=(), where=(), deadlines=None,
                   voivodeship=None):
    """The MIDs (of ``where``) as of ``as_of``, counted by group, and the ``open_rounds`` (not yet
    due; their ``extended_deadlines`` in ``deadlines``) counted so far; ``last_due`` is kept beside.
    The MIDs of ``voivodeship``, if given, are also counted by participant (the map's points).

    The statement is built once per process for each number of open rounds and of MIDs granted
    more time in each, and run with the moment's values; one with filters is built for its request.
    """
    _rule, params = settings.prepared_status_query(as_of)
    shape = []
    for index, round_ in enumerate(open_rounds):
        moments = Moments.of(round_, as_of, settings, as_of, deadlines)
        params.update(moments.params(f"so_far_{index}"), **{f"so_far_{index}_round": round_.id})
        shape.append(len(moments.extended))
    by_participant = voivodeship is not None
    if by_participant:
        params["region"] = voivodeship
    query = (_statement(tuple(shape), by_participant=by_participant) if not where
             else _statement.__wrapped__(tuple(shape), where, by_participant))
    groups = []
    for status, edition_id, network_id, region, size_band, lineage_kind, lineage_target, participant_id, count, *sums in (
        session.exec(query, params=params)
    ):
        counts = tuple(zip(*[iter(int(n or 0) for n in sums)] * 3))  # (expected, received, on time) by round
        groups.append(StateGroup(_outcome(status, lineage_kind), edition_id, network_id, region, size_band,
                                 lineage_kind, lineage_target, count, counts, participant_id))
    return CurrentStates(as_of, groups, last_due, list(open_rounds))


@lru_cache(maxsize=16)
def _statement(extended, where=(), by_participant=False):
    """Today's groups with an open round counted for each of ``extended`` (its MIDs granted more time);
    ``by_participant``: the MIDs of the voivodeship bound as ``region`` also by participant."""
    facts = mid_facts(None, None, bound_life_status_query()).where(*where).cte("facts").prefix_with("MATERIALIZED")
    # Worked out once per MID (the open rounds' counts read each status again), then grouped on the
    # rule's status; the outcome follows from it and the lineage (``outcome_of``), for each group.
    keys = [facts.c.status, facts.c.edition_id, facts.c.network_id, facts.c.voivodeship, facts.c.size_band,
            facts.c.lineage_kind, facts.c.lineage_target]
    if by_participant:
        keys.append(case((facts.c.voivodeship == bindparam("region"), facts.c.participant_id)))
    query = select(*keys, *([] if by_participant else [literal_column("NULL")]), func.count())
    for index, granted in enumerate(extended):
        name = f"so_far_{index}"
        reports, joined_on, sums = so_far(bindparam(f"{name}_round"), Moments.bound(name, granted), facts, name)
        query = query.outerjoin(reports, joined_on).add_columns(*sums)
    return query.select_from(facts).group_by(*keys)


@lru_cache(maxsize=64)
def _outcome(status, lineage_kind):
    """``outcome_of``'s value, worked out once for each of the few pairs (a thousand groups a page)."""
    return outcome_of(status, lineage_kind).value
