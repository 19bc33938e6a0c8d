"""Reports in reporting rounds: filling them in, submitting, and the ministry's review."""

from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload
from sqlmodel import select

from . import events
from .models import (
    Action, BarrierCategory, Mid, Report, ReportActionUpdate, ReportBarrier, ReportFunding, ReportingRound,
    ReportState,
)
from .plans import Conflict, check_version, lock, normalise_state, seen
from .reporting.states import is_received

LOCKED_STATES = (ReportState.accepted,)


class ReportError(ValueError):
    """A report that cannot be changed now, with a message for the person."""


def open_round(session, today):
    """The round open on ``today`` (the latest opened, if several), or None."""
    return session.exec(
        select(ReportingRound).where(ReportingRound.opens_on <= today, ReportingRound.closes_on >= today)
        .order_by(ReportingRound.opens_on.desc())
    ).first()


def load_report(session, mid_id, round_id, fresh=False):
    """A MID's report in a round with its parts; ``fresh``: as now committed, even if loaded before."""
    return session.exec(
        select(Report).where(Report.mid_id == mid_id, Report.round_id == round_id).options(
            selectinload(Report.action_updates), selectinload(Report.barriers), selectinload(Report.funding))
        .execution_options(populate_existing=fresh)
    ).first()


def reports_of(session, mid_id):
    """A MID's reports, newest round first."""
    return session.exec(
        select(Report, ReportingRound).join(ReportingRound).where(Report.mid_id == mid_id)
        .order_by(ReportingRound.opens_on.desc())
    ).all()


@dataclass
class ActionRow:
    """One action's line in the report form."""

    action: Action
    status: str
    progress: int
    comment: str


def action_rows(mid, report):
    """The form's rows: what the report says of each action, else the action's current state."""
    said = {update.action_id: update for update in (report.action_updates if report else [])}
    rows = []
    for action in mid.actions:
        update = said.get(action.id)
        rows.append(ActionRow(action, update.status if update else action.status,
                              update.progress if update else action.progress, update.comment if update else ""))
    return rows


def is_editable(report, round_, today):
    return round_.opens_on <= today <= round_.closes_on and (report is None or report.state not in LOCKED_STATES)


def save_report(session, mid, round_, data, user, now, today, submit=False):
    """Save the report as draft or submit it; submitting updates the actions in the same transaction.

    ``data`` holds the texts, ``barriers`` (categories), ``funding`` [(amount, source)], ``version``
    (of the report as loaded, None for a new one) and ``rows`` [{action_id, status, progress,
    comment, action_version}].
    """
    # One save of a MID's report at a time: a second one waits, then sees the first (and its actions' versions).
    lock(session, Mid, mid.id)
    report = load_report(session, mid.id, round_.id, fresh=True)
    if submit:
        session.exec(select(Action).where(Action.mid_id == mid.id).with_for_update(key_share=True)
                     .execution_options(populate_existing=True)).all()
    if not is_editable(report, round_, today):
        raise ReportError(_l("This report can no longer be changed: the round is closed or the report accepted."))
    if report is None:
        report = Report(mid_id=mid.id, round_id=round_.id)
        session.add(report)
    else:  # an empty version means the page showed no report: this one was written since, by someone else
        check_version(report, data.get("version"), data, fields=TEXTS)
    for name in TEXTS:
        setattr(report, name, data.get(name) or "")
    _save_rows(session, mid, report, data["rows"], apply_to_actions=submit)
    _save_barriers(session, report, data.get("barriers") or [])
    _save_funding(session, report, data.get("funding") or [])
    if submit:
        report.state, report.submitted_at, report.submitted_by_id = ReportState.submitted, now, user.id if user else None
        report.first_submitted_at = report.first_submitted_at or now
    elif report.state == ReportState.draft:
        report.submitted_at = None
    session.flush()
    if submit:
        events.report_submitted(session, current_app, report, now)  # the webhook, in the same transaction
    return report


TEXTS = ("achievements", "barriers_text", "support_needed", "good_practice", "next_steps")


def _save_rows(session, mid, report, rows, apply_to_actions):
    actions = {action.id: action for action in mid.actions}
    existing = {update.action_id: update for update in report.action_updates}
    conflicts = {}
    for row in rows:
        action = actions.get(row["action_id"])
        if action is None:
            continue
        status, progress = normalise_state(row["status"], row["progress"])
        update = existing.get(action.id) or ReportActionUpdate(report=report, action_id=action.id,
                                                               status=status, progress=progress)
        update.status, update.progress, update.comment = status, progress, row.get("comment") or ""
        session.add(update)
        if apply_to_actions:
            if seen(row.get("action_version")) != action.version:
                conflicts[action.title] = ((action.status, action.progress), (status, progress))
            action.status, action.progress = status, progress
    if conflicts:
        raise Conflict(current=report, changes=conflicts)


def _save_barriers(session, report, categories):
    wanted = {BarrierCategory(category) for category in categories}
    for barrier in list(report.barriers):
        if barrier.category not in wanted:
            session.delete(barrier)
    have = {barrier.category for barrier in report.barriers}
    for category in sorted(wanted - have):
        session.add(ReportBarrier(report=report, category=category))


def _save_funding(session, report, funding):
    for row in list(report.funding):
        session.delete(row)
    for amount, source in funding:
        session.add(ReportFunding(report=report, amount=amount, source=source))


def review(session, report, accept, comment, reviewer, now, seen_version):
    """The ministry accepts the submitted report it read, or returns it to the city with a comment (reopening it)."""
    lock(session, Report, report.id)
    check_version(report, seen_version, {}, fields=())  # never accept a text other than the one read
    if not is_received(report.state):
        raise ReportError(_l("Only a submitted report can be reviewed."))
    if not accept and not (comment or "").strip():
        raise ReportError(_l("Say what the city should change when returning a report."))
    report.state = ReportState.accepted if accept else ReportState.returned
    report.review_comment = (comment or "").strip()
    report.reviewed_at, report.reviewed_by_id = now, reviewer.id
    session.flush()


def days_left(round_, today: date):
    return (round_.due_on - today).days
