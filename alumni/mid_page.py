"""What a MID's page shows: the plan with freshness, life status, the open round, history."""

from dataclasses import dataclass

from flask import current_app

from . import reports, timeline
from .audit_sentences import describe
from .dashboard.history import status_history
from .lineage import lineage_of
from .freshness import days_since, freshness
from .life_status import local_date, statuses_for_app


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


def mid_page(session, mid, now):
    """Everything the MID's page needs, in a fixed number of queries."""
    config = current_app.config
    today = local_date(now, config["TIMEZONE"])
    moments = [action.updated_at for action in mid.actions] + [m.updated_at for m in mid.milestones]
    history = reports.reports_of(session, mid.id)
    moments += [report.submitted_at for report, _round in history if report.submitted_at]
    last = max(moments) if moments else None
    round_ = reports.open_round(session, today)
    return MidPage(
        mid=mid,
        status=statuses_for_app(session, current_app, now, [mid.id])[mid.id],
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


@dataclass
class MyMid:
    mid: object
    participant: object
    network: object
    edition: object
    status: str
    report_state: str | None  # in the open round; None when not started


def my_mids(session, participant_ids, now):
    """A coordinator's MIDs with their life status and where their report stands in the open round."""
    from .mids import mid_rows
    from .models import Report

    today = local_date(now, current_app.config["TIMEZONE"])
    rows = mid_rows(session, participant_ids=participant_ids)
    ids = [row[0].id for row in rows]
    statuses = statuses_for_app(session, current_app, now, ids)
    round_ = reports.open_round(session, today)
    states = {}
    if round_ is not None and ids:
        from sqlmodel import select

        states = dict(session.exec(select(Report.mid_id, Report.state).where(
            Report.round_id == round_.id, Report.mid_id.in_(ids))).all())
    return round_, [MyMid(mid, participant, network, edition, statuses[mid.id], states.get(mid.id))
                    for mid, participant, network, edition in rows]
