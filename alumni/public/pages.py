"""What the public sees of the programme and of the public MIDs: plain values, nothing personal.

Every read selects its columns by name: no row object reaches a public page or file, so a
column added to a table later (a person, a draft, a budget) is never shown by accident.
Everything is read for all the public MIDs at once (a fixed number of queries).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Optional

from sqlmodel import select

from ..life_status import statuses
from ..models import Action, Edition, Mid, Milestone, Network, Participant, Report, ReportState, ReportingRound
from ..regions import region_picture
from .visibility import mid_is_public_clause, view_enabled


@dataclass(frozen=True)
class PublicMid:
    id: int
    title: str
    participant: str
    kind: str
    voivodeship: str
    teryt: Optional[str]
    edition_code: str
    network_id: int
    network_pl: str
    network_en: str
    adopted_on: Optional[date]
    document_url: Optional[str]
    challenge: str
    goals: str
    budget_public: bool
    illustrative: bool
    status: str


@dataclass(frozen=True)
class PublicAction:
    id: int
    mid_id: int
    position: int
    title: str
    status: str
    progress: int
    planned_start: Optional[date]
    planned_end: Optional[date]
    estimated_budget: Optional[Decimal]  # None unless the city published its budgets
    funding_sources: str


@dataclass(frozen=True)
class PublicMilestone:
    title: str
    due_on: date
    achieved_on: Optional[date]


@dataclass(frozen=True)
class NetworkEntry:
    id: int
    name_pl: str
    name_en: str
    theme: str
    mids: list


@dataclass(frozen=True)
class EditionEntry:
    code: str
    name: str
    start_year: int
    end_year: int
    networks: list


@dataclass(frozen=True)
class PublicMidPage:
    mid: PublicMid
    actions: list
    milestones: list
    achievements: list  # (round name, text) of the year's accepted reports


_MID_COLUMNS = (
    Mid.id, Mid.title, Participant.name, Participant.kind, Participant.voivodeship, Participant.teryt,
    Edition.code, Network.id, Network.name_pl, Network.name_en, Mid.adopted_on, Mid.document_url,
    Mid.challenge, Mid.goals, Mid.public_budget, Mid.illustrative,
)


def public_mids(session, settings, as_of, mid_id=None):
    """The public MIDs (or the one ``mid_id`` if public) with their life status as of ``as_of``."""
    enabled = view_enabled(session)
    if not enabled:
        return []
    query = (select(*_MID_COLUMNS).join(Participant, Participant.id == Mid.participant_id)
             .join(Network, Network.id == Mid.network_id).join(Edition, Edition.id == Network.edition_id)
             .where(mid_is_public_clause(enabled)).order_by(Participant.name, Mid.title, Mid.id))
    if mid_id is not None:
        query = query.where(Mid.id == mid_id)
    rows = session.exec(query).all()
    status = statuses(session, settings, as_of, [row[0] for row in rows]) if rows else {}
    return [PublicMid(*row[:14], bool(row[14]), bool(row[15]), str(status[row[0]])) for row in rows]


def public_regions(session, settings, as_of, voivodeship=None):
    """The map of the public MIDs: every voivodeship's counts, and the participants of ``voivodeship``."""
    return region_picture(session, as_of, settings, [mid_is_public_clause(view_enabled(session))], voivodeship)


def public_actions(session, mids):
    """The actions of ``mids`` (PublicMid), in each MID's order; budgets only where the city published them."""
    published = {mid.id: mid.budget_public for mid in mids}
    if not published:
        return []
    rows = session.exec(
        select(Action.id, Action.mid_id, Action.position, Action.title, Action.status, Action.progress,
               Action.planned_start, Action.planned_end, Action.estimated_budget, Action.funding_sources)
        .where(Action.mid_id.in_(list(published))).order_by(Action.mid_id, Action.position, Action.id)
    ).all()
    return [PublicAction(*row[:6], row[6], row[7], row[8] if published[row[1]] else None,
                         row[9] if published[row[1]] else "") for row in rows]


def programme(session, mids):
    """Every edition with its networks, each network with its public MIDs."""
    by_network = {}
    for mid in mids:
        by_network.setdefault(mid.network_id, []).append(mid)
    rows = session.exec(
        select(Edition.code, Edition.name, Edition.start_year, Edition.end_year, Network.id, Network.name_pl,
               Network.name_en, Network.theme)
        .join(Network, Network.edition_id == Edition.id).order_by(Edition.start_year, Edition.code, Network.name_pl)
    ).all()
    editions = {}
    for code, name, start, end, network_id, name_pl, name_en, theme in rows:
        edition = editions.setdefault(code, EditionEntry(code, name, start, end, []))
        edition.networks.append(NetworkEntry(network_id, name_pl, name_en, theme, by_network.get(network_id, [])))
    return list(editions.values())


def mid_page(session, settings, mid_id, as_of, year):
    """One public MID's page, or None when the MID is not public."""
    found = public_mids(session, settings, as_of, mid_id)
    if not found:
        return None
    mid = found[0]
    milestones = [PublicMilestone(*row) for row in session.exec(
        select(Milestone.title, Milestone.due_on, Milestone.achieved_on)
        .where(Milestone.mid_id == mid.id).order_by(Milestone.due_on, Milestone.id))]
    return PublicMidPage(mid, public_actions(session, [mid]), milestones, achievements(session, [mid.id], year))


def achievements(session, mid_ids, year):
    """(round name, achievements) of the accepted reports of ``mid_ids`` in rounds due in ``year``."""
    if not mid_ids:
        return []
    rows = session.exec(
        select(ReportingRound.name, Report.achievements).join(ReportingRound, ReportingRound.id == Report.round_id)
        .where(Report.mid_id.in_(mid_ids), Report.state == ReportState.accepted,
               ReportingRound.due_on >= date(year, 1, 1), ReportingRound.due_on <= date(year, 12, 31),
               Report.achievements != "")
        .order_by(ReportingRound.due_on, Report.mid_id)
    ).all()
    return [(name, text) for name, text in rows]
