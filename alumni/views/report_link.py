"""The report form opened straight from a reminder e-mail: one MID, one round, one person, no session."""

from flask import Blueprint, current_app, render_template, request

from .. import mids
from ..audit import act_as
from ..db import get_session
from ..i18n import speak_as
from ..models import ReportingRound, User, utcnow
from ..policy import Permission, can
from ..report_links import ReportLinkError, read_report_token
from .reports import report_page, today

bp = Blueprint("report_link", __name__)


@bp.route("/reports/by-link/<token>", methods=["GET", "POST"])
def form(token):
    db = get_session()
    try:
        link = read_report_token(current_app, token, utcnow())
    except ReportLinkError as error:
        return render_template("reports/link_refused.html", message=str(error)), 410
    user, mid = db.get(User, link.user_id), mids.load_mid(db, link.mid_id)
    round_ = db.get(ReportingRound, link.round_id)
    speak_as(user)
    # The link stays a capability only while its holder may still report on this MID in an open round.
    if round_ is None or round_.closes_on < today() or mid is None or not can(user, Permission.report, mid):
        return render_template("reports/link_refused.html", message=None), 410
    act_as(db, user.id, "email-link")
    return report_page(mid, round_, user, request.path, back_url="", via_link=True)
