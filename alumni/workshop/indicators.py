"""The workshop export's indicators: each MID's indicators with their values by year, the change
against the year before, and their progress as of the picture (the one rule, ``alumni/indicators``).
"""

from dataclasses import dataclass

from sqlmodel import select

from ..indicators.progress import Counts, indicator_progress
from ..models import Edition, Indicator, IndicatorValue, Mid, Network, Participant
from .order import networks_in_order, polish_key

YEARS_SHOWN = 5   # the workshop year and the four before it


@dataclass
class IndicatorLine:
    edition_code: str
    network_id: int
    network_pl: str
    network_en: str
    participant: str
    mid_title: str
    judged: object            # progress.Judged, as of the picture
    values: dict              # year -> Decimal, up to the workshop year

    def network(self, language):
        return self.network_en if language == "en" else self.network_pl

    def change(self, year):
        """The value of ``year`` less the value of the year before, when both are recorded."""
        now, before = self.values.get(year), self.values.get(year - 1)
        return None if now is None or before is None else now - before


def shown_years(picture):
    return list(range(picture.year - YEARS_SHOWN + 1, picture.year + 1))


def _picture_day(picture):
    return picture.window.last_day


def _where(picture, participant_ids=None):
    where = [Mid.created_at <= picture.window.as_of]
    if participant_ids is not None:
        where.append(Mid.participant_id.in_(list(participant_ids)))
    return where


def indicator_lines(session, picture, participant_ids=None):
    """Every indicator of the MIDs of the picture (of ``participant_ids``), by network and participant.

    A network at a time, three statements each (its judged indicators, their values, their places):
    the programme's tens of thousands of indicators and their values are never held at once.
    """
    where = _where(picture, participant_ids)
    with_indicators = set(session.exec(select(Mid.network_id).distinct()
                                       .join(Indicator, Indicator.mid_id == Mid.id).where(*where)))
    for network, _edition in networks_in_order(session):
        if network.id in with_indicators:
            yield from sorted(_network_lines(session, picture, [*where, Mid.network_id == network.id]),
                              key=lambda line: polish_key(line.participant))


def _network_lines(session, picture, where):
    """[IndicatorLine] of one network's MIDs (``where``), in the order of their ids and positions."""
    judged = indicator_progress(session, _picture_day(picture), where=where, until_year=picture.year)
    first = shown_years(picture)[0]
    values = {}
    for indicator_id, year, value in session.exec(
            select(IndicatorValue.indicator_id, IndicatorValue.year, IndicatorValue.value)
            .join(Mid, Mid.id == IndicatorValue.mid_id)
            .where(IndicatorValue.year >= first - 1, IndicatorValue.year <= picture.year, *where)):
        values.setdefault(indicator_id, {})[year] = value
    places = session.exec(
        select(Mid.id, Edition.code, Network.id, Network.name_pl, Network.name_en, Participant.name, Mid.title)
        .join(Participant, Participant.id == Mid.participant_id).join(Network, Network.id == Mid.network_id)
        .join(Edition, Edition.id == Network.edition_id).where(*where).order_by(Mid.id))
    return [IndicatorLine(*place, row, values.get(row.indicator.id, {}))
            for mid_id, *place in places if mid_id in judged.by_mid for row in judged.by_mid[mid_id]]


@dataclass
class IndicatorCounts:
    total: Counts
    networks: list    # (NetworkLine of the picture, Counts) of the networks with indicators


def indicator_counts(session, picture):
    """The picture's indicators counted by progress, in total and by network: one statement."""
    judged = indicator_progress(session, _picture_day(picture), where=_where(picture), until_year=picture.year)
    by_network = {}
    for mid_id, rows in judged.by_mid.items():
        counts = by_network.setdefault(judged.network_of[mid_id], Counts())
        for row in rows:
            counts.add(row.progress)
    networks = [(line, by_network[line.network_id]) for line in picture.networks if line.network_id in by_network]
    return IndicatorCounts(judged.total(), networks)


def lines_by_mid(session, picture, participant_ids=None):
    """{mid_id: [IndicatorLine]} for the city briefs."""
    result = {}
    for line in indicator_lines(session, picture, participant_ids):
        result.setdefault(line.judged.indicator.mid_id, []).append(line)
    return result
