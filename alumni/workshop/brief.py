"""A one-page brief per city for the workshop: what changed since last year, and where each of
its MIDs stands against its network, with network figures only (no other city is named).
"""

from dataclasses import dataclass, field

from sqlmodel import select

from ..models import Mid, Participant
from .aggregate import Figures, figures_by
from .indicators import lines_by_mid
from .lines import mid_lines
from .order import polish_key


@dataclass
class BriefItem:
    line: object       # the MID's MidLine
    now: Figures       # the MID over the period
    before: Figures    # the MID over the year before
    network: object    # its network's NetworkLine

    @property
    def network_average_done(self):
        mids = self.network.current.mids
        return self.network.current.done_in_period / mids if mids else None

    @property
    def network_average_milestones(self):
        mids = self.network.current.mids
        return self.network.current.milestones_achieved / mids if mids else None

    @property
    def status_peers(self):
        """How many MIDs of the network share this MID's status, this one included."""
        return self.network.current.statuses[self.line.status]


@dataclass
class CityBrief:
    participant: Participant
    items: list  # BriefItem per MID, in network order
    indicators: dict = field(default_factory=dict)  # mid_id -> [IndicatorLine] (workshop/indicators.py)


def city_briefs(session, picture, participant_ids=None):
    """Briefs of the participants named (every participant with a MID by default), by name."""
    where = [Mid.participant_id.in_(list(participant_ids))] if participant_ids is not None else []
    window, previous, settings = picture.window, picture.previous_window, picture.settings
    now = figures_by(session, window, settings, Mid.id, where)
    before = figures_by(session, previous, settings, Mid.id, where, previous=True)
    networks = {line.network_id: line for line in picture.networks}
    items = {}
    for line in mid_lines(session, picture, participant_ids):
        items.setdefault(line.participant_id, []).append(
            BriefItem(line, now.get(line.mid_id, Figures()), before.get(line.mid_id, Figures()),
                      networks[line.network_id]))
    query = select(Participant)
    if participant_ids is not None:
        query = query.where(Participant.id.in_(list(participant_ids)))
    participants = [p for p in session.exec(query) if participant_ids is not None or p.id in items]
    participants.sort(key=lambda participant: polish_key(participant.name))
    indicators = lines_by_mid(session, picture, participant_ids)
    return [CityBrief(participant, items.get(participant.id, []), indicators) for participant in participants]
