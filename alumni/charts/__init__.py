"""The service's charts in one home: the fill of every category and the geometry of server-drawn SVG.

The dashboard (``alumni.dashboard.figures``) and the workshop's HTML report and city briefs
(``alumni.workshop.charts``) build their charts with these; ``templates/charts/`` draws them,
with a title, a description and a legend, and patterns beside colours (WCAG 1.4.1).
"""

from .geometry import (
    Axis, BarChart, ColumnChart, LineChart, count_axis, count_ticks, share_axis, share_lines, shorten,
    stacked_bars, stacked_columns,
)
from .palette import FILLS, Fill, legend

__all__ = [
    "Axis", "BarChart", "ColumnChart", "FILLS", "Fill", "LineChart", "count_axis", "count_ticks", "legend",
    "share_axis", "share_lines", "shorten", "stacked_bars", "stacked_columns",
]
