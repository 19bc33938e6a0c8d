"""MIDs: a person's start page, the list with filters and one MID's page."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import mids
from ..db import get_session
from ..mid_page import mid_page, my_mids
from ..models import Voivodeship, utcnow
from ..policy import Permission, can, participant_ids, requires
from .loaders import mid_or_404

bp = Blueprint("mids", __name__)


@bp.get("/")
@login_required
def index():
    if can(current_user, Permission.view_all_mids):
        return redirect(url_for("mids.list_mids"))
    round_, rows = my_mids(get_session(), participant_ids(current_user), utcnow())
    return render_template("mids/mine.html", rows=rows, round=round_)


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
def show(mid_id):
    mid = mid_or_404(mid_id, Permission.view_mid)
    return render_template("mids/detail.html", page=mid_page(get_session(), mid, utcnow()), mid=mid,
                           offer_done=request.args.get("offer_done", type=int))
