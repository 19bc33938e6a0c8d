"""MIDs: a person's start page, the list of every MID with filters, and one MID's page."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import mids
from ..contacts import coordinators_to_call
from ..life_status import Outcome, SizeBand, StatusSettings
from ..clock import request_now
from ..db import get_session
from ..http_cache import conditional, page_tag
from ..mid_page import build_mid_page
from ..models import Voivodeship, utcnow
from ..policy import Permission, can, participant_ids, requires
from .loaders import mid_or_404

bp = Blueprint("mids", __name__)


@bp.get("/")
@login_required
def index():
    if can(current_user, Permission.view_dashboard):
        return redirect(url_for("dashboard.show"))
    round_, rows = mids.my_mids(get_session(), participant_ids(current_user), utcnow())
    return render_template("mids/mine.html", rows=rows, round=round_)


@bp.get("/mids")
@requires(Permission.view_all_mids)
def list_mids():
    session = get_session()

    def render():
        filters, network_groups = mids.list_filters(session, request.args)
        page = mids.mid_list_page(session, filters, request_now(), StatusSettings.from_app(current_app), None)
        return render_template("mids/list.html", page=page, filters=filters,
                               editions=mids.editions_with_networks(session), network_groups=network_groups,
                               voivodeships=list(Voivodeship), outcomes=list(Outcome), sizes=list(SizeBand))
    return conditional(page_tag(session), render)


@bp.get("/mids/<int:mid_id>")
def show(mid_id):
    # The MID's row decides and tags; a page kept or held by the browser needs nothing more (every
    # edit of the MID, its actions or milestones is audited, and so moves the page's tag).
    session = get_session()
    row = mid_or_404(mid_id, Permission.view_mid, whole=False)

    def render():
        mid = mids.load_mid(session, row.id)  # with its participant, network, edition, actions and milestones
        contacts = coordinators_to_call(session, mid.participant_id) if can(
            current_user, Permission.view_contacts, mid) else None
        return render_template("mids/detail.html", page=build_mid_page(session, mid, request_now()), mid=mid,
                               contacts=contacts, offer_done=request.args.get("offer_done", type=int))
    return conditional(page_tag(session), render)
