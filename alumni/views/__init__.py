"""The blueprints, one per area, and the error pages."""

import logging
from dataclasses import dataclass, fields

from flask import current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeoutError

from . import (
    admin_outbox, admin_rounds, admin_users, admin_workshops, api, auth, calendar, connections, dashboard,
    exports, extensions, health, imports, indicators, mids, open_data, operations, plan, privacy, public, publication,
    reminder_analytics, report_link, reports, review_queue,
)

log = logging.getLogger(__name__)

ERRORS = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("No access"), _l("You do not have access to this page.")),
    404: (_l("Not found"), _l("There is no such page.")),
    405: (_l("Not allowed"), _l("This page does not accept that request.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a while and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
    503: (_l("Temporarily unavailable"), _l("The service is temporarily unavailable. Try again in a minute.")),
}
RETRY_AFTER_SECONDS = 30


# One module per area, each with a module-level Blueprint ``bp``, registered in this order.
BLUEPRINTS = (
    health, auth, mids, dashboard, plan, reports, report_link, admin_users, admin_rounds,
    admin_outbox, operations, privacy, api, calendar, imports, connections, exports,
    admin_workshops, extensions, review_queue, reminder_analytics, public, open_data, publication, indicators,
)


def register_blueprints(app):
    for module in BLUEPRINTS:
        app.register_blueprint(module.bp)

    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    # The database down, locked past the busy timeout, or every pooled connection taken.
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(PoolTimeoutError, _database_unavailable)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    if code == 500:
        _without_database(reload_user=True)  # what failed may be the database: the page must not need it
    title, message = ERRORS.get(code, ERRORS[500])
    if request.path.startswith("/api/"):
        return api.http_error(code, message)
    return render_template("errors/error.html", title=title, message=message), code


def _database_unavailable(error):
    log.warning("database unavailable on %s %s: %s", request.method, request.path,
                str(getattr(error, "orig", None) or error).strip().splitlines()[0])
    _without_database()
    title, message = ERRORS[503]
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error="unavailable", message=str(message)), 503, headers
    return render_template("errors/error.html", title=title, message=message), 503, headers


def _without_database(reload_user=False):
    """Drop the request's session, keeping of the signed-in user only plain values, so rendering reads nothing.

    A failed flush rolls the session back and expires every object in it, the user too; with
    ``reload_user`` the user is read again once (if the database answers) before the session goes.
    """
    session = g.pop("db_session", None)
    user = g.get("_login_user")
    if session is not None:
        if reload_user and getattr(user, "is_authenticated", False):
            _reload(session, user)
        try:
            session.close()
        except Exception:  # a dead connection may fail even to close; it is discarded either way
            log.debug("closing a failed session", exc_info=True)
    shown = PageUser.of(user) if user is not None else None
    g._login_user = shown or current_app.login_manager.anonymous_user()


def _reload(session, user):
    try:
        session.rollback()
        session.refresh(user)
    except Exception:  # the database is what failed: the page shows the person as signed out
        log.debug("reloading the user for an error page", exc_info=True)


@dataclass(frozen=True)
class PageUser:
    """The signed-in person as the page layout reads them (menu, name), with nothing left to load."""

    id: int
    email: str
    name: str
    role: str
    is_active: bool
    session_version: int
    is_authenticated = True
    is_anonymous = False
    participants = ()

    @classmethod
    def of(cls, user):
        """``user`` as plain values, or None when they are no longer loaded (or it is no database row)."""
        state = inspect(user, raiseerr=False)
        if state is None:
            return user if not getattr(user, "is_authenticated", False) else None
        loaded = state.dict
        names = [field.name for field in fields(cls)]
        if not all(name in loaded for name in names):
            return None
        return cls(**{name: loaded[name] for name in names})

    def get_id(self):
        return f"{self.id}:{self.session_version}"
