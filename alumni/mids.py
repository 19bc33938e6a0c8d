"""Finding MIDs: the list with its filters, and one MID with what its page shows."""

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import select

from .models import Edition, Mid, Network, Participant


@dataclass(frozen=True)
class MidFilters:
    edition_id: int | None = None
    network_id: int | None = None
    voivodeship: str | None = None
    text: str | None = None

    @classmethod
    def from_args(cls, args):
        """Read the filters from a query string, ignoring what does not parse."""
        return cls(
            edition_id=args.get("edition", type=int),
            network_id=args.get("network", type=int),
            voivodeship=args.get("voivodeship") or None,
            text=(args.get("q") or "").strip() or None,
        )


def mid_rows(session, filters=MidFilters(), participant_ids=None):
    """MIDs with their participant, network and edition, in one query."""
    query = (
        select(Mid, Participant, Network, Edition)
        .join(Participant, Mid.participant_id == Participant.id)
        .join(Network, Mid.network_id == Network.id)
        .join(Edition, Network.edition_id == Edition.id)
    )
    if participant_ids is not None:
        query = query.where(Mid.participant_id.in_(participant_ids))
    query = apply_filters(query, filters)
    query = query.order_by(Edition.start_year, Network.name_pl, Participant.name)
    return session.exec(query).all()


def apply_filters(query, filters):
    """Narrow a query that joins Mid, Participant, Network and Edition to the filters' MIDs."""
    if filters.edition_id:
        query = query.where(Edition.id == filters.edition_id)
    if filters.network_id:
        query = query.where(Network.id == filters.network_id)
    if filters.voivodeship:
        query = query.where(Participant.voivodeship == filters.voivodeship)
    if filters.text:
        # autoescape: a %, _ or trailing backslash in the search is text, not a LIKE pattern.
        text = filters.text.lower()
        query = query.where(
            or_(func.lower(Mid.title).contains(text, autoescape=True),
                func.lower(Participant.name).contains(text, autoescape=True))
        )
    return query


def load_mid(session, mid_id):
    """One MID with its participant, network, edition, actions and milestones, or None."""
    query = (
        select(Mid)
        .where(Mid.id == mid_id)
        .options(
            selectinload(Mid.participant),
            selectinload(Mid.network).selectinload(Network.edition),
            selectinload(Mid.actions),
            selectinload(Mid.milestones),
        )
    )
    return session.exec(query).first()


def editions_with_networks(session):
    """Every edition with its networks, for filter menus."""
    query = select(Edition).options(selectinload(Edition.networks)).order_by(Edition.start_year)
    return session.exec(query).all()


