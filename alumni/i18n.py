"""Languages: Polish first, English available; Polish dates, numbers and money."""

from flask import current_app, g, has_request_context, request, url_for
from flask_babel import Babel, format_date, format_datetime, format_decimal, get_locale, refresh
from flask_login import current_user

from .forms.errors import form_errors

babel = Babel()


def select_locale():
    """The language chosen here, else the person's (signed in or holding their e-mail link), else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = request.args.get("lang") or request.cookies.get("lang")
    if chosen in languages:
        return chosen
    language = g.get("speaking_for") or getattr(current_user, "language", None)
    if language in languages:
        return language
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def speak_as(user):
    """Answer the rest of this request in ``user``'s language: a page they opened from their e-mail, no session."""
    g.speaking_for = getattr(user, "language", None)
    refresh()


def _remember_language(response):
    """Keep a language chosen with ?lang= for the next pages (a year-long cookie)."""
    chosen = request.args.get("lang")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get("lang") != chosen:
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def language_url(language):
    """This page in another language: the same address and query (filters, page), with ``lang``."""
    args = {key: values for key, values in request.args.to_dict(flat=False).items() if key != "lang"}
    if request.endpoint is None:
        return url_for("mids.index", lang=language)
    return url_for(request.endpoint, **(request.view_args or {}), **args, lang=language)


def format_pln(amount):
    """An amount in PLN as the locale writes it ("12 500,00 zł")."""
    if amount is None:
        return ""
    from flask_babel import format_currency

    return format_currency(amount, "PLN")


def init_app(app):
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
        default_timezone=app.config["TIMEZONE"],
    )
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["datetime"] = format_datetime
    app.jinja_env.filters["number"] = format_decimal
    app.jinja_env.filters["pln"] = format_pln
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["language_url"] = language_url
    app.jinja_env.globals["form_errors"] = form_errors

    app.after_request(_remember_language)

    from . import labels

    labels.init_app(app)
