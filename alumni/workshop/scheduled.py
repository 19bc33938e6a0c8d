"""The export built ahead of the workshop, and the e-mail that tells the ministry where it is.

A workshop's export falls due ``WORKSHOP_EXPORT_DAYS_BEFORE`` days before it starts (and stays
due until it starts, so that a scheduler that was down catches up). It is built once; each
ministry user (admin and ministry roles) gets one e-mail, held by a unique key in the outbox.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import render_template
from flask_babel import format_date, gettext as _
from sqlmodel import select

from ..config import site_url
from ..mail import in_language
from ..models import OutboxChannel, Workshop
from ..outbox import enqueue
from ..people import MINISTRY_ROLES, active_users
from .aggregate import picture_for_app
from .export import file_name, write_export

KIND = "workshop_export"


@dataclass
class Notice:
    workshop: Workshop
    queued: list = field(default_factory=list)   # addresses written to the outbox now
    already: int = 0                              # recipients written to before


def due_workshops(session, today, days_before):
    """Workshops whose export is due on ``today``: from ``days_before`` days ahead until they start."""
    return session.exec(
        select(Workshop)
        .where(Workshop.starts_on > today, Workshop.starts_on <= today + timedelta(days=days_before))
        .order_by(Workshop.starts_on)
    ).all()


def stored_export_path(app, year, fmt="xlsx"):
    """Where the prebuilt export of a year is kept (the instance folder)."""
    return Path(app.instance_path) / "exports" / f"workshop-{year}.{fmt}"


def export_link(app, year, fmt="xlsx"):
    """The link to a year's export as it stands, from ``ALUMNI_BASE_URL`` (never from a request's host)."""
    return site_url(app, f"/exports/workshop/{year}.{fmt}")


def sent_export_link(app, year):
    """The link to the XLSX the job built (``stored_export_path``), as it was when sent."""
    return site_url(app, f"/exports/workshop/{year}/sent.xlsx")


def build_stored_export(session, app, year, clock):
    """Write the year's XLSX (Polish) to the instance folder; return the picture it shows."""
    picture = picture_for_app(session, app, year, clock)
    write_export(session, picture, "xlsx", stored_export_path(app, year), "pl")
    return picture


def ministry_recipients(session):
    """Active admin and ministry users, by address."""
    return session.exec(active_users(MINISTRY_ROLES)).all()


def idempotency_key(year, user):
    """The outbox key that lets a user have one export e-mail per workshop year."""
    return f"workshop-export:year={year}:user={user.id}"


def _message(app, workshop, user):
    context = {
        "user": user, "workshop": workshop,
        "starts_on": format_date(workshop.starts_on, "long"), "ends_on": format_date(workshop.ends_on, "long"),
        "xlsx_link": sent_export_link(app, workshop.year), "html_link": export_link(app, workshop.year, "html"),
        "file_name": file_name(workshop.year, "xlsx", user.language),
    }
    subject = _("PIM Alumni: the %(year)s workshop export is ready", year=workshop.year)
    return {
        "subject": subject,
        "body_text": render_template("mail/workshop_export.txt", **context),
        "body_html": render_template("mail/workshop_export.html", subject=subject, **context),
    }


def queue_export_mails(session, app, workshop, as_of):
    """Write one e-mail per ministry user who has none yet for this workshop; mark the export built."""
    if workshop.export_built_at is None:
        workshop.export_built_at = as_of
    notice = Notice(workshop)
    for user in ministry_recipients(session):
        with in_language(app, user.language):
            message = _message(app, workshop, user)
        # A second scheduler may have written the same key meanwhile: the key wins.
        if enqueue(session, key=idempotency_key(workshop.year, user), channel=OutboxChannel.email, kind=KIND,
                   recipient=user.email, user_id=user.id, as_of=as_of, **message):
            notice.queued.append(user.email)
        else:
            notice.already += 1
    session.flush()
    return notice
