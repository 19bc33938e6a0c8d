"""Map geometry for server-rendered SVG: the tile grid of voivodeships and a region's points.

Pure arithmetic, like ``geometry``: ``templates/charts/_map.html`` draws what these return. A
tile's fill (``palette.alive_fill``) carries a mark as well as a colour, and every tile and point
carries its numbers as text. Points are placed by an equirectangular projection of their
latitude and longitude within the region's bounding box: no boundaries, no tiles fetched.
"""

import math
from dataclasses import dataclass

from .geometry import CHAR, FONT
from .palette import alive_fill

TILE_WIDTH, TILE_HEIGHT, TILE_GAP, MAP_PADDING = 180, 150, 8, 2
NAME_CHAR = 8.6          # a bold character of a name at 13 px, generously


@dataclass
class Tile:
    key: str              # the voivodeship (its Polish name)
    x: float
    y: float
    width: float
    height: float
    lines: list           # the name, in one or two lines
    fill: str             # a FILLS key
    share: float | None   # still alive, None without MIDs
    counts: object        # OutcomeCounts
    selected: bool = False

    @property
    def center_x(self):
        return self.x + self.width / 2


@dataclass
class TileMap:
    width: float
    height: float
    tiles: list           # in grid order: rows north to south, each west to east


def name_lines(name, room=TILE_WIDTH - 40):
    """A voivodeship's name in one line, or split after its hyphen when too long for ``room`` px."""
    if len(name) * NAME_CHAR <= room or "-" not in name:
        return [name]
    first, rest = name.split("-", 1)
    return [first + "-", rest]


def tile_map(regions, selected=None):
    """The tile grid: ``regions`` are (region, counts, share alive or None) with ``region.column`` and
    ``region.row``; ``selected`` is the voivodeship chosen, if any."""
    tiles = []
    for region, counts, share in regions:
        key = region.voivodeship.value
        tiles.append(Tile(key, MAP_PADDING + region.column * (TILE_WIDTH + TILE_GAP),
                          MAP_PADDING + region.row * (TILE_HEIGHT + TILE_GAP), TILE_WIDTH, TILE_HEIGHT,
                          name_lines(key), alive_fill(share), share, counts, key == selected))
    columns = max((region.column for region, _counts, _share in regions), default=0) + 1
    rows = max((region.row for region, _counts, _share in regions), default=0) + 1
    return TileMap(columns * (TILE_WIDTH + TILE_GAP) - TILE_GAP + 2 * MAP_PADDING,
                   rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP + 2 * MAP_PADDING, tiles)


@dataclass
class MapPoint:
    key: int              # the participant
    label: str
    x: float
    y: float
    radius: float
    fill: str
    counts: object
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"


@dataclass
class GridLine:
    position: float
    label: str


@dataclass
class PointMap:
    width: float
    height: float
    plot_x: float
    plot_y: float
    plot_width: float
    plot_height: float
    points: list          # MapPoint, north to south
    meridians: list       # GridLine: x of each whole degree of longitude
    parallels: list       # GridLine: y of each whole degree of latitude


def point_map(region, places, most_width=TILE_WIDTH * 4 + TILE_GAP * 3 - 120, most_height=560, pad=36):
    """``places`` in ``region``, as points in its bounding box: (key, label, latitude, longitude,
    counts, share alive), those without coordinates left out.

    Equirectangular: a degree of longitude is ``cos(latitude)`` of a degree of latitude at the
    box's middle, so the region keeps its proportions. A point's area grows with its MIDs.
    """
    squeeze = math.cos(math.radians((region.south + region.north) / 2))
    span_x, span_y = (region.east - region.west) * squeeze, region.north - region.south
    scale = min(most_width / span_x, (most_height - 2 * pad) / span_y)
    plot_width, plot_height = span_x * scale, span_y * scale
    plot_x, plot_y = pad + 24, pad          # room for the parallels' labels on the left
    width = plot_x + plot_width + pad + 48  # and for points' labels past the box on the right

    def to_x(longitude):
        return plot_x + (longitude - region.west) * squeeze * scale

    def to_y(latitude):
        return plot_y + (region.north - latitude) * scale

    points = [
        MapPoint(key, label, to_x(longitude), to_y(latitude),
                 min(5 + 2 * math.sqrt(counts.total), 14), alive_fill(share), counts)
        for key, label, latitude, longitude, counts, share in places
        if latitude is not None and longitude is not None
    ]
    points.sort(key=lambda point: (point.y, point.x))
    _part_coinciding(points)
    _place_labels(points, (plot_x - 12, 0, width, plot_y + plot_height + pad))
    meridians = [GridLine(to_x(degree), f"{degree}°E")
                 for degree in range(math.ceil(region.west), math.floor(region.east) + 1)]
    parallels = [GridLine(to_y(degree), f"{degree}°N")
                 for degree in range(math.ceil(region.south), math.floor(region.north) + 1)]
    return PointMap(width, plot_y + plot_height + pad, plot_x, plot_y, plot_width, plot_height,
                    points, meridians, parallels)


def _part_coinciding(points):
    """Move points drawn on top of an earlier one (e.g. a city and its functional area) around it."""
    for index, point in enumerate(points):
        for earlier in points[:index]:
            if math.hypot(point.x - earlier.x, point.y - earlier.y) < 4:
                turn = math.radians(45 + 90 * index)
                distance = earlier.radius + point.radius + 2
                point.x, point.y = earlier.x + distance * math.cos(turn), earlier.y + distance * math.sin(turn)


def _label_box(point, side):
    width, height = len(point.label) * CHAR * 0.92, FONT + 3
    gap = point.radius + 4
    if side == "right":
        return point.x + gap, point.y, "start", (point.x + gap, point.y - height / 2, width, height)
    if side == "left":
        return point.x - gap, point.y, "end", (point.x - gap - width, point.y - height / 2, width, height)
    dy = -(gap + height / 2) if side == "above" else gap + height / 2
    return point.x, point.y + dy, "middle", (point.x - width / 2, point.y + dy - height / 2, width, height)


def _overlaps(box, other):
    x, y, w, h = box
    ox, oy, ow, oh = other
    return x < ox + ow and ox < x + w and y < oy + oh and oy < y + h


def _inside(box, bounds):
    x, y, w, h = box
    left, top, right, bottom = bounds
    return x >= left and y >= top and x + w <= right and y + h <= bottom


def _place_labels(points, bounds):
    """Put each point's label right of it, else left, above or below: the first side clear of the rest."""
    taken = [(p.x - p.radius, p.y - p.radius, 2 * p.radius, 2 * p.radius) for p in points]
    for point in points:
        choices = [_label_box(point, side) for side in ("right", "left", "above", "below")]
        clear = [c for c in choices if _inside(c[3], bounds) and not any(_overlaps(c[3], box) for box in taken)]
        fitting = [c for c in choices if _inside(c[3], bounds)]
        point.label_x, point.label_y, point.anchor, box = (clear or fitting or choices)[0]
        taken.append(box)
