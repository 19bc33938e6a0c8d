"""Languages: Polish first, English available; Polish dates, numbers and money."""

from functools import lru_cache

from flask import current_app, g, has_request_context, request, url_for
from babel import numbers
from flask_babel import Babel, get_locale, refresh
from flask_login import current_user


babel = Babel()


def select_locale():
    """The language chosen here, else the person's (signed in or holding their e-mail link), else the browser's."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if g.get("public_page"):
        # Public pages are cached by address: their language is the address's alone (?lang=en).
        chosen = request.args.get("lang")
        return chosen if chosen in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
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
    if g.get("public_page"):
        return response  # public pages set no cookie
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get("lang") != chosen:
        response.set_cookie("lang", chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def language_url(language):
    """This page in another language: the same address and query (filters, page), with ``lang``."""
    # The page's own address wins over a query parameter of the same name; url_for's options
    # (_external, _anchor...) never come from the query.
    args = {key: values for key, values in request.args.to_dict(flat=False).items()
            if key != "lang" and not key.startswith("_")}
    if request.endpoint is None:
        return url_for("mids.index", lang=language)
    return url_for(request.endpoint, **{**args, **(request.view_args or {}), "lang": language})


def format_number(number, format=None):
    """``number`` as the request's locale writes it (Flask-Babel's ``format_decimal``, remembered)."""
    return _formatted(numbers.format_decimal, type(number), number, format, get_locale())


def format_percent(number, format=None):
    """``number`` as a percentage in the request's locale (Flask-Babel's ``format_percent``, remembered)."""
    return _formatted(numbers.format_percent, type(number), number, format, get_locale())


@lru_cache(maxsize=8192)
def _formatted(formatter, _type, number, format, locale):
    # A dashboard writes thousands of counts, mostly the same few: Babel's formatting is the
    # costliest part of its template. Keyed by type too (1, 1.0 and True are equal keys).
    return formatter(number, format=format, locale=locale)


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
    app.after_request(_remember_language)
