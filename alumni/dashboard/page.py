"""Everything the ministry's dashboard shows, as of one moment, in a constant number of queries."""

from dataclasses import dataclass, replace

from sqlmodel import select

from ..mids import MidFilters
from ..models import Edition, Network
from .breakdown import breakdown_of
from .needs import needs_of_the_year
from ..life_status import anniversaries, month_ends, recorded_and_kept
from ..reporting.completeness import completeness, extended_deadlines, is_due
from .reporting import last_due_round, networks_of_the_first, rounds_in_view, silent_mids
from .states import current_states
from .trends import status_over_time, survival_curves

SILENT_ON_DASHBOARD = 25


@dataclass
class Dashboard:
    as_of: object
    editions: list        # Edition, oldest first
    networks: dict        # edition_id -> [Network]
    breakdown: object     # StatusBreakdown
    rounds: list          # RoundCompleteness, oldest first
    selected: object      # RoundCompleteness shown by network and edition (the last due one by default)
    silent: object        # SilentMids of the last due round
    needs: object         # NeedsOfTheYear
    history: list         # StatusPoint, oldest first
    survival: object      # SurvivalCurves
    every_region: object  # CurrentStates of the map: ``where`` but its voivodeship (the page's own without one)

    def all_networks(self):
        return [network for edition in self.editions for network in self.networks[edition.id]]


def programme(session):
    """Editions and their networks, in programme order, in one query."""
    rows = session.exec(
        select(Edition, Network).join(Network, Network.edition_id == Edition.id)
        .order_by(Edition.start_year, Edition.id, Network.id)
    ).all()
    editions, networks = [], {}
    for edition, network in rows:
        if edition.id not in networks:
            editions.append(edition)
            networks[edition.id] = []
        networks[edition.id].append(network)
    return editions, networks


def build_dashboard(session, as_of, settings, round_id=None, filters=None, programme_rows=None):
    """Gather the dashboard as of ``as_of``; ``round_id`` picks the round detailed by network.

    ``filters`` (``mids.MidFilters``: edition, network, voivodeship, city size) narrow every section
    to the MIDs they select, but the map (``every_region``): today's states are counted once in every
    voivodeship, a chosen one's also by participant. ``programme_rows``: ``programme(session)`` if read.
    """
    editions, networks = programme_rows or programme(session)
    all_networks = [network for edition in editions for network in networks[edition.id]]
    filters = filters or MidFilters()
    where, voivodeship = filters.mid_conditions(), filters.voivodeship
    whole = filters.whole_networks(all_networks)
    in_view = rounds_in_view(session, as_of, settings)
    deadlines = extended_deadlines(session, in_view, as_of, settings)
    # The rounds not yet due are counted with today's statuses, in their statement.
    due = [round_ for round_ in in_view if is_due(round_, as_of, settings)]
    around = replace(filters, voivodeship=None).mid_conditions() if voivodeship else where
    every_region = current_states(session, as_of, settings, last_due_round(in_view, as_of, settings),
                                  [round_ for round_ in in_view if round_ not in due], around, deadlines, voivodeship)
    states = every_region.within(voivodeship) if voivodeship else every_region
    breakdown = breakdown_of(states)
    recorded, kept = recorded_and_kept(session, _days_to_look_up(in_view, all_networks, as_of, settings))
    by_id = {result.round.id: result
             for result in completeness(session, due, as_of, settings, where, recorded, deadlines) + states.so_far()}
    rounds = [by_id[round_.id] for round_ in in_view]
    selected = by_id.get(round_id) or (by_id.get(states.last_due.id) if states.last_due else None)
    return Dashboard(
        as_of=as_of,
        editions=editions,
        networks=networks,
        breakdown=breakdown,
        rounds=rounds,
        selected=selected,
        silent=_silent(session, by_id.get(states.last_due.id) if states.last_due else None, as_of, settings,
                       recorded, where, editions, all_networks),
        needs=needs_of_the_year(session, as_of, where=where),
        history=status_over_time(session, as_of, settings, breakdown.total, recorded, where, whole),
        survival=survival_curves(session, all_networks, as_of, settings, where, kept, whole),
        every_region=every_region,
    )


def _silent(session, counted, as_of, settings, recorded, where, editions, networks):
    """The first silent MIDs of the last due round, whose completeness ``counted`` says how many
    they are, and in which networks (only the first networks' MIDs are then read)."""
    if counted is None:
        return silent_mids(session, None, as_of, settings)
    missing = {network_id: counts.missing for network_id, counts in counted.by_network.items()}
    return silent_mids(session, counted.round, as_of, settings, limit=SILENT_ON_DASHBOARD, recorded=recorded,
                       where=where, total=counted.total.missing,
                       network_ids=networks_of_the_first(SILENT_ON_DASHBOARD, missing, editions, networks))


def _days_to_look_up(rounds, networks, as_of, settings):
    """The past days the page reads statuses of: month ends, due days, anniversaries."""
    today = settings.local_date(as_of)
    days = set(month_ends(today)) | {round_.due_on for round_ in rounds}
    for ended_on in {network.ended_on for network in networks if network.ended_on}:
        days.update(day for _years, day in anniversaries(ended_on, as_of, settings))
    return {day for day in days if day < today}


SILENT_PER_PAGE = 100


def silent_page(session, as_of, settings, page=1, where=()):
    """One page of the silent MIDs (of ``where``) of the last due round, with their coordinators."""
    last_due = last_due_round(rounds_in_view(session, as_of, settings), as_of, settings)
    return silent_mids(session, last_due, as_of, settings, limit=SILENT_PER_PAGE,
                       offset=(page - 1) * SILENT_PER_PAGE, where=where)
