"""A MID's life status: the rule, its settings, and its recorded history.

Computed for a MID as of a moment ``as_of``, first match wins:

1. ``abandoned``: ``abandoned_at`` on or before ``as_of``;
2. ``completed``: it has actions, all ``done`` or ``dropped``, at least one ``done``;
3. ``dormant``: no activity (report submitted, action or milestone changed) in the
   ``ALUMNI_DORMANT_AFTER_DAYS`` days before ``as_of``;
4. ``at_risk``: no received report in the latest round already due; an action past its
   planned end and not closed; an action ``delayed`` or ``suspended``;
5. ``active``.

``statuses`` is the one entry point for "the statuses of these MIDs as of this moment";
pages, jobs, exports and the API call it (or fold ``StatusSettings.status_query`` into a
larger set-based query).
"""

from ..indicators.kept import count_indicators
from ..models import LifeStatus
from .counts import RecordedDays, count_days, recorded_and_kept, recorded_days
from .history import (
    StatusSpan, anniversaries, charted_days, chosen_mids, month_ends, record_missing_days, record_statuses,
    recorded_of, status_history, statuses_on,
)
from .rule import DEFAULT_DORMANT_AFTER_DAYS, ended_query, life_status_query
from .settings import (
    ALIVE, NOT_EXPECTED_TO_REPORT, Outcome, SizeBand, StatusSettings, mid_facts, outcome_expression,
    outcome_of, size_band_expression,
)


def statuses(session, settings, as_of, mid_ids=None):
    """{mid_id: LifeStatus} of every MID (or those in ``mid_ids``) as of ``as_of``, in one query."""
    query, params = settings.prepared_status_query(as_of, mid_ids)
    return {row.mid_id: LifeStatus(row.status) for row in session.exec(query, params=params)}


def fill_the_past(session, app, now):
    """Record the past days the dashboard charts that no record holds yet: when data arrives
    (the demo, an import, the scheduler's start), so no page computes a past day with the rule;
    and count the day's indicators on track by network (``indicators.kept``)."""
    settings = StatusSettings.from_app(app)
    days = record_missing_days(session, now, settings)
    count_indicators(session, settings.local_date(now))
    return days


def status_of(session, settings, mid_id, as_of):
    """The life status of one MID: the same rule, the same query, one row."""
    return statuses(session, settings, as_of, [mid_id])[mid_id]


__all__ = [
    "ALIVE", "DEFAULT_DORMANT_AFTER_DAYS", "LifeStatus", "NOT_EXPECTED_TO_REPORT", "Outcome", "RecordedDays", "SizeBand",
    "StatusSettings", "StatusSpan", "anniversaries", "charted_days", "chosen_mids", "count_days", "ended_query", "fill_the_past", "life_status_query", "mid_facts",
    "month_ends", "outcome_expression", "outcome_of", "record_missing_days", "record_statuses",
    "recorded_and_kept", "recorded_days", "recorded_of", "size_band_expression", "status_history", "status_of", "statuses", "statuses_on",
]
