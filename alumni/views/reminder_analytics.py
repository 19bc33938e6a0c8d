"""Reminder analytics for the ministry and the admins: which messages brought the reports in."""

from flask import Blueprint, current_app, render_template, request

from ..clock import request_now
from ..db import get_session
from ..life_status import StatusSettings
from ..policy import Permission, requires
from ..reminder_analytics import NO_MESSAGE, WINDOWS_DAYS, analytics_page, row_label

bp = Blueprint("reminder_analytics", __name__)


@bp.get("/reminders/analytics")
@requires(Permission.view_reminder_analytics)
def show():
    page = analytics_page(get_session(), current_app.config, request_now(), StatusSettings.from_app(current_app),
                          request.args.get("round", type=int), request.args.get("days", type=int))
    return render_template("reminders/analytics.html", page=page, windows=WINDOWS_DAYS, no_message=NO_MESSAGE,
                           row_label=row_label)
