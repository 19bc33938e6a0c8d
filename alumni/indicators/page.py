"""What a MID's page shows of its indicators: each with its values, progress and chart, and the counts."""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_decimal

from ..charts.indicator import indicator_chart
from .keeping import indicators_of
from .progress import Counts, expected_value, progress_of


def number_text(value):
    """A number as the page's language writes it, without trailing zeros: "1 250,5"."""
    if value is None:
        return "—"
    return format_decimal(Decimal(value).normalize(), "#,##0.####")


@dataclass
class IndicatorRow:
    indicator: object
    values: list          # IndicatorValue, oldest first
    latest: object        # the latest IndicatorValue, or None
    progress: str
    expected: object      # where the on-track band starts today, or None
    chart: object


@dataclass
class IndicatorSection:
    rows: list
    counts: Counts


def mid_section(session, mid_id, today):
    """The MID's indicators as its page shows them: two statements, whatever their number."""
    rows, counts = [], Counts()
    for indicator in indicators_of(session, mid_id):
        values = list(indicator.recorded_values)
        latest = values[-1] if values else None
        progress = progress_of(indicator, latest.value if latest else None, today)
        counts.add(progress)
        expected = expected_value(indicator, today)
        rows.append(IndicatorRow(indicator, values, latest, progress,
                                 None if expected is None else round(expected, 2),
                                 indicator_chart(indicator, values, number_text)))
    return IndicatorSection(rows, counts)
