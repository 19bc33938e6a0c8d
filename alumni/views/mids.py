"""MIDs: the list with filters and one MID's page."""

from flask import Blueprint, abort, render_template, request

from .. import mids
from ..db import get_session
from ..models import Voivodeship

bp = Blueprint("mids", __name__)


@bp.get("/")
def index():
    return list_mids()


@bp.get("/mids")
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
    mid = mids.load_mid(get_session(), mid_id)
    if mid is None:
        abort(404)
    return render_template("mids/detail.html", mid=mid)
