"""The report's and the briefs' charts, built with ``alumni.charts`` as the dashboard's are.

``templates/workshop/_charts.html`` draws each in a figure with its legend; the SVG carries a
description that says every number, so that nothing relies on colour alone (WCAG 1.4.1).
"""

from dataclasses import dataclass, field

from ..charts import count_axis, legend, share_axis, stacked_bars
from .tables import STATUSES

LABEL_WIDTH = 230
WIDTH = 690  # the A4 page's text width (182 mm) in CSS pixels: drawn at its own size, text as on the dashboard


@dataclass
class Figure:
    id: str
    title: str
    description: str
    chart: object                                # alumni.charts.BarChart
    legend: list = field(default_factory=list)  # (key, label)


def _count_text(_key, value, _share):
    return str(value)


def status_chart(chart_id, title, rows, format_number):
    """Stacked bars of MIDs by life status: ``rows`` are (label, Counter of LifeStatus)."""
    keys = [status.value for status in STATUSES]
    labels = dict(legend(keys))
    bars, parts = [], []
    for label, counts in rows:
        bars.append((label, [(status.value, counts[status]) for status in STATUSES],
                     format_number(sum(counts[status] for status in STATUSES))))
        said = ", ".join(f"{labels[status.value]} {counts[status]}" for status in STATUSES if counts[status])
        parts.append(f"{label}: {said or '0'}")
    largest = max((sum(value for _key, value in values) for _label, values, _note in bars), default=0)
    chart = stacked_bars(bars, _count_text, count_axis(largest, format_number), label_width=LABEL_WIDTH, width=WIDTH)
    return Figure(chart_id, title, "; ".join(parts) + ".", chart, legend(keys))


def value_chart(chart_id, title, rows, format_value, share=False):
    """Plain bars: ``rows`` are (label, value, or None where there is none); the number ends each row.

    ``share``: the values are shares from 0 to 1; otherwise whole counts.
    """
    bars = [(label, [("value", value or 0)], format_value(value)) for label, value in rows]
    axis = share_axis(format_value) if share else count_axis(max((value or 0 for _l, value in rows), default=0),
                                                             format_value)
    chart = stacked_bars(bars, lambda *_args: "", axis, label_width=LABEL_WIDTH, width=WIDTH)
    description = "; ".join(f"{label}: {format_value(value)}" for label, value in rows) + "."
    return Figure(chart_id, title, description, chart)
