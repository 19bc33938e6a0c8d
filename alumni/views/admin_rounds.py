"""Admin: reporting rounds (create, edit, close) and what their reminders sent."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import outbox, rounds
from ..db import get_session
from ..forms.rounds import RoundForm
from ..clock import Calendar, request_now
from ..life_status import StatusSettings
from ..models import ReportingRound
from ..policy import Permission, requires
from ..reminders import coordinator_steps, escalation_step, kind_label

bp = Blueprint("admin_rounds", __name__, url_prefix="/admin/rounds")


def _today():
    return Calendar.from_app(current_app).local_date(request_now())


def _dates(form):
    return form.name.data, form.opens_on.data, form.due_on.data, form.closes_on.data


@bp.get("")
@requires(Permission.manage_rounds)
def list_rounds():
    rows = rounds.rounds_overview(get_session(), request_now(), StatusSettings.from_app(current_app))
    return render_template("admin/rounds.html", rows=rows, today=_today(),
                           round_state=rounds.round_state, state_labels=rounds.STATE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.manage_rounds)
def new_round():
    db = get_session()
    form = RoundForm()
    if form.validate_on_submit():
        try:
            round_ = rounds.create_round(db, *_dates(form))
        except rounds.RoundError as error:
            form.name.errors.append(str(error))
        else:
            db.commit()
            flash(_("Round %(name)s is created.", name=round_.name), "success")
            return redirect(url_for(".edit_round", round_id=round_.id))
    return render_template("admin/round_form.html", form=form, round=None)


@bp.route("/<int:round_id>", methods=["GET", "POST"])
@requires(Permission.manage_rounds)
def edit_round(round_id):
    db = get_session()
    round_ = db.get(ReportingRound, round_id) or abort(404)
    form = RoundForm(obj=round_)
    if form.validate_on_submit():
        try:
            rounds.update_round(db, round_, *_dates(form))
        except rounds.RoundError as error:
            form.name.errors.append(str(error))
        else:
            db.commit()
            flash(_("The changes to round %(name)s are saved.", name=round_.name), "success")
            return redirect(url_for(".edit_round", round_id=round_.id))
    schedule = coordinator_steps(round_, current_app.config) + [
        step for step in [escalation_step(round_, current_app.config)] if step]
    return render_template("admin/round_form.html", form=form, round=round_, schedule=schedule,
                           state=rounds.round_state(round_, _today()), state_labels=rounds.STATE_LABELS,
                           messages=outbox.round_message_counts(db, round_.id), kind_label=kind_label,
                           status_labels=outbox.STATUS_LABELS)


@bp.post("/<int:round_id>/close")
@requires(Permission.manage_rounds)
def close_round(round_id):
    db = get_session()
    round_ = db.get(ReportingRound, round_id) or abort(404)
    try:
        rounds.close_round(db, round_, _today())
    except rounds.RoundError as error:
        flash(str(error), "error")
    else:
        db.commit()
        flash(_("Round %(name)s closes at the end of today.", name=round_.name), "success")
    return redirect(url_for(".edit_round", round_id=round_.id))
