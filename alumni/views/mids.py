"""MIDs: a person's start page, the list with filters and one MID's page."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import mids
from ..db import get_session
from ..models import Voivodeship
from ..policy import Permission, can, ensure, participant_ids, requires

bp = Blueprint("mids", __name__)


@bp.get("/")
@login_required
def index():
    if can(current_user, Permission.view_all_mids):
        return redirect(url_for("mids.list_mids"))
    rows = mids.mid_rows(get_session(), participant_ids=participant_ids(current_user))
    return render_template("mids/mine.html", rows=rows)


@bp.get("/mids")
@requires(Permission.view_all_mids)
def list_mids():
    session = get_session()
    filters = mids.MidFilters.from_args(request.args)
    return render_template(
        "mids/list.html",
        rows=mids.mid_rows(session, filters),
        filters=filters,
        editions=mids.editions_with_networks(session),
        voivodeships=list(Voivodeship),
    )


@bp.get("/mids/<int:mid_id>")
@login_required
def show(mid_id):
    mid = mids.load_mid(get_session(), mid_id)
    if mid is None:
        abort(404)
    ensure(Permission.view_mid, mid)
    return render_template("mids/detail.html", mid=mid)
