"""Deadline extensions: a city asks for more time in a round, the ministry grants or refuses.

A request is pending until the ministry decides (``decided_at``); a grant sets
``granted_until`` (the date the city asked for, or another), a refusal leaves it empty and
says why in ``decision_comment``. A granted date is the MID's due date in that round for the
reminders (``effective_due_on``) and for the on-time rate. The coordinators hear of the
decision by e-mail, through the outbox, in the same transaction.
"""

import enum
from dataclasses import dataclass

from flask_babel import force_locale, format_date, gettext as _, lazy_gettext as _l
from sqlalchemy import and_, func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlmodel import select

from .config import site_url
from .mail import language_for, render_bodies
from .models import DeadlineExtension, Mid, Report, ReportingRound, Role, User, UserParticipant
from .outbox import enqueue
from .reporting.states import is_received



class ExtensionState(enum.StrEnum):
    pending = "pending"
    granted = "granted"
    refused = "refused"


STATE_LABELS = {
    ExtensionState.pending: _l("waiting for the ministry"),
    ExtensionState.granted: _l("granted"),
    ExtensionState.refused: _l("refused"),
}


class ExtensionError(ValueError):
    """A request or decision that cannot be made, with a message for the person (and the field it concerns)."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


def state_of(extension):
    if extension.decided_at is None:
        return ExtensionState.pending
    return ExtensionState.granted if extension.granted_until is not None else ExtensionState.refused


def _granted(as_of):
    return and_(DeadlineExtension.granted_until.is_not(None), DeadlineExtension.decided_at <= as_of)


def effective_due_dates(session, rounds, as_of):
    """{(mid_id, round_id): date} for the MIDs whose due date in ``rounds`` a grant moved later."""
    due = {round_.id: round_.due_on for round_ in rounds}
    if not due:
        return {}
    rows = session.exec(select(DeadlineExtension.mid_id, DeadlineExtension.round_id, DeadlineExtension.granted_until)
                        .where(DeadlineExtension.round_id.in_(list(due)), _granted(as_of))).all()
    return {(mid_id, round_id): until for mid_id, round_id, until in rows if until > due[round_id]}


def effective_due_on(session, mid, round_, as_of):
    """The day ``mid``'s report in ``round_`` is due: the round's due date, or a later granted one."""
    return effective_due_dates(session, [round_], as_of).get((mid.id, round_.id), round_.due_on)


def extension_of(session, mid_id, round_id):
    return session.exec(select(DeadlineExtension).where(
        DeadlineExtension.mid_id == mid_id, DeadlineExtension.round_id == round_id)).first()


def check_date(round_, until, field="requested_until"):
    """Refuse a date that moves nothing, or that falls after the round closes (no report is taken then)."""
    if until <= round_.due_on:
        raise ExtensionError(_("The new date must be after the round's due date (%(due)s).",
                               due=format_date(round_.due_on, format="long")), field)
    if until > round_.closes_on:
        raise ExtensionError(_("The new date cannot be after the round closes (%(closes)s).",
                               closes=format_date(round_.closes_on, format="long")), field)


def can_request(session, mid, round_, today):
    """None if the city may ask for more time in ``round_`` now, else why not."""
    if round_ is None or not round_.opens_on <= today <= round_.closes_on:
        return _("No reporting round is open.")
    report = session.exec(select(Report.state).where(Report.mid_id == mid.id, Report.round_id == round_.id)).first()
    if is_received(report):
        return _("This MID's report in round %(round)s is already submitted.", round=round_.name)
    extension = extension_of(session, mid.id, round_.id)
    if extension is not None and state_of(extension) != ExtensionState.refused:
        return _("This MID has already asked for more time in round %(round)s.", round=round_.name)
    return None


def request_extension(session, mid, round_, until, reason, user, now, today):
    """Ask for ``until`` as the due date of ``mid`` in ``round_``; a refused request may be asked again."""
    why_not = can_request(session, mid, round_, today)
    if why_not:
        raise ExtensionError(why_not)
    check_date(round_, until)
    if until < today:
        raise ExtensionError(_("The new date cannot be in the past."), "requested_until")
    if not (reason or "").strip():
        raise ExtensionError(_("Say why the city needs more time."), "reason")
    extension = extension_of(session, mid.id, round_.id) or DeadlineExtension(
        mid_id=mid.id, round_id=round_.id, requested_until=until)
    extension.requested_until, extension.reason = until, reason.strip()
    extension.requested_by_id, extension.requested_at = user.id, now
    extension.granted_until = extension.decided_by_id = extension.decided_at = None
    extension.decision_comment = ""
    try:
        with session.begin_nested():
            session.add(extension)
            session.flush()
    except IntegrityError:
        # Asked twice at once (a double click): the first request holds the row.
        raise ExtensionError(_("This MID has already asked for more time in round %(round)s.",
                               round=round_.name)) from None
    return extension


def decide(session, app, extension, grant, until, comment, user, now):
    """Grant (until ``until``, by default the date asked for) or refuse with ``comment``; tell the city."""
    # Two officials deciding at once: the second waits for the first and reads its decision.
    session.refresh(extension, with_for_update=True)
    if state_of(extension) != ExtensionState.pending:
        raise ExtensionError(_("This request has already been decided."))
    round_ = session.get(ReportingRound, extension.round_id)
    comment = (comment or "").strip()
    if grant:
        until = until or extension.requested_until
        check_date(round_, until, "granted_until")
    elif not comment:
        raise ExtensionError(_("Say why the request is refused."), "comment")
    extension.granted_until = until if grant else None
    extension.decision_comment = comment
    extension.decided_by_id, extension.decided_at = user.id, now
    session.add(extension)
    session.flush()
    notify_decision(session, app, extension, round_, now)
    return extension


@dataclass
class QueueItem:
    extension: DeadlineExtension
    mid: Mid
    round: ReportingRound
    requested_by: User | None


def pending_requests(session):
    """Requests waiting for the ministry, oldest first, with what the queue shows."""
    rows = session.exec(
        select(DeadlineExtension, Mid, ReportingRound, User)
        .join(Mid, Mid.id == DeadlineExtension.mid_id)
        .join(ReportingRound, ReportingRound.id == DeadlineExtension.round_id)
        .outerjoin(User, User.id == DeadlineExtension.requested_by_id)
        .where(DeadlineExtension.decided_at.is_(None))
        .options(joinedload(Mid.participant), joinedload(Mid.network))
        .order_by(DeadlineExtension.requested_at, DeadlineExtension.id)
    ).all()
    return [QueueItem(*row) for row in rows]


def pending_count(session):
    return session.exec(select(func.count()).select_from(DeadlineExtension)
                        .where(DeadlineExtension.decided_at.is_(None))).one()


def _coordinators(session, participant_id):
    return session.exec(
        select(User).join(UserParticipant, UserParticipant.user_id == User.id)
        .where(UserParticipant.participant_id == participant_id, User.role == Role.coordinator, User.is_active,
               User.anonymised_at.is_(None), User.mail_bounced_at.is_(None))
        .order_by(User.email)
    ).all()


def notify_decision(session, app, extension, round_, now):
    """Write the decision's e-mail, in each coordinator's language, to the outbox."""
    mid = session.get(Mid, extension.mid_id)
    for user in _coordinators(session, mid.participant_id):
        subject, text, html = compose_decision(app, extension, mid, round_, user)
        enqueue(session, key=f"extension-decision:extension={extension.id}:at={now.isoformat()}:user={user.id}",
                channel="email", kind="extension-decision", recipient=user.email, subject=subject,
                body_text=text, body_html=html, user_id=user.id, round_id=round_.id, as_of=now)


def compose_decision(app, extension, mid, round_, user):
    """(subject, text, html) of a decision's e-mail to ``user``."""
    # Within the request that decided: its session holds the write lock, so no second app context.
    with force_locale(language_for(app, user.language)):
        granted = extension.granted_until is not None
        if granted:
            subject = _("More time granted: the report of %(title)s is due on %(date)s", title=mid.title,
                        date=format_date(extension.granted_until, format="long"))
        else:
            subject = _("More time refused: the report of %(title)s is due on %(date)s", title=mid.title,
                        date=format_date(round_.due_on, format="long"))
        text, html = render_bodies(
            "extension_decision", subject=subject, user=user, mid=mid, round=round_, extension=extension,
            granted=granted, asked=format_date(extension.requested_until, format="long"),
            due=format_date(extension.granted_until or round_.due_on, format="long"),
            link=site_url(app, f"/mids/{mid.id}/report"))
        return subject, text, html
