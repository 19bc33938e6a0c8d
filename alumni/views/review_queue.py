"""The ministry's queue of reports waiting for review, and the count of them in the menu."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import extensions, mids, reports, review_queue
from ..clock import request_now
from ..db import get_session
from ..forms.plan import ReviewForm
from ..models import Report
from ..plans import Conflict
from ..policy import Permission, requires
from .loaders import mid_or_404

bp = Blueprint("review_queue", __name__, url_prefix="/reviews")


@bp.get("")
@requires(Permission.review_reports)
def index():
    db = get_session()
    filters = review_queue.QueueFilters.from_args(request.args)
    rows = review_queue.waiting_reports(db, filters)
    return render_template("reviews/queue.html", rows=rows, filters=filters,
                           forms={row.report.id: ReviewForm(prefix=f"r{row.report.id}") for row in rows},
                           editions=mids.editions_with_networks(db), rounds=review_queue.rounds_for_filter(db),
                           pending_extensions=extensions.pending_count(db))


@bp.post("/<int:report_id>")
@requires(Permission.review_reports)
def review(report_id):
    db = get_session()
    report = db.get(Report, report_id) or abort(404)
    mid_or_404(report.mid_id, Permission.review_reports)
    form = ReviewForm(prefix=f"r{report_id}")
    if form.validate_on_submit():
        try:
            reports.review(db, report, form.decision.data == "accept", form.comment.data, current_user,
                           request_now(), form.version.data)
            db.commit()
            flash(_("The review is saved."), "success")
        except reports.ReportError as error:
            db.rollback()
            flash(str(error), "error")
        except Conflict:
            db.rollback()
            flash(_("The city changed this report after the list was shown: open it and review it again."),
                  "error")
    filters = review_queue.QueueFilters.from_args(request.args)
    return redirect(url_for(".index", **filters.to_args()))
