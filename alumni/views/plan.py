"""Editing a MID's plan: actions, milestones, abandonment."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from .. import plans
from ..db import get_session
from ..forms.plan import AbandonForm, ActionForm, MilestoneAchievedForm, MilestoneForm, VersionForm
from ..models import Action, ActionStatus, Milestone, utcnow
from ..policy import Permission
from .loaders import mid_or_404, part_or_404

bp = Blueprint("plan", __name__, url_prefix="/mids/<int:mid_id>")


def _back(mid, anchor="actions"):
    return redirect(url_for("mids.show", mid_id=mid.id, _anchor=anchor))


def _action_data(form):
    return {name: getattr(form, name).data for name in plans.EDITABLE}


def _form(form_class, **stored):
    """A form filled from what is stored, whose version on POST is only what the page sent (left out: none)."""
    form = form_class(**stored)
    if request.method != "GET":
        form.version.data = request.form.get("version")
    return form


def _page(template, conflict=None, **context):
    return render_template(template, conflict=conflict, **context), 200 if conflict is None else 409


@bp.route("/actions/new", methods=["GET", "POST"])
def new_action(mid_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            plans.add_action(get_session(), mid, _action_data(form))
        except plans.PlanError as error:
            form.planned_end.errors.append(str(error))
        else:
            get_session().commit()
            flash(_("The action is added to the plan."), "success")
            return _back(mid)
    return _page("plan/action_form.html", mid=mid, form=form, action=None)


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
def edit_action(mid_id, action_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    action = part_or_404(Action, action_id, mid)
    form, conflict = _form(ActionForm, obj=action), None
    if form.validate_on_submit():
        try:
            plans.update_action(get_session(), action, _action_data(form), form.version.data)
            get_session().commit()
        except plans.Conflict as error:
            conflict = _conflict(form, error)
        else:
            flash(_("The action is saved."), "success")
            return redirect(url_for("mids.show", mid_id=mid.id, offer_done=action.id, _anchor="actions"))
    return _page("plan/action_form.html", conflict, mid=mid, form=form, action=action)


def _conflict(form, error):
    """Keep the person's values, show what changed, and let a deliberate second save through."""
    get_session().rollback()
    get_session().refresh(error.current)
    form.version.data = error.current.version
    return error.changes


@bp.post("/actions/<int:action_id>/done")
def mark_done(mid_id, action_id):
    return _change_action(mid_id, action_id, lambda db, action, version: plans.update_action(
        db, action, {"status": ActionStatus.done}, version), _("The action is marked done."))


@bp.get("/actions/<int:action_id>/drop")
def confirm_drop(mid_id, action_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    action = part_or_404(Action, action_id, mid)
    return render_template("plan/drop_action.html", mid=mid, action=action, form=VersionForm(version=action.version))


@bp.post("/actions/<int:action_id>/drop")
def drop_action(mid_id, action_id):
    return _change_action(mid_id, action_id, plans.drop_action, _("The action is dropped from the plan."))


@bp.post("/actions/<int:action_id>/move")
def move_action(mid_id, action_id):
    offset = -1 if request.form.get("direction") == "up" else 1
    return _change_action(mid_id, action_id, lambda db, action, version: plans.move_action(db, action, offset,
                                                                                            version), None)


def _change_action(mid_id, action_id, change, message):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    action = part_or_404(Action, action_id, mid)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            change(get_session(), action, form.version.data)
            get_session().commit()
        except plans.Conflict:
            flash(_("Someone changed this action in the meantime. Check it and try again."), "error")
        except plans.PlanError as error:
            flash(str(error), "error")
        else:
            if message:
                flash(message, "success")
    return _back(mid)


@bp.route("/milestones/new", methods=["GET", "POST"])
def new_milestone(mid_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    form = MilestoneForm()
    form.action_id.choices = [SelectChoice("", _("— the whole MID —"))] + [
        SelectChoice(action.id, action.title) for action in mid.actions]
    if form.validate_on_submit():
        plans.add_milestone(get_session(), mid, form.data)
        get_session().commit()
        flash(_("The milestone is added."), "success")
        return _back(mid, "milestones")
    return render_template("plan/milestone_form.html", mid=mid, form=form)


@bp.route("/milestones/<int:milestone_id>/achieved", methods=["GET", "POST"])
def milestone_achieved(mid_id, milestone_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    milestone = part_or_404(Milestone, milestone_id, mid)
    form, conflict = _form(MilestoneAchievedForm, obj=milestone), None
    if form.validate_on_submit():
        try:
            plans.record_milestone(get_session(), milestone, form.achieved_on.data, form.evidence.data,
                                   form.version.data)
            get_session().commit()
        except plans.Conflict as error:
            conflict = _conflict(form, error)
        else:
            flash(_("The milestone is recorded as achieved."), "success")
            return _back(mid, "milestones")
    return _page("plan/milestone_achieved.html", conflict, mid=mid, milestone=milestone, form=form)


@bp.route("/abandon", methods=["GET", "POST"])
def abandon(mid_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    form, conflict = _form(AbandonForm, version=mid.version), None
    if form.validate_on_submit():
        try:
            plans.abandon(get_session(), mid, form.reason.data, utcnow(), form.version.data)
            get_session().commit()
        except plans.Conflict as error:
            conflict = _conflict(form, error)
        else:
            flash(_("The MID is marked abandoned."), "success")
            return _back(mid, "top")
    return _page("plan/abandon.html", conflict, mid=mid, form=form)


@bp.post("/abandon/undo")
def undo_abandon(mid_id):
    mid = mid_or_404(mid_id, Permission.edit_mid)
    form = VersionForm()
    if form.validate_on_submit():
        try:
            plans.undo_abandon(get_session(), mid, form.version.data)
            get_session().commit()
        except plans.Conflict:
            flash(_("Someone changed this MID in the meantime. Check it and try again."), "error")
        else:
            flash(_("The MID is no longer marked abandoned."), "success")
    return _back(mid, "top")
