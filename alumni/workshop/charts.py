"""Geometry of the report's charts; ``templates/workshop/_charts.html`` draws them as SVG.

Each status has a colour and a pattern, every bar carries its number, and every chart has a
text alternative, so that nothing relies on colour alone (WCAG 1.4.1).
"""

import math
from dataclasses import dataclass, field

from ..labels import LIFE_STATUS
from .tables import STATUSES

ROW_HEIGHT = 26
BAR_HEIGHT = 18
LABEL_WIDTH = 230
PLOT_WIDTH = 400
VALUE_WIDTH = 60
TOP = 22
MIN_LABELLED_WIDTH = 16  # narrower segments carry no number inside; the row total still shows


@dataclass
class Segment:
    key: str        # the status (pattern) key
    value: float
    x: float
    width: float

    @property
    def labelled(self):
        return self.value and self.width >= MIN_LABELLED_WIDTH


@dataclass
class Bar:
    label: str
    y: float
    segments: list
    total: float
    total_label: str
    emphasis: bool = False


@dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list
    ticks: list                  # (x, label)
    legend: list = field(default_factory=list)  # (key, label)
    width: int = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def height(self):
        return TOP + ROW_HEIGHT * len(self.bars) + (32 if self.legend else 8)

    @property
    def plot_bottom(self):
        return TOP + ROW_HEIGHT * len(self.bars)


def _ticks(maximum, steps=5, integer=False):
    """Round tick values from 0 to at least ``maximum``, and the scale's top (whole steps for counts)."""
    if maximum <= 0:
        return [0, 1], 1
    raw = max(maximum / steps, 1) if integer else maximum / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    multiples = (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10)
    step = next(m * magnitude for m in multiples if m * magnitude >= raw)
    top = step * math.ceil(maximum / step)
    count = int(round(top / step))
    return [step * n for n in range(count + 1)], top


def _x(value, top):
    return LABEL_WIDTH + PLOT_WIDTH * value / top


def status_chart(chart_id, title, rows, format_number, emphasis=None):
    """Stacked bars of MIDs by life status: ``rows`` are (label, Counter of LifeStatus)."""
    maximum = max((sum(counts[s] for s in STATUSES) for _label, counts in rows), default=0)
    values, top = _ticks(maximum, integer=True)
    bars, parts = [], []
    for index, (label, counts) in enumerate(rows):
        x, segments = LABEL_WIDTH, []
        for status in STATUSES:
            width = PLOT_WIDTH * counts[status] / top
            segments.append(Segment(status.value, counts[status], x, width))
            x += width
        total = sum(counts[s] for s in STATUSES)
        bars.append(Bar(label, TOP + index * ROW_HEIGHT, segments, total, format_number(total),
                        emphasis=label == emphasis))
        said = ", ".join(f"{LIFE_STATUS[s]} {counts[s]}" for s in STATUSES if counts[s])
        parts.append(f"{label}: {said or '0'}")
    legend = [(status.value, str(LIFE_STATUS[status])) for status in STATUSES]
    ticks = [(_x(value, top), format_number(value)) for value in values]
    return Chart(chart_id, title, "; ".join(parts) + ".", bars, ticks, legend)


def value_chart(chart_id, title, rows, format_value, key="value", maximum=None, integer=False):
    """Plain horizontal bars: ``rows`` are (label, value); the number ends each bar."""
    values = [value or 0 for _label, value in rows]
    ticks, top = _ticks(maximum if maximum is not None else max(values, default=0), integer=integer)
    bars = []
    for index, (label, value) in enumerate(rows):
        width = PLOT_WIDTH * (value or 0) / top
        bars.append(Bar(label, TOP + index * ROW_HEIGHT, [Segment(key, value or 0, LABEL_WIDTH, width)],
                        value or 0, format_value(value)))
    description = "; ".join(f"{label}: {format_value(value)}" for label, value in rows) + "."
    return Chart(chart_id, title, description, bars, [(_x(t, top), format_value(t)) for t in ticks])
