"""Every route, for every role: who gets in, who is sent to sign in, who is refused.

A route without a row here fails ``test_every_route_has_a_row``: add its row when you add it.
Outcomes: ``allowed`` (anything but a refusal or a redirect to sign in), ``login`` (redirect
to the sign-in page), ``forbidden`` (403), ``gone`` (410: a link that cannot be used).
"""

from datetime import date

import pytest

from alumni import create_app
from alumni.db import get_db
from alumni.models import DeadlineExtension, Indicator, OutboxMessage, Workshop
from tests.conftest import FAST_HASH

ROLES = ["anonymous", "coordinator_own", "coordinator_other", "ministry", "admin"]
ALLOWED, LOGIN, FORBIDDEN, GONE = "allowed", "login", "forbidden", "gone"

EVERYONE = dict.fromkeys(ROLES, ALLOWED)
SIGNED_IN = {**EVERYONE, "anonymous": LOGIN}
OWN_MID = {"anonymous": LOGIN, "coordinator_own": ALLOWED, "coordinator_other": FORBIDDEN,
           "ministry": ALLOWED, "admin": ALLOWED}
OWN_EDIT = {**OWN_MID, "ministry": FORBIDDEN}
REVIEW = {**OWN_MID, "coordinator_own": FORBIDDEN}
MINISTRY = {"anonymous": LOGIN, "coordinator_own": FORBIDDEN, "coordinator_other": FORBIDDEN,
            "ministry": ALLOWED, "admin": ALLOWED}
ADMIN = {**MINISTRY, "ministry": FORBIDDEN}
# The JSON API takes personal tokens, never the sign-in session: 401 for everyone here
# (tests/api/test_api_and_feed_permissions.py runs each role with a token).
TOKEN_ONLY = dict.fromkeys(ROLES, 401)

