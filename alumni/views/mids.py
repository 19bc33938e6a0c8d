"""MIDs: the start page, the list of every MID with filters, and one MID's page."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from .. import mids
from ..dashboard.common import Outcome, SizeBand, StatusSettings
from ..db import get_session
from ..models import Voivodeship, utcnow
from ..policy import Permission, can, participant_ids, requires

bp = Blueprint("mids", __name__)


@bp.get("/")
def index():
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if can(current_user, Permission.view_dashboard):
        return redirect(url_for("dashboard.show"))
    return _mid_list(participant_ids(current_user))


@bp.get("/mids")
@requires(Permission.view_all_mids)
def list_mids():
    return _mid_list(None)


def _mid_list(only_participants):
    session = get_session()
    filters = mids.MidFilters.from_args(request.args)
    page = mids.mid_page(session, filters, utcnow(), StatusSettings.from_app(current_app), only_participants)
    return render_template(
        "mids/list.html",
        page=page,
        filters=filters,
        editions=mids.editions_with_networks(session),
        voivodeships=list(Voivodeship),
        outcomes=list(Outcome),
        sizes=list(SizeBand),
    )


@bp.get("/mids/<int:mid_id>")
def show(mid_id):
    mid = mids.load_mid(get_session(), mid_id)
    if mid is None:
        abort(404)
    return render_template("mids/detail.html", mid=mid)
