"""Chart geometry for server-rendered SVG: bars, stacked bars, stacked columns and lines.

Pure arithmetic: ``templates/charts/_svg.html`` draws what these return. Every series is told
apart by a pattern (``palette.FILLS``) or a marker shape as well as by colour, and carries its
numbers as text.
"""

from dataclasses import dataclass

WIDTH = 880
FONT = 13                 # px in the viewBox
CHAR = 7.9                # a generous average width of a bold character at that size


@dataclass
class Segment:
    key: str
    value: float
    x: float
    y: float
    width: float
    height: float
    text: str = ""        # drawn inside when it fits

    @property
    def text_x(self):
        return self.x + self.width / 2

    @property
    def text_y(self):
        return self.y + self.height / 2


@dataclass
class Row:
    label: str
    full_label: str
    y: float
    height: float
    segments: list
    note: str = ""


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class BarChart:
    """Horizontal bars, each split into segments."""

    width: float
    height: float
    plot_x: float
    plot_width: float
    rows: list
    ticks: list
    axis_y: float


@dataclass
class Axis:
    """The scale of bars: ``values`` are the ticks from 0 to ``top``, each written by ``text``."""

    top: float
    values: list
    text: object


def _whole_percent(share):
    return f"{int(share * 100)}%"


def share_axis(text=_whole_percent):
    """Shares from 0 to 100% in quarters."""
    return Axis(1, [0, 0.25, 0.5, 0.75, 1], text)


def count_axis(largest, text=str):
    """Whole numbers from 0 covering ``largest``."""
    values = count_ticks(largest)
    return Axis(values[-1], values, text)


def _fits(text, room):
    return len(text) * CHAR + 6 <= room


def shorten(label, room):
    """The label cut with an ellipsis to fit ``room`` px."""
    most = max(int(room / CHAR), 4)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def stacked_bars(rows, text_for, axis=None, label_width=290, note_width=70, bar_height=24, gap=12, width=WIDTH):
    """Bars: ``rows`` are (label, [(key, value)], note); ``text_for(key, value, share)`` labels a segment.

    Without an ``axis`` each bar is split into its shares of 100%; with one, a segment is as long
    as its value on that axis.
    """
    scale = axis or share_axis()
    plot_x = label_width
    plot_width = width - label_width - note_width
    built = []
    y = 8
    for label, parts, note in rows:
        total = sum(value for _key, value in parts)
        x = plot_x
        segments = []
        for key, value in parts:
            if not value:
                continue
            share = value / total
            length = share if axis is None else value / scale.top
            segment = Segment(key, value, x, y, plot_width * length, bar_height)
            text = text_for(key, value, share)
            segment.text = text if _fits(text, segment.width) else ""
            segments.append(segment)
            x += segment.width
        built.append(Row(shorten(label, label_width - 12), label, y, bar_height, segments, note))
        y += bar_height + gap
    axis_y = y - gap + 6
    ticks = [Tick(plot_x + plot_width * value / scale.top, scale.text(value)) for value in scale.values]
    return BarChart(width, axis_y + 24, plot_x, plot_width, built, ticks, axis_y)


@dataclass
class Column:
    label: str
    x: float
    width: float
    segments: list
    total: int
    total_y: float

    @property
    def center(self):
        return self.x + self.width / 2


@dataclass
class Plot:
    """A chart's size and the rectangle its data is drawn in."""

    width: float
    height: float
    plot_x: float
    plot_y: float
    plot_width: float
    plot_height: float


@dataclass
class ColumnChart(Plot):
    """Vertical columns of counts stacked by key."""

    columns: list
    ticks: list           # y-axis: Tick(position=y, label)


def nice_step(value):
    """The smallest of 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    power = 1
    while True:
        for step in (1, 2, 5):
            if step * power >= value:
                return step * power
        power *= 10


def count_ticks(largest, most=4):
    """Whole-number axis ticks from 0 covering ``largest`` in at most ``most`` steps."""
    step = nice_step(largest / most) if largest > 0 else 1
    top = max(-(-largest // step) * step, step)
    return [step * n for n in range(int(top // step) + 1)]


def stacked_columns(columns, width=WIDTH, height=300):
    """Columns of counts: ``columns`` are (label, [(key, value)]), oldest first."""
    plot_x, plot_y, bottom = 60, 24, 44
    plot_width = width - plot_x - 12
    plot_height = height - plot_y - bottom
    ticks = count_ticks(max([sum(v for _k, v in parts) for _label, parts in columns] or [0]))
    top = ticks[-1]
    slot = plot_width / max(len(columns), 1)
    column_width = min(slot * 0.7, 60)
    built = []
    for index, (label, parts) in enumerate(columns):
        x = plot_x + slot * index + (slot - column_width) / 2
        y = plot_y + plot_height
        segments = []
        for key, value in parts:
            if not value:
                continue
            height_of = plot_height * value / top
            y -= height_of
            segment = Segment(key, value, x, y, column_width, height_of)
            segment.text = str(value) if height_of >= FONT + 2 and _fits(str(value), column_width) else ""
            segments.append(segment)
        total = sum(v for _k, v in parts)
        built.append(Column(label, x, column_width, segments, total, y - 6))
    axis = [Tick(plot_y + plot_height * (1 - tick / top), tick) for tick in ticks]
    return ColumnChart(width, height, plot_x, plot_y, plot_width, plot_height, built, axis)


@dataclass
class Point:
    x: float
    y: float
    value: float
    at: int


@dataclass
class Line:
    key: str              # style: dash pattern and marker shape
    label: str
    points: list
    end_label: str = ""
    end_y: float = 0


@dataclass
class LineChart(Plot):
    """Lines of shares, one per series, each with its own marker shape and dash."""

    lines: list
    x_ticks: list
    y_ticks: list


MARKERS = ("circle", "square", "triangle", "diamond", "cross")


def share_lines(series, x_values, end_text, width=WIDTH, height=300):
    """Lines of shares (0–1): ``series`` are (label, {x: share or None}); ``end_text(label, share)`` labels the last point."""
    plot_x, plot_y, bottom, right = 64, 24, 48, 170
    plot_width = width - plot_x - right
    plot_height = height - plot_y - bottom
    span = max(len(x_values) - 1, 1)

    def to_x(index):
        return plot_x + plot_width * index / span

    def to_y(share):
        return plot_y + plot_height * (1 - share)

    lines = []
    for number, (label, shares) in enumerate(series):
        points = [Point(to_x(index), to_y(shares[x]), shares[x], x)
                  for index, x in enumerate(x_values) if shares.get(x) is not None]
        if points:
            lines.append(Line(MARKERS[number % len(MARKERS)], label, points, end_text(label, points[-1].value)))
    _spread_end_labels(lines, plot_y, plot_y + plot_height)
    x_ticks = [Tick(to_x(index), str(x)) for index, x in enumerate(x_values)]
    y_ticks = [Tick(to_y(share), _whole_percent(share)) for share in share_axis().values]
    return LineChart(width, height, plot_x, plot_y, plot_width, plot_height, lines, x_ticks, y_ticks)


def _spread_end_labels(lines, top, bottom, spacing=FONT + 3):
    """Place each line's end label beside its last point, nudged apart so none overlap."""
    ordered = sorted(lines, key=lambda line: line.points[-1].y)
    previous = top - spacing
    for line in ordered:
        line.end_y = max(line.points[-1].y, previous + spacing)
        previous = line.end_y
    overflow = previous - bottom
    if overflow > 0:
        for line in ordered:
            line.end_y -= overflow