# endpoint: (method, url, expected outcome per role); {mid} is the own coordinator's MID (with an
# {action}, a {milestone}, an {indicator} and a report in {round}), {participant} its city, {user} a user,
# {message} a failed outbox message, {workshop} the 2026 workshop, {report} the report, {extension} a
# pending request for more time in {round}.
ROUTES = {
    "health.healthz": ("GET", "/healthz", EVERYONE),
    "auth.login": ("GET", "/login", EVERYONE),
    "auth.logout": ("POST", "/logout", SIGNED_IN),
    "auth.accept_invitation": ("GET", "/invitation/not-a-token", dict.fromkeys(ROLES, GONE)),
    "auth.reset_password": ("GET", "/password/reset/not-a-token", dict.fromkeys(ROLES, GONE)),
    "auth.request_reset": ("GET", "/password/reset", EVERYONE),
    "auth.profile": ("GET", "/profile", SIGNED_IN),
    "auth.change_password": ("POST", "/profile/password", SIGNED_IN),
    "mids.index": ("GET", "/", SIGNED_IN),
    "mids.list_mids": ("GET", "/mids", MINISTRY),
    "dashboard.show": ("GET", "/dashboard", MINISTRY),
    "dashboard.silent": ("GET", "/dashboard/silent", MINISTRY),
    "reminder_analytics.show": ("GET", "/reminders/analytics", MINISTRY),
    "dashboard.lineage": ("GET", "/mids/{mid}/lineage", ADMIN),
    "mids.show": ("GET", "/mids/{mid}", OWN_MID),
    "plan.new_action": ("GET", "/mids/{mid}/actions/new", OWN_EDIT),
    "plan.edit_action": ("GET", "/mids/{mid}/actions/{action}", OWN_EDIT),
    "plan.mark_done": ("POST", "/mids/{mid}/actions/{action}/done", OWN_EDIT),
    "plan.move_action": ("POST", "/mids/{mid}/actions/{action}/move", OWN_EDIT),
    "plan.confirm_drop": ("GET", "/mids/{mid}/actions/{action}/drop", OWN_EDIT),
    "plan.drop_action": ("POST", "/mids/{mid}/actions/{action}/drop", OWN_EDIT),
    "plan.new_milestone": ("GET", "/mids/{mid}/milestones/new", OWN_EDIT),
    "plan.milestone_achieved": ("GET", "/mids/{mid}/milestones/{milestone}/achieved", OWN_EDIT),
    "plan.abandon": ("GET", "/mids/{mid}/abandon", OWN_EDIT),
    "plan.undo_abandon": ("POST", "/mids/{mid}/abandon/undo", OWN_EDIT),
    "indicators.edit": ("GET", "/mids/{mid}/indicators/{indicator}", OWN_EDIT),
    "indicators.record": ("GET", "/mids/{mid}/indicators/{indicator}/values", OWN_EDIT),
    "reports.current": ("GET", "/mids/{mid}/report", OWN_EDIT),
    "reports.show": ("GET", "/mids/{mid}/reports/{round}", OWN_MID),
    "report_link.form": ("GET", "/reports/by-link/not-a-token", dict.fromkeys(ROLES, GONE)),
    "reports.review": ("POST", "/mids/{mid}/reports/{round}/review", REVIEW),
    "admin_users.list_users": ("GET", "/admin/users", ADMIN),
    "admin_users.new_user": ("GET", "/admin/users/new", ADMIN),
    "admin_users.edit_user": ("GET", "/admin/users/{user}", ADMIN),
    "admin_users.resend_invitation": ("POST", "/admin/users/{user}/invitation", ADMIN),
    "admin_users.audit_trail": ("GET", "/admin/audit", ADMIN),
    "admin_rounds.list_rounds": ("GET", "/admin/rounds", ADMIN),
    "admin_rounds.new_round": ("GET", "/admin/rounds/new", ADMIN),
    "admin_rounds.edit_round": ("GET", "/admin/rounds/{round}", ADMIN),
    "admin_rounds.close_round": ("POST", "/admin/rounds/{round}/close", ADMIN),
    "admin_outbox.show": ("GET", "/admin/outbox", ADMIN),
    "admin_outbox.retry_message": ("POST", "/admin/outbox/{message}/retry", ADMIN),
    "admin_outbox.clear_bounce": ("POST", "/admin/outbox/bounced/{user}/clear", ADMIN),
    "admin_outbox.retry_failed": ("POST", "/admin/outbox/retry-failed", ADMIN),
    "operations.overview": ("GET", "/admin/operations", ADMIN),
    "privacy.export_personal_data": ("POST", "/admin/users/{user}/personal-data", ADMIN),
    "privacy.anonymise": ("GET", "/admin/users/{user}/anonymise", ADMIN),
    "api.openapi_document": ("GET", "/api/v1/openapi.json", EVERYONE),
    "api.list_mids": ("GET", "/api/v1/mids", TOKEN_ONLY),
    "api.show_mid": ("GET", "/api/v1/mids/{mid}", TOKEN_ONLY),
    "api.show_mid_indicators": ("GET", "/api/v1/mids/{mid}/indicators", TOKEN_ONLY),
    "api.list_indicator_counts": ("GET", "/api/v1/indicators", TOKEN_ONLY),
    "api.list_rounds": ("GET", "/api/v1/rounds", TOKEN_ONLY),
    "api.year_statistics": ("GET", "/api/v1/statistics/2026", TOKEN_ONLY),
    "api.list_editions": ("GET", "/api/v1/editions", TOKEN_ONLY),
    "api.list_extensions": ("GET", "/api/v1/extensions", TOKEN_ONLY),
    # The feed's address is its credential: a wrong key finds nothing, signed in or not.
    "calendar.feed": ("GET", "/calendar/not-a-key.ics", dict.fromkeys(ROLES, 404)),
    "imports.upload": ("GET", "/admin/import", ADMIN),
    "imports.template": ("GET", "/admin/import/template", ADMIN),
    "connections.create_token": ("POST", "/profile/tokens", MINISTRY),
    # Nobody's token 999999: the API users find none of theirs (404).
    "connections.revoke_token": ("POST", "/profile/tokens/999999/revoke", {**MINISTRY, "ministry": 404, "admin": 404}),
    "connections.new_calendar_address": ("POST", "/profile/calendar", SIGNED_IN),
    "connections.remove_calendar": ("POST", "/profile/calendar/remove", SIGNED_IN),
    "exports.index": ("GET", "/exports", MINISTRY),
    "exports.choose_export": ("GET", "/exports/workshop?year=2026&format=xlsx&language=pl", MINISTRY),
    "exports.download": ("GET", "/exports/workshop/2026.xlsx", MINISTRY),
    "exports.choose_brief": ("GET", "/exports/briefs?year=2026&participant={participant}&language=pl", MINISTRY),
    "exports.brief": ("GET", "/exports/workshop/2026/briefs/{participant}.html", MINISTRY),
    "exports.briefs": ("GET", "/exports/workshop/2026/briefs.zip", MINISTRY),
    # No export built in this world: those who may download it find none (404).
    "exports.sent": ("GET", "/exports/workshop/2026/sent.xlsx", {**MINISTRY, "ministry": 404, "admin": 404}),
    "admin_workshops.list_workshops": ("GET", "/admin/workshops", ADMIN),
    "admin_workshops.new_workshop": ("GET", "/admin/workshops/new", ADMIN),
    "admin_workshops.edit_workshop": ("GET", "/admin/workshops/{workshop}", ADMIN),
    "admin_workshops.delete": ("POST", "/admin/workshops/{workshop}/delete", ADMIN),
    "extensions.request_form": ("GET", "/mids/{mid}/extension", OWN_EDIT),
    "extensions.queue": ("GET", "/extensions", MINISTRY),
    "extensions.decide": ("POST", "/extensions/{extension}/decision", MINISTRY),
    "review_queue.index": ("GET", "/reviews", MINISTRY),
    "review_queue.review": ("POST", "/reviews/{report}", MINISTRY),
    # The public view is off in this world: nothing public exists, for anyone (404); robots.txt says so.
    "public.index": ("GET", "/public/", dict.fromkeys(ROLES, 404)),
    "public.mid": ("GET", "/public/mids/{mid}", dict.fromkeys(ROLES, 404)),
    "public.robots": ("GET", "/robots.txt", EVERYONE),
    "public.sitemap": ("GET", "/sitemap.xml", dict.fromkeys(ROLES, 404)),
    "open_data.index": ("GET", "/open-data/", dict.fromkeys(ROLES, 404)),
    "open_data.download": ("GET", "/open-data/mids.csv", dict.fromkeys(ROLES, 404)),
    "open_data.catalogue": ("GET", "/open-data/catalog.jsonld", dict.fromkeys(ROLES, 404)),
    "publication.public_view": ("GET", "/admin/public-view", ADMIN),
    "publication.publish": ("POST", "/mids/{mid}/publication", OWN_EDIT),
    "publication.withhold": ("POST", "/mids/{mid}/withholding", {**MINISTRY, "coordinator_own": FORBIDDEN}),
}


