"""Open data: the public MIDs and their actions as CSV and JSON, their dictionaries, and the DCAT-AP catalogue."""

import json

from flask import Blueprint, abort, current_app, render_template, url_for

from ..clock import request_now
from ..db import get_session
from ..life_status import StatusSettings
from ..public import catalog, open_data
from . import public_http

bp = Blueprint("open_data", __name__, url_prefix="/open-data")
public_http.register(bp)

_MEDIA = {"csv": "text/csv; charset=utf-8", "comma.csv": "text/csv; charset=utf-8",
          "json": "application/json", "dictionary.csv": "text/csv; charset=utf-8"}


@bp.get("/")
def index():
    public_http.enabled_or_404()
    return render_template("public/open_data.html", dictionaries=open_data.DICTIONARIES,
                           formats=open_data.FORMATS, modified=open_data.modified_on(get_session()),
                           license_url=open_data.LICENSE_URL)


@bp.get("/<any(mids, actions):dataset>.<any(csv, 'comma.csv', json, 'dictionary.csv'):fmt>")
def download(dataset, fmt):
    public_http.enabled_or_404()
    session = get_session()
    if fmt == "dictionary.csv":
        return _file(open_data.dictionary_csv(dataset), fmt, f"{dataset}-dictionary.csv")
    rows = open_data.public_rows(session, StatusSettings.from_app(current_app), request_now(), _page_url)[dataset]
    if fmt == "json":
        return _file(open_data.to_json(dataset, rows, open_data.modified_on(session)), fmt, f"{dataset}.json")
    text = open_data.to_csv(dataset, rows, polish=fmt == "csv")
    return _file(text, fmt, f"{dataset}.csv" if fmt == "csv" else f"{dataset}-comma.csv")


@bp.get("/catalog.jsonld")
def catalogue():
    public_http.enabled_or_404()
    document = catalog.catalogue(_catalogue_url, open_data.modified_on(get_session()))
    return current_app.response_class(json.dumps(document, ensure_ascii=False, indent=1),
                                      mimetype="application/ld+json")


def _page_url(mid_id):
    return public_http.absolute(url_for("public.mid", mid_id=mid_id))


def _catalogue_url(dataset, kind):
    if dataset is None:
        return public_http.absolute(url_for("open_data.catalogue" if kind == "catalogue" else "open_data.index"))
    if kind == "dataset":
        return public_http.absolute(url_for("open_data.index")) + f"#{dataset}"
    fmt = "dictionary.csv" if kind == "dictionary" else kind
    return public_http.absolute(url_for("open_data.download", dataset=dataset, fmt=fmt))


def _file(text, fmt, filename):
    if fmt not in _MEDIA:
        abort(404)
    response = current_app.response_class(text.encode("utf-8"), content_type=_MEDIA[fmt])
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
