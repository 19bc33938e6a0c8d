"""The read-only JSON API, ``/api/v1/``: MIDs, rounds, statistics; personal tokens only."""

from flask import Blueprint, abort, current_app, g, jsonify, request
from flask_babel import gettext as _

from ..api import ApiError, auth, openapi, parameters, resources
from ..api.extensions import extension_list
from ..api.indicators import indicator_counts, mid_indicators
from ..db import get_db, get_session
from ..models import Mid, utcnow

bp = Blueprint("api", __name__, url_prefix="/api/v1")

_HTTP_ERRORS = {400: "bad_request", 401: "authentication_required", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 500: "server_error", 503: "unavailable"}


@bp.before_request
def authenticate():
    if request.endpoint == "api.openapi_document":
        return
    g.api_token, g.api_user = auth.authenticate(get_session(), request.headers.get("Authorization"))
    with get_db().session() as write_session:
        auth.record_use(write_session, g.api_token, utcnow())


@bp.after_request
def no_caching(response):
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error):
    response = jsonify(error.as_dict())
    if error.status == 401:
        # RFC 6750: name the error only when a token was sent and refused.
        detail = ', error="invalid_token"' if error.code == "invalid_token" else ""
        response.headers["WWW-Authenticate"] = f'Bearer realm="PIM Alumni"{detail}'
    return response, error.status


def http_error(code, message):
    """An HTTP error under /api/ as JSON (the app's error pages call this), never an HTML page."""
    return jsonify(error=_HTTP_ERRORS.get(code, "error"), message=str(message)), code


def _settings():
    return resources.Settings(current_app, utcnow())


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/mids")
def list_mids():
    filters, per_page = parameters.mid_query(request.args)
    return jsonify(resources.mid_page(get_session(), filters, per_page, _settings()))


@bp.get("/mids/<mid_id>")
def show_mid(mid_id):
    parameters.only(request.args)
    detail = resources.mid_detail(get_session(), parameters.mid_id(mid_id), _settings())
    if detail is None:
        raise ApiError(404, "not_found", _("There is no MID with the id %(id)s.", id=mid_id))
    return jsonify(detail)


@bp.get("/mids/<mid_id>/indicators")
def show_mid_indicators(mid_id):
    parameters.only(request.args)
    number = parameters.mid_id(mid_id)
    if get_session().get(Mid, number) is None:
        raise ApiError(404, "not_found", _("There is no MID with the id %(id)s.", id=mid_id))
    return jsonify(mid_indicators(get_session(), number, _settings()))


@bp.get("/indicators")
def list_indicator_counts():
    parameters.only(request.args)
    return jsonify(indicator_counts(get_session(), _settings()))


@bp.get("/rounds")
def list_rounds():
    parameters.only(request.args)
    return jsonify(resources.rounds_with_completeness(get_session(), _settings()))


@bp.get("/statistics/<year>")
def year_statistics(year):
    parameters.only(request.args)
    stats = resources.statistics(get_session(), parameters.year(year), _settings())
    if stats is None:
        abort(404)
    return jsonify(stats)


@bp.get("/editions")
def list_editions():
    parameters.only(request.args)
    return jsonify(resources.editions(get_session()))


@bp.get("/extensions")
def list_extensions():
    parameters.only(request.args)
    return jsonify(extension_list(get_session()))
