"""The JSON API: tokens per role, filters, one MID, rounds, statistics, errors, query counts."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import event
from sqlmodel import select

from alumni.db import get_db
from alumni.life_status import StatusSettings, statuses
from alumni.models import ApiToken, AuditEvent, Participant, User, utcnow
from alumni.tokens import create_api_token, hash_secret

URLS = ["/api/v1/mids", "/api/v1/mids/1", "/api/v1/rounds", "/api/v1/statistics/2026", "/api/v1/editions"]


@pytest.fixture
def token_for(session, create_user):
    """A real token of a new user of ``role``, made as the profile page and the CLI make them."""

    def make(role="ministry", email=None):
        user = create_user(email=email or f"{role}@example.org", role=role, password=None)
        secret, _token = create_api_token(session, user, utcnow())
        session.commit()
        return secret

    return make


@pytest.fixture
def get(client):
    def call(url, token=None, **headers):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return client.get(url, headers=headers)

    return call


@pytest.fixture
def programme(create_network, create_mid, create_action, create_milestone, create_round, create_report):
    """Two networks of PIM II, three MIDs in various states, a round just due and one to come.

    Dates are relative to today: the API computes life status as of now.
    """
    now = utcnow()
    today = now.date()
    green = create_network(name="Sieć Zielona", edition_code="PIM II")
    digital = create_network(name="Sieć Cyfrowa", edition_code="PIM II")
    slupsk = create_mid(participant="Słupsk", network=green, title="Błękitno-zielona infrastruktura")
    lublin = create_mid(participant="Lublin", network=green, title="Zielone Serce Miasta", voivodeship="lubelskie")
    rzeszow = create_mid(participant="Rzeszów", network=digital, title="Cyfryzacja procesów",
                         voivodeship="podkarpackie")
    rain = create_action(slupsk, title="Ogrody deszczowe", position=1, planned_start=date(2026, 3, 1), updated_at=now)
    create_action(slupsk, title="Niecki", position=2, status="done", progress=100, updated_at=now)
    create_action(lublin, title="Park", status="delayed", updated_at=now)
    create_action(rzeszow, title="Portal", updated_at=now)
    create_milestone(slupsk, action_id=rain.id, due_on=date(2026, 9, 30), achieved_on=date(2026, 9, 1),
                     updated_at=now)
    due = create_round(name="Runda bieżąca", opens_on=today - timedelta(days=40), due_on=today - timedelta(days=2),
                       closes_on=today + timedelta(days=30))
    create_round(name="Runda przyszła", opens_on=today + timedelta(days=10), due_on=today + timedelta(days=40),
                 closes_on=today + timedelta(days=70))
    create_report(slupsk, due, submitted_at=now - timedelta(days=5))
    create_report(lublin, due, submitted_at=now - timedelta(hours=1))
    return {"slupsk": slupsk, "lublin": lublin, "rzeszow": rzeszow, "green": green, "digital": digital}


@pytest.mark.parametrize("url", URLS)
def test_a_request_without_a_token_gets_401_json(get, url):
    response = get(url)
    assert response.status_code == 401 and response.is_json
    assert response.get_json()["error"] == "authentication_required"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="PIM Alumni"'


def test_a_wrong_or_revoked_token_gets_401(get, session, token_for):
    secret = token_for("ministry")
    assert get("/api/v1/mids", "pima_not-a-real-token").status_code == 401
    token = session.exec(select(ApiToken)).one()
    token.revoked_at = utcnow()
    session.commit()
    response = get("/api/v1/mids", secret)
    assert response.status_code == 401 and response.get_json()["error"] == "invalid_token"
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


@pytest.mark.parametrize("role", ["ministry", "admin"])
def test_ministry_and_admin_tokens_read_the_api(get, token_for, programme, role):
    secret = token_for(role)
    for url in URLS:
        response = get(url, secret)
        assert response.status_code == 200 and response.is_json, (url, response.get_json())
        assert response.headers["Cache-Control"] == "private, no-store"


def test_a_coordinator_gets_no_token_and_a_token_whose_user_became_one_is_refused(
        get, session, create_user, token_for, programme):
    coordinator = create_user(email="k@example.org", role="coordinator")
    with pytest.raises(ValueError, match="only for ministry and admin users"):
        create_api_token(session, coordinator, utcnow())
    secret = token_for("ministry")
    user = session.exec(select(User).where(User.email == "ministry@example.org")).one()
    user.role = "coordinator"
    session.commit()
    response = get("/api/v1/mids", secret)
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    user.role, user.is_active = "ministry", False
    session.commit()
    assert get("/api/v1/mids", secret).status_code == 401


def test_only_the_hash_of_a_token_is_stored_and_its_use_is_recorded(get, session, token_for):
    secret = token_for("ministry")
    stored = session.exec(select(ApiToken)).one()
    assert stored.token_hash == hash_secret(secret) and secret not in stored.token_hash
    assert stored.last_used_at is None
    get("/api/v1/editions", secret)
    session.rollback()  # see what the request committed
    assert stored.last_used_at is not None
    assert session.exec(select(AuditEvent.action).where(AuditEvent.entity_type == "apitoken")).all() == ["create"]


def test_mids_carry_the_life_status_of_the_one_rule(app, get, session, token_for, programme):
    body = get("/api/v1/mids", token_for()).get_json()
    assert body["total"] == 3 and body["pages"] == 1 and body["page"] == 1
    expected = statuses(session, StatusSettings.from_app(app), utcnow())
    assert {item["id"]: item["life_status"] for item in body["items"]} == {
        mid_id: status.value for mid_id, status in expected.items()}
    by_name = {item["participant"]["name"]: item for item in body["items"]}
    assert {name: item["life_status"] for name, item in by_name.items()} == {
        "Słupsk": "active", "Lublin": "at_risk", "Rzeszów": "at_risk"}
    lublin = by_name["Lublin"]
    assert lublin["network"]["name_pl"] == "Sieć Zielona" and lublin["edition"]["code"] == "PIM II"
    assert datetime.fromisoformat(lublin["last_activity_at"]) > utcnow() - timedelta(hours=2)
    assert {item["outcome"] for item in body["items"]} == {"active", "at_risk"}


def test_participants_carry_their_coordinates(get, session, token_for, programme):
    lublin = session.exec(select(Participant).where(Participant.name == "Lublin")).one()
    lublin.latitude, lublin.longitude = 51.25, 22.57
    session.commit()
    by_name = {item["participant"]["name"]: item["participant"] for item in
               get("/api/v1/mids", token_for()).get_json()["items"]}
    assert (by_name["Lublin"]["latitude"], by_name["Lublin"]["longitude"]) == (51.25, 22.57)
    assert (by_name["Słupsk"]["latitude"], by_name["Słupsk"]["longitude"]) == (None, None)


def test_the_mid_list_filters_and_paginates(get, token_for, programme):
    secret = token_for()

    def names(query):
        return [item["participant"]["name"] for item in get(f"/api/v1/mids?{query}", secret).get_json()["items"]]

    assert names(f"network={programme['digital'].id}") == ["Rzeszów"]
    assert names(f"edition={programme['green'].edition_id}") == ["Lublin", "Rzeszów", "Słupsk"]
    assert names("sort=title&dir=desc") == ["Lublin", "Rzeszów", "Słupsk"]
    assert names("sort=participant&dir=desc") == ["Słupsk", "Rzeszów", "Lublin"]
    assert names("size=20k-100k") == ["Lublin", "Rzeszów", "Słupsk"] and names("size=over-300k") == []
    assert names("voivodeship=lubelskie") == ["Lublin"]
    assert names("status=at_risk") == ["Lublin", "Rzeszów"]
    assert names("status=active") == ["Słupsk"]
    assert names("q=serce") == ["Lublin"] and names("q=%25") == []
    page = get("/api/v1/mids?per_page=2&page=2", secret).get_json()
    assert (page["total"], page["pages"], [i["participant"]["name"] for i in page["items"]]) == (3, 2, ["Słupsk"])
    past = get("/api/v1/mids?per_page=2&page=9", secret).get_json()
    assert (past["total"], past["pages"], past["items"]) == (3, 2, [])


@pytest.mark.parametrize("query, parameter", [
    ("page=0", "page"), ("per_page=500", "per_page"), ("edition=x", "edition"), ("status=alive", "status"),
    ("sort=budget", "sort"), ("dir=up", "dir"), ("size=huge", "size"), ("stauts=active", "stauts"),
    ("voivodeship=bawaria", "voivodeship"), ("q=" + "x" * 201, "q"),
])
def test_a_parameter_that_does_not_fit_is_a_400_saying_which(get, token_for, query, parameter):
    response = get(f"/api/v1/mids?{query}", token_for())
    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_parameter"
    assert f"„{parameter}”" in response.get_json()["message"]  # the message names the parameter (Polish quotes)


def test_one_mid_has_its_actions_milestones_and_life_status(get, token_for, programme):
    secret = token_for()
    body = get(f"/api/v1/mids/{programme['slupsk'].id}", secret).get_json()
    assert body["title"] == "Błękitno-zielona infrastruktura" and body["life_status"] == "active"
    assert [(a["position"], a["title"], a["status"]) for a in body["actions"]] == [
        (1, "Ogrody deszczowe", "in_progress"), (2, "Niecki", "done")]
    assert body["actions"][0]["estimated_budget"] == "100000.00"
    assert body["actions"][0]["planned_start"] == "2026-03-01"
    assert [(m["due_on"], m["achieved_on"]) for m in body["milestones"]] == [("2026-09-30", "2026-09-01")]
    missing = get("/api/v1/mids/999999", secret)
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"
    assert get("/api/v1/mids/abc", secret).status_code == 400


def test_rounds_show_reporting_completeness(get, token_for, programme):
    rounds = get("/api/v1/rounds", token_for()).get_json()["items"]
    assert [r["name"] for r in rounds] == ["Runda przyszła", "Runda bieżąca"]
    due = rounds[1]
    assert (due["expected"], due["submitted"], due["on_time"], due["completeness"]) == (3, 2, 1, 0.6667)
    assert (rounds[0]["submitted"], rounds[0]["completeness"]) == (0, 0.0)


def test_statistics_count_a_past_year_per_network_and_in_total(
        get, session, token_for, programme, create_action, create_milestone, create_round, create_report):
    slupsk, lublin = programme["slupsk"], programme["lublin"]
    in_2024 = datetime(2024, 6, 1, 10, tzinfo=timezone.utc)
    # The year's figures are the workshop export's: they count the MIDs that existed by then.
    for mid in programme.values():
        if hasattr(mid, "created_at") and hasattr(mid, "participant_id"):
            mid.created_at = datetime(2023, 1, 10, tzinfo=timezone.utc)
    session.commit()
    create_action(slupsk, title="Zrobione w 2024", status="done", progress=100, updated_at=in_2024)
    create_action(lublin, title="Rozpoczęte w 2024", status="in_progress", planned_start=date(2024, 3, 1),
                  updated_at=in_2024)
    create_action(lublin, title="Zaplanowane na 2024", status="planned", planned_start=date(2024, 4, 1),
                  updated_at=in_2024)
    create_milestone(slupsk, due_on=date(2024, 5, 1), achieved_on=date(2024, 4, 28), updated_at=in_2024)
    old_round = create_round(name="2024 H1", opens_on=date(2024, 5, 6), due_on=date(2024, 6, 14),
                             closes_on=date(2024, 7, 31))
    create_report(slupsk, old_round, submitted_at=in_2024)
    late_round = create_round(name="2024 H2", opens_on=date(2024, 11, 4), due_on=date(2024, 12, 13),
                              closes_on=date(2025, 1, 31))
    # One minute into 2025 in Warsaw is still 2024 in UTC: the year is the programme's.
    create_report(lublin, late_round, submitted_at=datetime(2024, 12, 31, 23, 1, tzinfo=timezone.utc))

    body = get("/api/v1/statistics/2024", token_for()).get_json()
    assert body["year"] == 2024 and body["as_of"] == "2024-12-31T23:59:59.999999+01:00"
    green = next(row for row in body["networks"] if row["network"]["name_pl"] == "Sieć Zielona")
    assert (green["mids"], green["actions_done"], green["actions_started"], green["milestones_achieved"],
            green["reports_submitted"]) == (2, 1, 1, 1, 1)
    # As of the year's end neither reported in 2024 H2 (Lublin's report came in 2025): both at risk.
    assert green["life_status"] == {"abandoned": 0, "completed": 0, "dormant": 0, "at_risk": 2, "active": 0}
    assert body["totals"]["mids"] == 3 and body["totals"]["reports_submitted"] == 1
    assert sum(body["totals"]["life_status"].values()) == 3
    # A workshop year not yet begun has no statistics.
    assert get("/api/v1/statistics/2100", token_for("admin")).status_code == 404


def test_errors_under_the_api_are_json_never_html(get, client, token_for):
    secret = token_for()
    for response in (get("/api/v1/nothing-here", secret), client.post("/api/v1/mids"),
                     get("/api/v1/statistics/1999", secret)):
        assert response.is_json and response.status_code in (400, 404, 405)
        assert response.get_json()["message"]
    assert "<html" in client.get("/nothing-here").get_data(as_text=True)


def test_the_api_answers_in_english_on_request(get, token_for):
    body = get("/api/v1/mids?page=0", token_for(), **{"Accept-Language": "en"}).get_json()
    assert body["message"] == "Parameter 'page': a whole number from 1 to 100000 is expected."


@pytest.fixture
def count_queries(app):
    """Count the SQL statements a request runs."""
    def run(request):
        statements = []

        def note(_conn, _cursor, statement, *_args):
            statements.append(statement)

        engine = get_db(app).engine
        event.listen(engine, "before_cursor_execute", note)
        try:
            assert request().status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", note)
        return len(statements)

    return run


def test_the_api_runs_as_many_queries_for_thirty_mids_as_for_three(
        get, token_for, programme, create_mid, create_action, count_queries):
    secret = token_for()
    get("/api/v1/mids", secret)  # the token's first use is recorded once; count the steady state
    urls = ["/api/v1/mids?per_page=200", "/api/v1/mids?status=active", "/api/v1/rounds",
            "/api/v1/statistics/2026", f"/api/v1/mids/{programme['slupsk'].id}"]
    before = [count_queries(lambda url=url: get(url, secret)) for url in urls]
    for number in range(27):
        mid = create_mid(participant=f"Miasto {number}", network=programme["green"], title=f"MID {number}")
        for position in range(3):
            create_action(mid, title=f"Działanie {position}", position=position)
    for position in range(3, 13):
        create_action(programme["slupsk"], title=f"Działanie {position}", position=position)
    after = [count_queries(lambda url=url: get(url, secret)) for url in urls]
    assert after == before


def test_tokens_create_prints_a_token_for_ministry_users_only(runner, session, create_user, get, programme):
    create_user(email="m@example.org", role="ministry")
    create_user(email="k@example.org", role="coordinator")
    result = runner.invoke(args=["tokens", "create", "--email", "M@example.org", "--name", "BI"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("pima_") and get("/api/v1/editions", secret).status_code == 200
    refused = runner.invoke(args=["tokens", "create", "--email", "k@example.org"])
    assert refused.exit_code == 1 and "only for ministry and admin users" in refused.output
    unknown = runner.invoke(args=["tokens", "create", "--email", "nobody@example.org"])
    assert unknown.exit_code == 1 and "No user has the address" in unknown.output
