"""Finding MIDs: the list with its filters, a coordinator's own MIDs, and one MID to show."""

from dataclasses import dataclass, replace
from datetime import datetime

from flask import current_app
from sqlalchemy import case, func, or_
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import select

from . import reports
from .folding import fold, folded
from .life_status import Outcome, SizeBand, StatusSettings, mid_facts, outcome_of, size_band_expression, statuses
from .models import Edition, Mid, Network, Participant, Report, Voivodeship
from .reporting.completeness import flags_of
from .paging import Paged


PER_PAGE = 50
SORTS = ("participant", "title", "network", "edition", "voivodeship", "status")


def _choice(value, vocabulary):
    return value if value in {member.value for member in vocabulary} else None


@dataclass(frozen=True)
class MidFilters:
    edition_id: int | None = None
    network_id: int | None = None
    voivodeship: str | None = None
    text: str | None = None
    status: str | None = None       # an Outcome (life status, or absorbed)
    size: str | None = None         # a SizeBand
    sort: str = "participant"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args):
        """Read the filters from a query string, ignoring what does not parse."""
        sort = args.get("sort")
        return cls(
            edition_id=args.get("edition", type=int),
            network_id=args.get("network", type=int),
            voivodeship=_choice(args.get("voivodeship"), Voivodeship),
            text=(args.get("q") or "").strip()[:200] or None,
            status=_choice(args.get("status"), Outcome),
            size=_choice(args.get("size"), SizeBand),
            sort=sort if sort in SORTS else "participant",
            descending=args.get("dir") == "desc",
            page=max(args.get("page", default=1, type=int) or 1, 1),
        )

    def to_args(self, **changes):
        """The query string of these filters (changed as asked), defaults left out: a shareable URL."""
        current = replace(self, **changes)
        args = {
            "edition": current.edition_id, "network": current.network_id, "voivodeship": current.voivodeship,
            "q": current.text, "status": current.status, "size": current.size,
            "sort": None if current.sort == "participant" else current.sort,
            "dir": "desc" if current.descending else None,
            "page": current.page if current.page > 1 else None,
        }
        return {key: value for key, value in args.items() if value is not None}

    def mid_conditions(self):
        """Where-clauses on ``Mid`` for where a MID sits (edition, network, voivodeship, city size):
        the filters the dashboard applies to every section."""
        conditions = []
        if self.edition_id:
            conditions.append(Mid.network_id.in_(select(Network.id).where(Network.edition_id == self.edition_id)))
        if self.network_id:
            conditions.append(Mid.network_id == self.network_id)
        if self.voivodeship:
            conditions.append(Mid.participant_id.in_(
                select(Participant.id).where(Participant.voivodeship == self.voivodeship)))
        if self.size:
            conditions.append(Mid.participant_id.in_(
                select(Participant.id).where(size_band_expression(Participant.population) == self.size)))
        return conditions

    def whole_networks(self, networks):
        """The ids of the networks (of ``networks``) whose every MID the filters keep, when they filter
        by edition or network alone (the networks' daily counts then serve); None otherwise."""
        if self.voivodeship or self.size or not (self.edition_id or self.network_id):
            return None
        return frozenset(network.id for network in networks
                         if self.edition_id in (None, network.edition_id) and self.network_id in (None, network.id))

    def where_args(self):
        """The query string of the filters on where a MID sits (for links that keep them)."""
        return {key: value for key, value in self.to_args().items() if key in ("edition", "network",
                                                                                 "voivodeship", "size")}

    def sorted_by(self, column):
        """The filters sorted by ``column``: ascending, or the other way if already sorted by it."""
        descending = not self.descending if self.sort == column else False
        return self.to_args(sort=column, descending=descending, page=1)


