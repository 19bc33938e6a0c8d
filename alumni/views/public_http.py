"""How the public view and the open data answer anonymous traffic: no session, cacheable, throttled.

Both blueprints register these hooks. Their pages never read the sign-in session (so no cookie is
ever set), take their language from the address alone (``?lang=en``), carry an ETag and a
Cache-Control a shared cache may follow, and each address may ask a limited number of times a minute.
"""

from flask import abort, current_app, g, make_response, render_template, request
from flask_babel import get_locale, lazy_gettext as _l

from ..clock import Calendar, request_now
from ..db import get_session
from ..public import visibility
from ..memory_cache import PageCache
from ..public.page_cache import data_version
from ..public.throttle import AddressThrottle

_THROTTLE = "alumni.public_throttle"
_PAGES = "alumni.public_page_cache"
# The site's wording of these errors (the same messages as the signed-in pages').
_ERRORS = {
    404: (_l("Not found"), _l("There is no such page.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a while and try again.")),
}


def register(bp):
    bp.before_request(_anonymous_and_throttled)
    bp.after_request(_cacheable)
    bp.register_error_handler(404, _error)
    bp.register_error_handler(429, _error)


def _anonymous_and_throttled():
    g.public_page = True
    # Everyone is anonymous here: Flask-Login's template context would otherwise read the
    # session cookie (and the answer would vary by cookie, defeating shared caches).
    g._login_user = current_app.login_manager.anonymous_user()
    throttle = current_app.extensions.get(_THROTTLE)
    if throttle is None:
        throttle = current_app.extensions.setdefault(
            _THROTTLE, AddressThrottle(int(current_app.config["PUBLIC_RATE_LIMIT_PER_MINUTE"])))
    wait = throttle.wait_left(request.remote_addr or "-")
    if wait:
        response = _error(429)
        response.headers["Retry-After"] = str(wait)
        return response
    return None


def _cacheable(response):
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.cache_control.public = True
        response.cache_control.max_age = int(current_app.config["PUBLIC_CACHE_SECONDS"])
        response.add_etag()
        response.make_conditional(request)
    elif response.status_code >= 400:
        response.cache_control.no_store = True
    return response


def _error(error):
    code = getattr(error, "code", error)
    title, message = _ERRORS[code]
    return make_response(render_template("public/error.html", title=title, message=message), code)


def cached_page(render):
    """The page ``render()`` gives (a str), from this process's cache while the public data is unchanged.

    One query reads the data version; 404 while the public view is off. A page that aborts
    (404: the MID is not public) is not kept.
    """
    version = data_version(get_session())
    if not version.enabled:
        abort(404)
    cache = current_app.extensions.get(_PAGES)
    if cache is None:
        config = current_app.config
        cache = current_app.extensions.setdefault(_PAGES, PageCache(
            int(config["PUBLIC_PAGE_CACHE_ENTRIES"]), float(config["PUBLIC_PAGE_CACHE_SECONDS"])))
    key = (request.path, request.query_string, str(get_locale()),
           Calendar.from_app(current_app).local_date(request_now()))
    body = cache.get(key, version)
    if body is None:
        body = render()
        cache.put(key, version, body)
    return body


def enabled_or_404():
    """Answer 404 while the public view is switched off: nothing public exists then."""
    if not visibility.view_enabled(get_session()):
        abort(404)


def absolute(path):
    """``path`` on the installation's own address (BASE_URL), never the request's Host header."""
    return current_app.config["BASE_URL"].rstrip("/") + path
