"""Request security: CSRF on every unsafe request, security headers, safe redirects, bounded numbers."""

from urllib.parse import urlsplit

from flask import Request, current_app, flash, make_response, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()

# The largest row id or number a page reads from its address (PostgreSQL's integer): a larger one
# finds nothing (404) rather than overflowing the database driver.
MAX_NUMBER = 2**31 - 1


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` in a route, up to MAX_NUMBER; past it the route does not match (404)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_NUMBER)
        super().__init__(map, *args, **kwargs)


class BoundedArgs(ImmutableMultiDict):
    """Query and form values where ``get(..., type=int)`` outside ±MAX_NUMBER counts as not given."""

    def get(self, key, default=None, type=None):
        value = super().get(key, default, type)
        if type is int and isinstance(value, int) and not -MAX_NUMBER <= value <= MAX_NUMBER:
            return default
        return value


class AlumniRequest(Request):
    parameter_storage_class = BoundedArgs

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def safe_next(target, default="/"):
    """``target`` if it is a path on this site, else ``default`` (no open redirects)."""
    if not target:
        return default
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return default
    return target


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _form_back_after_csrf_failure(error):
    """A page's form sent without a valid CSRF token comes back filled in, with a fresh token.

    Only for pages that show their own form (GET and POST): the view runs again without the
    token, so its form cannot validate and nothing is saved; what was typed is shown again.
    Every other refused request gets the 400 page.
    """
    rule = request.url_rule
    view = current_app.view_functions.get(request.endpoint)
    if rule is None or view is None or not {"GET", "POST"} <= set(rule.methods or ()):
        return current_app.handle_http_exception(BadRequest(error.description))  # the site's 400 page
    request.form = BoundedArgs([(key, value) for key, value in request.form.items(multi=True)
                               if key != "csrf_token"])
    flash(_("The form could not be confirmed (the session may have ended). What you typed is below: "
            "check it and send it again."), "error")
    response = make_response(current_app.ensure_sync(view)(**(request.view_args or {})))
    if response.status_code < 300:
        response.status_code = 400
    return response


def init_app(app):
    """Before the blueprints: their routes are built with these converters."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.request_class = AlumniRequest
    trusted = int(app.config["TRUSTED_PROXIES"] or 0)
    if trusted:
        # The client's address (and scheme) from X-Forwarded-For/-Proto as set by that many proxies;
        # without them, anyone could claim any address and slip past login throttling.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)
    csrf.init_app(app)
    app.register_error_handler(CSRFError, _form_back_after_csrf_failure)
    app.after_request(_headers)
