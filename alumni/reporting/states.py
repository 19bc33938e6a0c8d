"""The report states that count as received: the one list every page, file and job uses.

A draft is not received; a report returned to the city for correction is not received until
it is submitted again.
"""

from sqlalchemy import func

from ..models import Report, ReportState

RECEIVED_STATES = (ReportState.submitted, ReportState.accepted)
RECEIVED_VALUES = tuple(state.value for state in RECEIVED_STATES)


def is_received(state):
    """Whether a report in ``state`` counts as received."""
    return state in RECEIVED_STATES


def received_clause(state_column):
    """The same test in SQL, for a report's ``state`` column."""
    return state_column.in_(RECEIVED_VALUES)


def first_submitted_at(report=Report):
    """When a report (``report``: the table or an alias of it) was first submitted (rows written
    before that was kept: their submission)."""
    return func.coalesce(report.first_submitted_at, report.submitted_at)
