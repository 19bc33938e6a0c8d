"""The dashboard's "indicators on track": every MID's indicators judged by the one rule, counted by edition and network."""

from dataclasses import dataclass, field

from ..indicators.counted import counted_by_network
from ..indicators.kept import kept_counts
from ..indicators.progress import Counts
from ..memory_cache import PageCache


@dataclass
class NetworkIndicators:
    network: object
    counts: Counts


@dataclass
class EditionIndicators:
    edition: object
    counts: Counts
    networks: list = field(default_factory=list)   # NetworkIndicators of the networks with indicators


@dataclass
class IndicatorOverview:
    total: Counts
    editions: list                                  # EditionIndicators, in programme order


def indicator_overview(session, today, editions, networks, where=(), whole=None):
    """The indicators of the MIDs ``where`` selects, counted by edition and network: as kept for the
    day (``indicators.kept``) when ``where`` keeps whole networks (``whole``: their ids, or no
    ``where``), else counted (``indicators.counted``); one or two statements."""
    kept = kept_counts(session, today) if not where or whole is not None else None
    if kept is not None and where:
        kept = {network_id: counts for network_id, counts in kept.items() if network_id in whole}
    by_network = kept if kept is not None else counted_by_network(session, today, where)
    result = []
    for edition in editions:
        parts = [NetworkIndicators(network, by_network[network.id])
                 for network in networks[edition.id] if network.id in by_network]
        if parts:
            total = Counts()
            for part in parts:
                total = total + part.counts
            result.append(EditionIndicators(edition, total, parts))
    overall = Counts()
    for edition in result:
        overall = overall + edition.counts
    return IndicatorOverview(overall, result)


# Counting every indicator costs about a third of the rest of the dashboard at 10,000 MIDs; the
# figures change only with an audited edit or the day, so each process keeps them under those.
_REMEMBERED = PageCache(max_entries=32, max_age=600)


def remembered_overview(key, compute):
    """``compute()`` once per ``key`` (a data version, the day, the filters) in this process; bounded."""
    return _REMEMBERED.kept(key, key, compute)
