"""One indicator's chart: its values by year, the baseline, a target line and the on-track band.

Pure arithmetic, like ``geometry``: ``templates/indicators/_chart.html`` draws what ``indicator_chart``
returns. Years are points on the x axis (a year's value stands at the end of that year, as in the
on-track rule, ``alumni/indicators/progress.py``), so the band's edge is the straight way from the
baseline to the target: a value on the band's side of it is on track.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from .geometry import Plot, Tick, nice_step

WIDTH, HEIGHT = 640, 280


@dataclass
class Mark:
    x: float
    y: float
    year: int
    value: Decimal
    label: str = ""


@dataclass
class IndicatorChart(Plot):
    values: list = field(default_factory=list)       # Mark per recorded year, oldest first
    baseline: Mark | None = None
    target: Mark | None = None
    target_y: float | None = None                      # the target line, across the plot
    band: list = field(default_factory=list)           # [(x, y)]: the on-track band's polygon
    x_ticks: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)


def _value_ticks(low, high, most=4):
    """Round ticks covering ``low``–``high`` (from 0 when every value is positive)."""
    low = min(low, 0)
    span = (high - low) or abs(high) or 1
    step = Decimal(str(_step(span / most)))
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks if len(ticks) > 1 else ticks + [ticks[0] + step]


def _step(value):
    """1, 2 or 5 times a power of ten at or above ``value`` (also below 1)."""
    value = float(value)
    scale = 1.0
    while value * scale < 1:
        scale *= 10
    return nice_step(value * scale) / scale


def indicator_chart(indicator, values, text, width=WIDTH, height=HEIGHT):
    """The chart of ``indicator`` with ``values`` (IndicatorValue rows); ``text(number)`` writes a number."""
    plot_x, plot_y, right, bottom = 78, 20, 24, 40
    plot_width, plot_height = width - plot_x - right, height - plot_y - bottom
    years = [row.year for row in values]
    numbers = [row.value for row in values]
    if indicator.baseline_value is not None:
        years.append(indicator.baseline_year)
        numbers.append(indicator.baseline_value)
    if indicator.target_value is not None:
        years.append(indicator.target_year)
        numbers.append(indicator.target_value)
    first, last = (min(years), max(years)) if years else (0, 1)
    last = max(last, first + 1)
    ticks = _value_ticks(min(numbers, default=Decimal(0)), max(numbers, default=Decimal(1)))
    bottom_value, top_value = ticks[0], ticks[-1]

    def to_x(year):
        return plot_x + plot_width * (year - first) / (last - first)

    def to_y(value):
        return plot_y + plot_height * float((top_value - value) / (top_value - bottom_value))

    chart = IndicatorChart(width, height, plot_x, plot_y, plot_width, plot_height)
    chart.values = [Mark(to_x(row.year), to_y(row.value), row.year, row.value, text(row.value)) for row in values]
    if indicator.baseline_value is not None:
        chart.baseline = Mark(to_x(indicator.baseline_year), to_y(indicator.baseline_value), indicator.baseline_year,
                              indicator.baseline_value, text(indicator.baseline_value))
    if indicator.target_value is not None:
        chart.target = Mark(to_x(indicator.target_year), to_y(indicator.target_value), indicator.target_year,
                            indicator.target_value, text(indicator.target_value))
        chart.target_y = chart.target.y
    if chart.baseline and chart.target and chart.target.year > chart.baseline.year:
        edge = plot_y if indicator.target_value > indicator.baseline_value else plot_y + plot_height
        chart.band = [(chart.baseline.x, chart.baseline.y), (chart.target.x, chart.target.y),
                      (chart.target.x, edge), (chart.baseline.x, edge)]
    every = max(1, -(-(last - first) // 10))
    chart.x_ticks = [Tick(to_x(year), str(year)) for year in range(first, last + 1, every)] if years else []
    chart.y_ticks = [Tick(to_y(value), text(value)) for value in ticks]
    return chart
