"""The blueprints, one per area, and the error pages."""

import importlib

from flask import render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import OperationalError

ERRORS = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("No access"), _l("You do not have access to this page.")),
    404: (_l("Not found"), _l("There is no such page.")),
    405: (_l("Not allowed"), _l("This page does not accept that request.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Wait a while and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error occurred. It has been logged.")),
    503: (_l("Temporarily unavailable"), _l("The service is temporarily unavailable. Try again in a minute.")),
}


# One module per area, each with a module-level Blueprint ``bp``.
BLUEPRINT_MODULES = [
    "health", "auth", "mids", "dashboard", "plan", "reports", "report_link", "admin_users", "admin_rounds",
    "admin_outbox", "exports", "admin_workshops",
]


def register_blueprints(app):
    for name in BLUEPRINT_MODULES:
        app.register_blueprint(importlib.import_module(f"{__name__}.{name}").bp)

    for code in ERRORS:
        app.register_error_handler(code, _error_page)
    app.register_error_handler(OperationalError, _database_unavailable)


def _error_page(error):
    code = getattr(error, "code", 500) or 500
    title, message = ERRORS.get(code, ERRORS[500])
    return render_template("errors/error.html", title=title, message=message), code


def _database_unavailable(_error):
    title, message = ERRORS[503]
    return render_template("errors/error.html", title=title, message=message), 503
