"""A MID's indicators: add or edit one, record a year's value."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..clock import Calendar, request_now
from ..db import get_session
from ..forms.indicators import OTHER_UNIT, IndicatorForm, ValueForm
from ..indicators import UNITS, keeping
from ..models import Indicator
from ..plans import Conflict, PlanError
from ..policy import Permission
from .loaders import mid_or_404, part_or_404

bp = Blueprint("indicators", __name__, url_prefix="/mids/<int:mid_id>/indicators")


def _back(mid):
    return redirect(url_for("mids.show", mid_id=mid.id, _anchor="indicators"))


def _page(template, conflict, **context):
    return render_template(template, conflict=conflict, **context), 200 if conflict is None else 409


def _indicator_form(mid, indicator=None):
    stored = {} if indicator is None else {
        "obj": indicator, "unit_choice": indicator.unit if indicator.unit in UNITS else OTHER_UNIT,
        "unit_other": "" if indicator.unit in UNITS else indicator.unit}
    form = IndicatorForm(**stored)
    if request.method != "GET":
        form.version.data = request.form.get("version")
    form.action_id.choices = [SelectChoice("", _("— the whole MID —"))] + [
        SelectChoice(action.id, action.title) for action in mid.actions]
    return form


def _conflict(form, error):
    get_session().rollback()
    get_session().refresh(error.current)
    form.version.data = error.current.version
    return error.changes


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:indicator_id>", methods=["GET", "POST"])
def edit(mid_id, indicator_id=None):
    mid = mid_or_404(mid_id, Permission.edit_indicators)
    indicator = part_or_404(Indicator, indicator_id, mid) if indicator_id else None
    form, conflict = _indicator_form(mid, indicator), None
    if form.validate_on_submit():
        try:
            if indicator is None:
                keeping.add_indicator(get_session(), mid, form.data_for())
            else:
                keeping.update_indicator(get_session(), mid, indicator, form.data_for(), form.version.data)
            get_session().commit()
        except Conflict as error:
            conflict = _conflict(form, error)
        except PlanError as error:
            get_session().rollback()
            form.target_value.errors.append(str(error))
        else:
            flash(_("The indicator is saved."), "success")
            return _back(mid)
    return _page("indicators/form.html", conflict, mid=mid, form=form, indicator=indicator)


@bp.route("/<int:indicator_id>/values", methods=["GET", "POST"])
def record(mid_id, indicator_id):
    mid = mid_or_404(mid_id, Permission.edit_indicators)
    indicator = part_or_404(Indicator, indicator_id, mid)
    year = request.args.get("year", type=int)
    stored = keeping.value_for(get_session(), indicator.id, year) if year else None
    form = ValueForm(obj=stored, unit=indicator.unit, year=year or _this_year())
    conflict = None
    if request.method != "GET":
        form.version.data = request.form.get("version")
    if form.validate_on_submit():
        try:
            keeping.record_value(get_session(), indicator, form.year.data, form.value.data, form.comment.data,
                                 form.version.data)
            get_session().commit()
        except Conflict as error:
            conflict = _conflict(form, error)
        except PlanError as error:
            get_session().rollback()
            form.year.errors.append(str(error))
        else:
            flash(_("The value is recorded."), "success")
            return _back(mid)
    return _page("indicators/value_form.html", conflict, mid=mid, form=form, indicator=indicator)


def _this_year():
    return Calendar.from_app(current_app).local_date(request_now()).year