@pytest.fixture
def app(database_url, tmp_path):
    """The app without CSRF, so that a refused POST is refused for its permission alone."""
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "matrix",
                      "WTF_CSRF_ENABLED": False, "PASSWORD_HASH": FAST_HASH})
    app.instance_path = str(tmp_path)
    yield app
    get_db(app).dispose()


@pytest.fixture
def world(create_mid, create_user, create_action, create_milestone, create_round, create_report, session):
    own = create_mid(participant="Słupsk")
    workshop = Workshop(year=2026, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 10), place="Warszawa")
    session.add(workshop)
    session.commit()
    action = create_action(own)
    milestone = create_milestone(own)
    round_ = create_round()
    report = create_report(own, round_)
    extension = DeadlineExtension(mid_id=own.id, round_id=round_.id, requested_until=date(2026, 6, 30),
                                  reason="Urlop")
    session.add(extension)
    indicator = Indicator(mid_id=own.id, name="Drzewa posadzone", unit="szt.", direction="increase")
    session.add(indicator)
    failed = OutboxMessage(idempotency_key="test:failed", channel="email", kind="opening",
                           recipient="slupsk@example.org", status="failed", attempts=6)
    session.add(failed)
    session.commit()
    create_mid(participant="Lublin", title="Zielone Serce Miasta")
    people = {
        "coordinator_own": create_user(email="slupsk@example.org", participants=("Słupsk",)),
        "coordinator_other": create_user(email="lublin@example.org", participants=("Lublin",)),
        "ministry": create_user(email="ministerstwo@example.org", role="ministry"),
        "admin": create_user(email="admin@example.org", role="admin"),
    }
    return {"mid": own.id, "action": action.id, "milestone": milestone.id, "round": round_.id,
            "user": people["ministry"].id, "message": failed.id, "participant": own.participant_id,
            "workshop": workshop.id, "report": report.id, "extension": extension.id, "indicator": indicator.id,
            "people": people}


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/login?next="):
        return LOGIN
    return {403: FORBIDDEN, 410: GONE}.get(response.status_code, ALLOWED if response.status_code < 500 and
                                           response.status_code not in (401, 404, 405) else response.status_code)


def test_every_route_has_a_row(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    assert sorted(endpoints - set(ROUTES)) == [], "add these routes to ROUTES"
    assert sorted(set(ROUTES) - endpoints) == [], "these rows name no route"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_meets_the_expected_outcome_on_every_route(app, client, login, world, session, role):
    if role != "anonymous":
        login(world["people"][role])
    results = {}
    for endpoint, (method, url, expected) in ROUTES.items():
        response = client.open(url.format(**world), method=method)
        results[endpoint] = outcome(response)
        if endpoint == "auth.logout" and role != "anonymous":
            session.refresh(world["people"][role])
            login(world["people"][role])  # sign in again: logout ended the session
    assert results == {endpoint: expected[role] for endpoint, (_m, _u, expected) in ROUTES.items()}
