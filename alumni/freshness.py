"""How fresh a MID's or an action's information is: days since its last update (fresh ≤ 30 days, acceptable ≤ 60, stale > 180: settable)."""

import enum

from flask_babel import lazy_gettext as _l


class Freshness(enum.StrEnum):
    fresh = "fresh"
    acceptable = "acceptable"
    ageing = "ageing"
    stale = "stale"


LABELS = {
    Freshness.fresh: _l("fresh"),
    Freshness.acceptable: _l("acceptable"),
    Freshness.ageing: _l("ageing"),
    Freshness.stale: _l("stale"),
}


def freshness(days, config):
    """fresh ≤ FRESH_DAYS, acceptable ≤ ACCEPTABLE_DAYS, stale > STALE_DAYS, ageing between."""
    if days is None or days > config["STALE_DAYS"]:
        return Freshness.stale
    if days <= config["FRESH_DAYS"]:
        return Freshness.fresh
    if days <= config["ACCEPTABLE_DAYS"]:
        return Freshness.acceptable
    return Freshness.ageing


def days_since(moment, now):
    return None if moment is None else max((now - moment).days, 0)
