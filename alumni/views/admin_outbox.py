"""Admin: the outbox — messages that failed or wait for another attempt, and bounced addresses."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import outbox
from ..db import get_session
from ..delivery import INTERRUPTED
from ..models import OutboxMessage, OutboxStatus, User, utcnow
from ..policy import Permission, requires
from ..reminders import kind_label

bp = Blueprint("admin_outbox", __name__, url_prefix="/admin/outbox")


@bp.get("")
@requires(Permission.view_outbox)
def show():
    db = get_session()
    return render_template("admin/outbox.html", counts=outbox.status_counts(db), failed=outbox.failed_messages(db),
                           retrying=outbox.retrying_messages(db), bounced=outbox.bounced_users(db),
                           interrupted=INTERRUPTED, kind_label=kind_label, status_labels=outbox.STATUS_LABELS)


@bp.post("/<int:message_id>/retry")
@requires(Permission.retry_messages)
def retry_message(message_id):
    db = get_session()
    message = db.get(OutboxMessage, message_id) or abort(404)
    if message.status != OutboxStatus.failed:
        flash(_("Only a failed message can be sent again."), "error")
    else:
        outbox.retry(db, message, utcnow(), actor_id=current_user.id)
        db.commit()
        flash(_("The message to %(recipient)s will be sent again in a minute.", recipient=message.recipient),
              "success")
    return redirect(url_for(".show"))


@bp.post("/retry-failed")
@requires(Permission.retry_messages)
def retry_failed():
    db = get_session()
    retried, left = outbox.retry_failed(db, utcnow(), actor_id=current_user.id)
    db.commit()
    if retried:
        flash(ngettext("%(num)d failed message will be sent again in a minute.",
                       "%(num)d failed messages will be sent again in a minute.", retried), "success")
    else:
        flash(_("No failed message to send again."), "info")
    if left:
        flash(ngettext("%(num)d message interrupted while sending was left for you to check one by one.",
                       "%(num)d messages interrupted while sending were left for you to check one by one.", left),
              "info")
    return redirect(url_for(".show"))


@bp.post("/bounced/<int:user_id>/clear")
@requires(Permission.retry_messages)
def clear_bounce(user_id):
    db = get_session()
    user = db.get(User, user_id) or abort(404)
    outbox.clear_bounce(db, user)
    db.commit()
    flash(_("Reminders go to %(email)s again.", email=user.email), "success")
    return redirect(url_for(".show"))
