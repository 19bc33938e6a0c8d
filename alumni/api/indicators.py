"""MIDs' indicators as the API answers them (``/api/v1/indicators``, ``/api/v1/mids/{id}/indicators``).

Progress comes from the one rule (``alumni/indicators/progress.py``), judged on the programme's
calendar day of the request, as on the MID page, the dashboard and the workshop export.
"""

from decimal import Decimal

from ..clock import Calendar
from ..indicators.keeping import indicators_of
from ..indicators.progress import Counts, indicator_progress, progress_of


def number(value):
    """A stored number as exact decimal text, without trailing zeros ("1250.5"), or None."""
    if value is None:
        return None
    text = format(Decimal(value).normalize(), "f")
    return text


def _today(settings):
    return Calendar(settings.timezone).local_date(settings.now)


def _indicator(indicator, values, progress):
    latest = values[-1] if values else None
    return {
        "id": indicator.id, "action_id": indicator.action_id, "position": indicator.position,
        "name": indicator.name, "unit": indicator.unit, "direction": indicator.direction,
        "baseline": None if indicator.baseline_value is None else {
            "value": number(indicator.baseline_value), "year": indicator.baseline_year},
        "target": None if indicator.target_value is None else {
            "value": number(indicator.target_value), "year": indicator.target_year},
        "source": indicator.source,
        "progress": progress,
        "latest": None if latest is None else {"value": number(latest.value), "year": latest.year},
        "values": [{"year": row.year, "value": number(row.value), "measured_on": None if row.measured_on is None
                    else row.measured_on.isoformat(), "comment": row.comment} for row in values],
        "updated_at": indicator.updated_at.isoformat(),
    }


def mid_indicators(session, mid_id, settings):
    """One MID's indicators with every value and their progress, and the MID's counts."""
    today, counts, items = _today(settings), Counts(), []
    for indicator in indicators_of(session, mid_id):
        values = list(indicator.recorded_values)
        progress = progress_of(indicator, values[-1].value if values else None, today)
        counts.add(progress)
        items.append(_indicator(indicator, values, progress))
    return {"mid_id": mid_id, "as_of": today.isoformat(), "counts": counts.as_dict(), "items": items}


def indicator_counts(session, settings):
    """Every MID's indicator counts by progress, and the totals: the dashboard's "indicators on track"."""
    today = _today(settings)
    judged = indicator_progress(session, today)
    items = []
    total = Counts()
    for mid_id in sorted(judged.by_mid):
        counts = judged.counts(mid_id)
        total = total + counts
        items.append({"mid_id": mid_id, "network_id": judged.network_of[mid_id], "counts": counts.as_dict()})
    return {"as_of": today.isoformat(), "totals": total.as_dict(), "items": items}
