"""The MIDs by voivodeship: where each region sits on the tile map, and the counts it shows.

The map is a tile grid (one square per voivodeship, each in its geographic place: an
established cartographic form that needs no boundary data); a region chosen on it shows its
participants as points, from their coordinates. The counts come from today's states
(``dashboard.states.current_states``: the one life-status rule, grouped in SQL), a chosen region's
also by participant: one statement whatever the number of MIDs, and one for the chosen region's
participants' names and places. Nothing here needs a signed-in user, so the public view shows the same map.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select

from .charts.maps import point_map, tile_map
from .dashboard.breakdown import OutcomeCounts, breakdown_of
from .dashboard.states import current_states
from .life_status import ALIVE, Outcome
from .models import Participant, Voivodeship

V = Voivodeship


@dataclass(frozen=True)
class Region:
    voivodeship: Voivodeship
    column: int           # the tile's place on the 4 × 4 grid, west to east
    row: int              # and north to south
    west: float           # the bounding box, degrees (WGS 84), rounded outwards
    east: float
    south: float
    north: float

    @property
    def centre(self):
        return (self.south + self.north) / 2, (self.west + self.east) / 2


# Neighbours on the grid are neighbours on the ground: each row runs west to east, each column
# north to south (tests/dashboard/test_regions.py checks it against the boxes' centres).
REGIONS = (
    Region(V.zachodniopomorskie, 0, 0, 14.1, 16.95, 52.6, 54.6),
    Region(V.pomorskie, 1, 0, 16.7, 19.65, 53.5, 54.85),
    Region(V.warminsko_mazurskie, 2, 0, 19.1, 22.8, 53.15, 54.45),
    Region(V.podlaskie, 3, 0, 21.55, 23.95, 52.25, 54.4),
    Region(V.lubuskie, 0, 1, 14.5, 16.4, 51.4, 53.1),
    Region(V.wielkopolskie, 1, 1, 15.8, 19.1, 51.1, 53.65),
    Region(V.kujawsko_pomorskie, 2, 1, 17.2, 19.8, 52.3, 53.8),
    Region(V.mazowieckie, 3, 1, 19.25, 23.15, 51.0, 53.5),
    Region(V.dolnoslaskie, 0, 2, 14.8, 17.8, 50.1, 51.8),
    Region(V.lodzkie, 1, 2, 18.05, 20.7, 50.85, 52.4),
    Region(V.swietokrzyskie, 2, 2, 19.7, 21.85, 50.2, 51.35),
    Region(V.lubelskie, 3, 2, 21.6, 24.2, 50.25, 52.3),
    Region(V.opolskie, 0, 3, 16.9, 18.7, 49.95, 51.2),
    Region(V.slaskie, 1, 3, 18.0, 19.95, 49.4, 51.1),
    Region(V.malopolskie, 2, 3, 19.1, 21.4, 49.2, 50.55),
    Region(V.podkarpackie, 3, 3, 21.1, 23.55, 49.0, 50.85),
)
BY_VOIVODESHIP = {region.voivodeship.value: region for region in REGIONS}


def alive_share(counts):
    """The share of ``counts`` (``OutcomeCounts``) still alive (active or at risk), or None without MIDs."""
    if not counts.total:
        return None
    return sum(counts[Outcome(status)] for status in ALIVE) / counts.total


@dataclass
class PlacedParticipant:
    participant_id: int
    name: str
    latitude: float | None
    longitude: float | None
    counts: OutcomeCounts = field(default_factory=OutcomeCounts)


@dataclass
class RegionPicture:
    """What the map shows: the counts of every voivodeship and, for a chosen one, its participants."""

    by_voivodeship: dict                 # voivodeship value -> OutcomeCounts (every region, zeros included)
    selected: Region | None = None
    participants: list = field(default_factory=list)   # PlacedParticipant of the selected region, by name

    def regions(self):
        """(Region, OutcomeCounts) in grid order."""
        return [(region, self.by_voivodeship[region.voivodeship.value]) for region in REGIONS]

    def tiles(self):
        """The tile map (``charts.maps.TileMap``), the selected region marked."""
        return tile_map([(region, counts, alive_share(counts)) for region, counts in self.regions()],
                        self.selected.voivodeship.value if self.selected else None)

    def points(self):
        """The selected region's participants as points (``charts.maps.PointMap``), or None."""
        if self.selected is None:
            return None
        return point_map(self.selected, [(p.participant_id, p.name, p.latitude, p.longitude, p.counts,
                                          alive_share(p.counts)) for p in self.participants])

    def unplaced(self):
        """The selected region's participants that have no coordinates (in the table only)."""
        return [p for p in self.participants if p.latitude is None or p.longitude is None]


def region_counts(session, as_of, settings, where=()):
    """{voivodeship: OutcomeCounts} of the MIDs of ``where`` as of ``as_of``, every voivodeship present; one query."""
    return region_picture(session, as_of, settings, where).by_voivodeship


def region_picture(session, as_of, settings, where=(), voivodeship=None):
    """The map's picture: every region's counts (of ``where``), and the participants of ``voivodeship`` if given.

    ``where`` should not narrow to one voivodeship: the map shows them all, the chosen one marked.
    """
    chosen = voivodeship if voivodeship in BY_VOIVODESHIP else None
    return region_picture_of(session, current_states(session, as_of, settings, where=list(where), voivodeship=chosen),
                             chosen)


def region_picture_of(session, states, voivodeship=None):
    """The map's picture from today's states (``dashboard.states.current_states``) in every voivodeship,
    counted by participant in ``voivodeship`` if chosen: the participants' names and places in one query."""
    by_region = breakdown_of(states).by_voivodeship
    picture = RegionPicture({v.value: by_region.get(v.value, OutcomeCounts()) for v in Voivodeship})
    if voivodeship not in BY_VOIVODESHIP:
        return picture
    counts = defaultdict(OutcomeCounts)
    for group in states.groups:
        if group.participant_id is not None:
            counts[group.participant_id][Outcome(group.outcome)] += group.count
    picture.selected = BY_VOIVODESHIP[voivodeship]
    rows = session.exec(select(Participant.id, Participant.name, Participant.latitude, Participant.longitude)
                        .where(Participant.voivodeship == voivodeship).order_by(Participant.name, Participant.id))
    picture.participants = [PlacedParticipant(participant_id, name, latitude, longitude, counts[participant_id])
                            for participant_id, name, latitude, longitude in rows if participant_id in counts]
    return picture
