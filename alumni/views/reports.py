"""A MID's report in a reporting round: the coordinator's form and the ministry's review."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import reports
from ..db import get_session
from ..forms.plan import ReportForm, ReviewForm
from ..indicators import report_values
from ..clock import Calendar, request_now
from ..models import ReportingRound
from ..plans import Conflict
from ..policy import Permission, can
from .loaders import mid_or_404

bp = Blueprint("reports", __name__, url_prefix="/mids/<int:mid_id>")


def today():
    return Calendar.from_app(current_app).local_date(request_now())


@bp.route("/report", methods=["GET", "POST"])
def current(mid_id):
    mid = mid_or_404(mid_id, Permission.report)
    round_ = reports.open_round(get_session(), today())
    if round_ is None:
        return render_template("reports/no_round.html", mid=mid, history=reports.reports_of(get_session(), mid.id))
    return report_page(mid, round_, current_user, url_for("mids.show", mid_id=mid.id))


def report_page(mid, round_, user, done_url, **page):
    """The report form of ``mid`` in ``round_``, for the web session or an e-mail link alike."""
    db = get_session()
    report = reports.load_report(db, mid.id, round_.id)
    form = ReportForm(data=None if request.method == "POST" else initial_data(mid, report))
    values = report_values.values_form(db, mid, round_, request.form if request.method == "POST" else None)
    conflict = None
    if reports.is_editable(report, round_, today()) and form.validate_on_submit() & report_values.valid(values):
        submit = "submit" in request.form
        try:
            reports.save_report(db, mid, round_, form_data(form), user, request_now(), today(), submit=submit)
            report_values.save_values(db, values, round_)
            db.commit()
        except Conflict as error:
            conflict = _conflict(db, form, mid, round_, error)
            report_values.refresh_versions(db, values, round_)
        except reports.ReportError as error:
            flash(str(error), "error")
        else:
            flash(_("The report is submitted. Thank you!") if submit else _("The draft is saved."), "success")
            return redirect(done_url)
    return render_template("reports/form.html", mid=mid, round=round_, report=report, form=form, conflict=conflict,
                           actions={action.id: action for action in mid.actions}, today=today(), values=values,
                           editable=reports.is_editable(report, round_, today()), **page), \
        200 if conflict is None else 409


def initial_data(mid, report):
    rows = [{"action_id": row.action.id, "action_version": row.action.version, "status": row.status,
             "progress": row.progress, "comment": row.comment} for row in reports.action_rows(mid, report)]
    data = {"rows": rows, "version": report.version if report else ""}
    if report:
        data.update({name: getattr(report, name) for name in reports.TEXTS})
        data["barriers"] = [barrier.category for barrier in report.barriers]
        data["funding"] = [{"amount": row.amount, "source": row.source} for row in report.funding]
    return data


def form_data(form):
    data = {name: getattr(form, name).data for name in reports.TEXTS}
    data["version"] = form.version.data or None
    data["barriers"] = form.barriers.data
    data["funding"] = [(row.amount.data, row.source.data.strip()) for row in form.funding if row.amount.data]
    data["rows"] = [{**row.data, "action_id": int(row.action_id.data)} for row in form.rows
                    if (row.action_id.data or "").isdigit()]
    return data


def _conflict(db, form, mid, round_, error):
    """Keep what the person typed, show what changed, and let a deliberate second save through."""
    db.rollback()
    report = reports.load_report(db, mid.id, round_.id)
    form.version.data = report.version if report else ""
    versions = {action.id: action.version for action in mid.actions}
    for row in form.rows:
        row.action_version.data = versions.get(int(row.action_id.data or 0), row.action_version.data)
    return error.changes


@bp.get("/reports/<int:round_id>")
def show(mid_id, round_id):
    mid = mid_or_404(mid_id, Permission.view_mid)
    round_ = get_session().get(ReportingRound, round_id) or abort(404)
    report = reports.load_report(get_session(), mid.id, round_.id) or abort(404)
    review_form = ReviewForm(version=report.version) if can(current_user, Permission.review_reports) else None
    return render_template("reports/show.html", mid=mid, round=round_, report=report, review_form=review_form,
                           rows=reports.action_rows(mid, report))


@bp.post("/reports/<int:round_id>/review")
def review(mid_id, round_id):
    mid = mid_or_404(mid_id, Permission.review_reports)
    report = reports.load_report(get_session(), mid.id, round_id) or abort(404)
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            reports.review(get_session(), report, form.decision.data == "accept", form.comment.data, current_user,
                           request_now(), form.version.data)
            get_session().commit()
            flash(_("The review is saved."), "success")
        except reports.ReportError as error:
            flash(str(error), "error")
        except Conflict:
            flash(_("The city changed this report since it was opened. Read it again, then review it."), "error")
    return redirect(url_for(".show", mid_id=mid.id, round_id=round_id))