def _contains(column, text):
    """``column`` contains ``text``, ignoring case and Polish marks; ``%`` and ``_`` are plain characters."""
    pattern = "%" + fold(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return folded(column).like(pattern, escape="\\")


def _filtered(query, filters, facts, participant_ids):
    if participant_ids is not None:
        query = query.where(Mid.participant_id.in_(participant_ids))
    if filters.edition_id:
        query = query.where(Edition.id == filters.edition_id)
    if filters.network_id:
        query = query.where(Network.id == filters.network_id)
    if filters.voivodeship:
        query = query.where(Participant.voivodeship == filters.voivodeship)
    if filters.text:
        query = query.where(or_(*(_contains(column, filters.text) for column in (Mid.title, Participant.name))))
    if facts is not None and filters.status:
        query = query.where(facts.c.outcome == filters.status)
    if filters.size:
        query = query.where(size_band_expression(Participant.population) == filters.size)
    return query


def mid_rows(session, filters=MidFilters(), participant_ids=None):
    """MIDs with their participant, network and edition, in one query (the status filter not applied)."""
    query = (
        select(Mid, Participant, Network, Edition)
        .join(Participant, Mid.participant_id == Participant.id)
        .join(Network, Mid.network_id == Network.id)
        .join(Edition, Network.edition_id == Edition.id)
    )
    query = _filtered(query, filters, None, participant_ids)
    query = query.order_by(Edition.start_year, Network.name_pl, Participant.name)
    return session.exec(query).all()


@dataclass
class MidListRow:
    mid: Mid
    participant: Participant
    network: Network
    edition: Edition
    status: str
    outcome: str
    last_activity_at: datetime | None


@dataclass
class MidListPage(Paged):
    rows: list
    total: int
    page: int
    per_page: int


def _order(filters, facts):
    """The ORDER BY of the list; ``facts`` (``mid_facts``) only where sorted by status."""
    columns = {
        "participant": [Participant.name],
        "title": [Mid.title],
        "network": [Network.name_pl, Participant.name],
        "edition": [Edition.start_year, Network.name_pl, Participant.name],
        "voivodeship": [Participant.voivodeship, Participant.name],
    }.get(filters.sort) or [case({outcome.value: rank for rank, outcome in enumerate(Outcome)},
                                 value=facts.c.outcome), Participant.name]
    first, rest = columns[0], columns[1:]
    return [first.desc() if filters.descending else first, *rest, Mid.id]


def mid_list_page(session, filters, as_of, settings, participant_ids=None, per_page=PER_PAGE):
    """One page of MIDs with their life status as of ``as_of``, filtered and sorted: one or two queries.

    Filtered or sorted by status, every MID's status is needed to choose the page: the rule runs for
    all of them inside the query. Otherwise the page is chosen first and the rule runs for its MIDs
    only (the same prepared statement as everywhere: ``life_status.statuses``).
    """
    if filters.status or filters.sort == "status":
        return _page_by_status(session, filters, as_of, settings, participant_ids, per_page)
    result, rows = _paged(session, _listed(), filters, None, participant_ids, per_page)
    if not rows:
        return result
    status_query, params = settings.prepared_status_query(as_of, [row[0].id for row in rows])
    facts = {fact.mid_id: fact for fact in session.exec(status_query, params=params)}
    for mid, participant, network, edition, _total in rows:
        fact = facts[mid.id]
        result.rows.append(MidListRow(mid, participant, network, edition, fact.status,
                                      outcome_of(fact.status, mid.lineage_kind),
                                      _latest(fact.last_action_at, fact.last_milestone_at, fact.last_report_at)))
    return result


def _listed(*columns):
    """MIDs with their participant, network and edition, ``columns`` and how many match in all."""
    return (
        select(Mid, Participant, Network, Edition, *columns, func.count().over().label("total"))
        .join(Participant, Mid.participant_id == Participant.id)
        .join(Network, Mid.network_id == Network.id)
        .join(Edition, Network.edition_id == Edition.id)
    )


def _paged(session, query, filters, facts, participant_ids, per_page):
    """(an empty MidListPage with the total, the rows) of the filters' page of ``query``."""
    query = _filtered(query, filters, facts, participant_ids)
    query = query.order_by(*_order(filters, facts)).limit(per_page).offset((filters.page - 1) * per_page)
    rows = session.exec(query).all()
    return MidListPage([], rows[0].total if rows else 0, filters.page, per_page), rows


def _latest(*moments):
    """The last activity: the latest of the last action, milestone and report moments."""
    return max((moment for moment in moments if moment is not None), default=None)


def _page_by_status(session, filters, as_of, settings, participant_ids, per_page):
    facts = mid_facts(as_of, settings).subquery("facts")
    query = _listed(facts.c.status, facts.c.outcome, facts.c.last_action_at, facts.c.last_milestone_at,
                    facts.c.last_report_at).join(facts, facts.c.mid_id == Mid.id)
    result, rows = _paged(session, query, filters, facts, participant_ids, per_page)
    for mid, participant, network, edition, status, outcome, *moments, _total in rows:
        result.rows.append(MidListRow(mid, participant, network, edition, status, outcome, _latest(*moments)))
    return result


def load_mid(session, mid_id):
    """One MID with its participant, network, edition, actions and milestones, or None."""
    query = (
        select(Mid)
        .where(Mid.id == mid_id)
        .options(
            # One row of each: joined into the MID's statement; its actions and milestones, one each.
            joinedload(Mid.participant),
            joinedload(Mid.network).joinedload(Network.edition),
            selectinload(Mid.actions),
            selectinload(Mid.milestones),
        )
    )
    return session.exec(query).first()


def editions_with_networks(session):
    """Every edition with its networks, for filter menus."""
    query = select(Edition).options(selectinload(Edition.networks)).order_by(Edition.start_year, Edition.code)
    return session.exec(query).all()


@dataclass
class MyMid:
    mid: object
    participant: object
    network: object
    edition: object
    status: str
    report_state: str | None  # in the open round; None when not started
    expected: bool = False    # expected to report in the open round (``reporting.completeness``)
    received: bool = False


def my_mids(session, participant_ids, as_of):
    """A coordinator's MIDs with their life status and where their report stands in the open round."""
    settings = StatusSettings.from_app(current_app)
    rows = mid_rows(session, participant_ids=participant_ids)
    ids = [row[0].id for row in rows]
    found = statuses(session, settings, as_of, ids)
    round_ = reports.open_round(session, settings.local_date(as_of))
    states, flags = {}, {}
    if round_ is not None and ids:
        states = dict(session.exec(select(Report.mid_id, Report.state).where(
            Report.round_id == round_.id, Report.mid_id.in_(ids))).all())
        flags = flags_of(session, round_, as_of, settings, ids)
    return round_, [MyMid(mid, participant, network, edition, found[mid.id], states.get(mid.id),
                          *flags.get(mid.id, (False, False))[:2])
                    for mid, participant, network, edition in rows]


def list_filters(session, args):
    """The MID list's filters and its network menu: (edition, networks) of the chosen edition, or of all."""
    editions = [(edition, sorted(edition.networks, key=lambda network: network.id))
                for edition in editions_with_networks(session)]
    return narrowed(MidFilters.from_args(args), editions)


def narrowed(filters, editions):
    """``filters`` and the network menu of ``editions`` [(edition, networks)]: the chosen edition's only.

    A network outside the chosen edition is dropped: it cannot be chosen, so it must not filter.
    """
    groups = [(edition, networks) for edition, networks in editions if filters.edition_id in (None, edition.id)]
    if filters.network_id and not any(n.id == filters.network_id for _edition, networks in groups for n in networks):
        filters = replace(filters, network_id=None)
    return filters, groups


