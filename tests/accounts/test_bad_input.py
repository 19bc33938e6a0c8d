"""Numbers, dates and versions that do not parse get a 400 or 404 page, never a 500, on every route."""

import pytest
from werkzeug.routing import IntegerConverter

from tests.accounts.test_permissions import app, world  # noqa: F401 (fixtures: the app without CSRF, a small world)

HUGE = "99999999999999999999999"
BAD_VALUES = ["", "abc", "1.5", "-1", HUGE, "0001-01-01", "9999-12-31"]
# The query parameters and form fields the pages read as numbers, dates or choices.
PARAMETERS = ["rows-0-action_id", "rows-0-action_version", "rows-0-status", "rows-0-progress", "funding-0-amount",
              "page", "edition", "network", "round", "year", "id", "person", "as_of", "version", "offer_done",
              "voivodeship", "size", "status", "format", "language", "lang", "participant", "per_page", "entity",
              "action_id", "action_version", "target", "progress", "due_on", "opens_on", "closes_on"]


def _path(rule, bad):
    """``rule``'s path with every number in it ``bad`` when that can be in a path, else 1."""
    values = {}
    for name in rule.arguments:
        is_int = isinstance(rule._converters[name], IntegerConverter)
        values[name] = (HUGE if bad == HUGE else "1") if is_int else (bad or "x")
    path = rule.rule
    for name, value in values.items():
        path = path.replace(f"<int:{name}>", value).replace(f"<{name}>", value)
    return path


def _requests(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout"):
            continue
        for bad in BAD_VALUES:
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield rule, method, _path(rule, bad), dict.fromkeys(PARAMETERS, bad)


def test_no_route_answers_500_to_numbers_dates_or_versions_that_do_not_parse(app, client, login, world, session):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a 500 page, as in production, rather than the exception
    admin = world["people"]["admin"]
    failures = []
    for rule, method, path, values in _requests(app):
        login(admin)
        if method == "GET":
            response = client.get(path, query_string=values)
        else:
            response = client.post(path, query_string=values, data=values)
        if response.status_code >= 500:
            failures.append(f"{method} {path} {values['page']!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
