"""A MID's indicators: their units, the on-track rule (``progress``), and keeping them and their values."""

from .progress import (
    PROGRESS_LABEL, Counts, Judged, MidIndicators, Progress, elapsed_share, expected_value, indicator_progress,
    progress_of,
)
from .units import UNITS, NumberError, check_number, parse_number, unit_of, value_in_unit

__all__ = [
    "Counts", "Judged", "MidIndicators", "NumberError", "PROGRESS_LABEL", "Progress", "UNITS", "check_number",
    "elapsed_share", "expected_value", "indicator_progress", "parse_number", "progress_of", "unit_of",
    "value_in_unit",
]
