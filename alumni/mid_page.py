"""What one MID's page shows: the plan with freshness, life status, the open round, history."""

from dataclasses import dataclass

from flask import current_app

from . import reports, timeline
from .audit_sentences import describe
from .clock import Calendar
from .freshness import days_since, freshness
from .life_status import StatusSettings, status_history, status_of
from .lineage import lineage_of


@dataclass
class MidPage:
    mid: object
    status: str
    freshness: str
    last_update_at: object
    action_freshness: dict
    open_round: object
    report: object
    history: list
    events: list
    status_history: list
    lineage: object


def build_mid_page(session, mid, now):
    """Everything the MID's page needs, in a fixed number of queries."""
    config = current_app.config
    today = Calendar(config["TIMEZONE"]).local_date(now)
    moments = [action.updated_at for action in mid.actions] + [m.updated_at for m in mid.milestones]
    history = reports.reports_of(session, mid.id)
    moments += [report.submitted_at for report, _round in history if report.submitted_at]
    last = max(moments) if moments else None
    round_ = reports.open_round(session, today)
    return MidPage(
        mid=mid,
        status=status_of(session, StatusSettings.from_app(current_app), mid.id, now),
        freshness=freshness(days_since(last, now), config),
        last_update_at=last,
        action_freshness={a.id: freshness(days_since(a.updated_at, now), config) for a in mid.actions},
        open_round=round_,
        report=reports.load_report(session, mid.id, round_.id) if round_ else None,
        history=history,
        events=describe(session, [event for event, _email in timeline.mid_timeline(session, mid.id)], within_mid=True),
        status_history=status_history(session, mid.id),
        lineage=lineage_of(session, mid),
    )
