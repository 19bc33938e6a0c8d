"""Deadline extensions: a coordinator asks for more time, the ministry decides from its queue."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import extensions, reports
from ..db import get_session
from ..forms.extensions import ExtensionDecisionForm, ExtensionRequestForm
from ..clock import Calendar, request_now
from ..models import DeadlineExtension
from ..policy import Permission, requires
from .loaders import mid_or_404

bp = Blueprint("extensions", __name__)


def _today():
    return Calendar.from_app(current_app).local_date(request_now())


def _field_error(form, error):
    """Show a domain refusal beside the field it concerns (or the first one), keeping what was typed."""
    (form[error.field] if error.field else next(iter(form))).errors.append(str(error))


@bp.route("/mids/<int:mid_id>/extension", methods=["GET", "POST"])
def request_form(mid_id):
    mid = mid_or_404(mid_id, Permission.request_extension)
    db = get_session()
    round_ = reports.open_round(db, _today())
    form = ExtensionRequestForm()
    if round_ is not None and form.validate_on_submit():
        try:
            extensions.request_extension(db, mid, round_, form.requested_until.data, form.reason.data,
                                         current_user, request_now(), _today())
        except extensions.ExtensionError as error:
            _field_error(form, error)
        else:
            db.commit()
            flash(_("Your request is sent to the ministry. You will hear of its decision by e-mail."), "success")
            return redirect(url_for("mids.show", mid_id=mid.id))
    return render_template("extensions/request.html", mid=mid, round=round_, form=form,
                           extension=round_ and extensions.extension_of(db, mid.id, round_.id),
                           why_not=extensions.can_request(db, mid, round_, _today()),
                           state_of=extensions.state_of, state_labels=extensions.STATE_LABELS)


def _queue(status=200, failed=None):
    items = extensions.pending_requests(get_session())
    forms = {item.extension.id: ExtensionDecisionForm(prefix=f"x{item.extension.id}", formdata=None,
                                                      data={"granted_until": item.extension.requested_until})
             for item in items}
    if failed is not None:
        forms[failed[0]] = failed[1]
    return render_template("extensions/queue.html", items=items, forms=forms), status


@bp.get("/extensions")
@requires(Permission.decide_extensions)
def queue():
    return _queue()


@bp.post("/extensions/<int:extension_id>/decision")
@requires(Permission.decide_extensions)
def decide(extension_id):
    db = get_session()
    extension = db.get(DeadlineExtension, extension_id) or abort(404)
    form = ExtensionDecisionForm(prefix=f"x{extension.id}")
    if form.validate_on_submit():
        try:
            extensions.decide(db, current_app, extension, form.decision.data == "grant", form.granted_until.data,
                              form.comment.data, current_user, request_now())
        except extensions.ExtensionError as error:
            db.rollback()
            _field_error(form, error)
        else:
            db.commit()
            flash(_("The decision is saved and the city is told by e-mail."), "success")
            return redirect(url_for(".queue"))
    return _queue(400, (extension_id, form))
