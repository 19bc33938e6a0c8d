"""Human labels for the dashboard's categories, in the current language."""

from flask_babel import lazy_gettext as _l

from ..charts import FILLS
from ..labels import LIFE_STATUS
from ..models import LifeStatus, LineageKind
from ..life_status import Outcome, SizeBand

OUTCOME = {
    Outcome.active: LIFE_STATUS[LifeStatus.active],
    Outcome.at_risk: LIFE_STATUS[LifeStatus.at_risk],
    Outcome.dormant: LIFE_STATUS[LifeStatus.dormant],
    Outcome.completed: LIFE_STATUS[LifeStatus.completed],
    Outcome.absorbed: FILLS["absorbed"].label,
    Outcome.abandoned: LIFE_STATUS[LifeStatus.abandoned],
}

SIZE_BAND = {
    SizeBand.under_20k: _l("under 20,000 residents"),
    SizeBand.from_20k_to_100k: _l("20,000–100,000 residents"),
    SizeBand.from_100k_to_300k: _l("100,000–300,000 residents"),
    SizeBand.over_300k: _l("over 300,000 residents"),
    SizeBand.unknown: _l("population unknown"),
}

# The parts of a round's expected reports.
REPORTING = {key: FILLS[key].label for key in ("on_time", "late", "missing")}  # as the charts' legends say

# (kind, target) -> a whole phrase: Polish declines the target after each preposition differently.
LINEAGE = {
    (LineageKind.continues, "mid"): _l("continues in another MID"),
    (LineageKind.continues, "strategy"): _l("continues in a city strategy"),
    (LineageKind.absorbed, "mid"): _l("absorbed into another MID"),
    (LineageKind.absorbed, "strategy"): _l("absorbed into a city strategy"),
}


def outcome_label(value):
    return OUTCOME.get(value, value)


def size_band_label(value):
    return SIZE_BAND.get(value, value)


def lineage_label(kind, target):
    return LINEAGE.get((kind, target), f"{kind} {target}")


def reporting_label(value):
    return REPORTING.get(value, value)


GLOBALS = {
    "outcome_label": outcome_label,
    "size_band_label": size_band_label,
    "lineage_label": lineage_label,
    "reporting_label": reporting_label,
}
