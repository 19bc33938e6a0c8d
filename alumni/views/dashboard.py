"""The ministry's dashboard, the silent MIDs to chase, and the lineage of a MID."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import mids
from ..clock import request_now
from ..life_status import SizeBand, StatusSettings
from ..dashboard.figures import build_figures
from ..dashboard.forms import LineageForm
from ..dashboard.page import SILENT_PER_PAGE, build_dashboard, programme, silent_page
from ..db import get_session
from ..http_cache import conditional, page_tag
from ..lineage import LineageError, clear_lineage, lineage_of, set_lineage, successor_candidates
from ..models import Mid, Voivodeship, utcnow
from ..policy import Permission, requires
from ..regions import region_picture_of

bp = Blueprint("dashboard", __name__)


def _moment():
    """The settings, the moment asked for (``?as_of=`` a past day, else now) and that day's argument."""
    settings, now = StatusSettings.from_app(current_app), request_now()
    as_of = settings.requested_moment(request.args.get("as_of"), now)
    return settings, as_of, (settings.local_date(as_of).isoformat() if as_of != now else None)


@bp.get("/dashboard")
@requires(Permission.view_dashboard)
def show():
    return conditional(page_tag(get_session()), _dashboard)


def _dashboard():
    settings, as_of, day = _moment()
    editions, networks = programme_rows = programme(get_session())
    filters, network_groups = mids.narrowed(mids.MidFilters.from_args(request.args),
                                            [(edition, networks[edition.id]) for edition in editions])
    dashboard = build_dashboard(get_session(), as_of, settings, request.args.get("round", type=int), filters,
                                programme_rows)
    region_map = region_picture_of(get_session(), dashboard.every_region, filters.voivodeship)
    return render_template("dashboard/show.html", dashboard=dashboard, figures=build_figures(dashboard, past=bool(day)),
                           day=day, filters=filters, network_groups=network_groups, voivodeships=list(Voivodeship),
                           sizes=list(SizeBand), region_map=region_map)


@bp.get("/dashboard/silent")
@requires(Permission.view_dashboard)
def silent():
    settings, as_of, day = _moment()
    page = max(request.args.get("page", default=1, type=int) or 1, 1)
    filters, _groups = mids.list_filters(get_session(), request.args)
    result = silent_page(get_session(), as_of, settings, page, filters.mid_conditions())
    return render_template("dashboard/silent.html", silent=result, page=page, per_page=SILENT_PER_PAGE,
                           as_of=as_of, day=day, filters=filters)


@bp.route("/mids/<int:mid_id>/lineage", methods=["GET", "POST"])
@requires(Permission.manage_programme)
def lineage(mid_id):
    session = get_session()
    mid = session.get(Mid, mid_id) or abort(404)
    form = LineageForm(data={"kind": mid.lineage_kind or "", "successor_mid": mid.successor_mid_id,
                             "strategy": mid.successor_strategy, "version": mid.version})
    if form.validate_on_submit():
        try:
            _save_lineage(session, mid, form)
        except LineageError as error:
            form.successor_mid.errors.append(str(error))
        else:
            session.commit()
            flash(_("The lineage of the MID is saved."), "success")
            return redirect(url_for("dashboard.lineage", mid_id=mid.id))
    return render_template("dashboard/lineage_form.html", mid=mid, form=form, lineage=lineage_of(session, mid),
                           candidates=successor_candidates(session, mid))


def _save_lineage(session, mid, form):
    common = {"as_of": utcnow(), "actor": current_user, "version": form.version_number()}
    if not form.kind.data:
        clear_lineage(session, mid, **common)
    else:
        set_lineage(session, mid, form.kind.data, successor_id=form.successor_mid.data,
                    strategy=form.strategy.data, **common)
