"""How many MIDs are in each outcome: overall, by edition, network, voivodeship and size, and lineage."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..models import Voivodeship
from ..life_status import Outcome, SizeBand
from .states import current_states


class OutcomeCounts(Counter):
    """MIDs per outcome, with the total and shares."""

    @property
    def total(self):
        return sum(self.values())

    def share(self, outcome):
        return self[outcome] / self.total if self.total else 0.0

    def ordered(self):
        """(outcome, count) in the dashboard's order, zeros included."""
        return [(outcome, self[outcome]) for outcome in Outcome]


@dataclass
class StatusBreakdown:
    total: OutcomeCounts = field(default_factory=OutcomeCounts)
    by_edition: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_network: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_voivodeship: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    by_size: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))
    # (lineage kind, "mid" or "strategy") -> {outcome: count}
    lineage: dict = field(default_factory=lambda: defaultdict(OutcomeCounts))

    def sizes_in_order(self):
        return [(band, self.by_size[band]) for band in SizeBand if band in self.by_size]

    def voivodeships_in_order(self):
        """In the Polish alphabetical order of the vocabulary (ł after l, ś after s)."""
        return [(v.value, self.by_voivodeship[v.value]) for v in Voivodeship if v.value in self.by_voivodeship]


def breakdown_of(states):
    """Count every MID of ``states`` (``states.current_states``) by outcome along each dimension."""
    breakdown = StatusBreakdown()
    for group in states.groups:
        outcome, n = Outcome(group.outcome), group.count
        breakdown.total[outcome] += n
        breakdown.by_edition[group.edition_id][outcome] += n
        breakdown.by_network[group.network_id][outcome] += n
        breakdown.by_voivodeship[group.voivodeship][outcome] += n
        breakdown.by_size[SizeBand(group.size_band)][outcome] += n
        if group.lineage_kind is not None:
            breakdown.lineage[(group.lineage_kind, group.lineage_target)][outcome] += n
    return breakdown


def status_breakdown(session, as_of, settings):
    """Count every MID by outcome as of ``as_of``, in one query."""
    return breakdown_of(current_states(session, as_of, settings))
