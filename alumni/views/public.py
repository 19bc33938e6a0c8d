"""The public view: the programme's editions and networks and the public MIDs, without signing in."""

from flask import Blueprint, abort, current_app, render_template, request, url_for

from ..clock import Calendar, request_now
from ..db import get_session
from ..life_status import StatusSettings
from ..public import pages, visibility
from . import public_http

bp = Blueprint("public", __name__)
public_http.register(bp)


@bp.get("/public/")
def index():
    return public_http.cached_page(_index)


def _index():
    session, settings, now = get_session(), StatusSettings.from_app(current_app), request_now()
    mids = pages.public_mids(session, settings, now)
    region_map = pages.public_regions(session, settings, now, request.args.get("voivodeship")) if mids else None
    return render_template("public/index.html", mids=mids, editions=pages.programme(session, mids),
                           region_map=region_map)


@bp.get("/public/mids/<int:mid_id>")
def mid(mid_id):
    return public_http.cached_page(lambda: _mid(mid_id))


def _mid(mid_id):
    now = request_now()
    year = Calendar.from_app(current_app).local_date(now).year
    page = pages.mid_page(get_session(), StatusSettings.from_app(current_app), mid_id, now, year)
    if page is None:
        abort(404)
    return render_template("public/mid.html", page=page, mid=page.mid, year=year)


@bp.get("/robots.txt")
def robots():
    lines = ["User-agent: *"]
    if visibility.view_enabled(get_session()):
        lines += ["Allow: /public/", "Allow: /open-data/", "Disallow: /",
                  "Sitemap: " + public_http.absolute(url_for("public.sitemap"))]
    else:
        lines += ["Disallow: /"]
    return current_app.response_class("\n".join(lines) + "\n", mimetype="text/plain")


@bp.get("/sitemap.xml")
def sitemap():
    public_http.enabled_or_404()
    paths = [url_for("public.index"), url_for("open_data.index")]
    paths += [url_for("public.mid", mid_id=mid_id) for mid_id in visibility.public_mid_ids(get_session())]
    addresses = [public_http.absolute(path) + suffix for path in paths for suffix in ("", "?lang=en")]
    return current_app.response_class(render_template("public/sitemap.xml", addresses=addresses),
                                      mimetype="application/xml")
