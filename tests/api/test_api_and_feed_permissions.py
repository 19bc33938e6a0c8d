"""The routes entered with a token or key (the API, its document, calendar feeds), for every role."""

import secrets

import pytest
from icalendar import Calendar

from alumni.calendar_feed import rotate_feed_key
from alumni.models import ApiToken, utcnow
from alumni.tokens import PREFIX, hash_secret

ROLES = ["anonymous", "coordinator_own", "coordinator_other", "ministry", "admin"]


@pytest.fixture
def world(session, create_network, create_mid, create_milestone, create_user):
    """A MID of Słupsk with a milestone, a MID of Lublin, and one user of each role."""
    network = create_network(name="Sieć Zielona")
    slupsk = create_mid(participant="Słupsk", network=network)
    lublin = create_mid(participant="Lublin", network=network, voivodeship="lubelskie")
    create_milestone(slupsk)
    create_milestone(lublin)
    users = {
        "coordinator_own": create_user(email="own@example.org", participants=("Słupsk",), password=None),
        "coordinator_other": create_user(email="other@example.org", participants=("Lublin",), password=None),
        "ministry": create_user(email="m@example.org", role="ministry", password=None),
        "admin": create_user(email="a@example.org", role="admin", password=None),
    }
    return {"mid": slupsk, "users": users}


def api_token(session, user):
    """A token row for any user, as if made before a role change (tokens are refused to coordinators)."""
    secret = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=hash_secret(secret), created_at=utcnow()))
    session.commit()
    return secret


API_EXPECTED = {"anonymous": 401, "coordinator_own": 403, "coordinator_other": 403, "ministry": 200, "admin": 200}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["/api/v1/mids", "/api/v1/mids/{mid}", "/api/v1/rounds", "/api/v1/statistics/2026",
                                  "/api/v1/editions", "/api/v1/extensions", "/api/v1/mids/{mid}/indicators",
                                  "/api/v1/indicators"])
def test_the_api_answers_ministry_and_admin_tokens_only(client, session, world, role, path):
    headers = {}
    if role != "anonymous":
        headers["Authorization"] = f"Bearer {api_token(session, world['users'][role])}"
    response = client.get(path.format(mid=world["mid"].id), headers=headers)
    assert response.status_code == API_EXPECTED[role] and response.is_json


@pytest.mark.parametrize("role", ROLES)
def test_the_openapi_document_is_public(client, world, role):
    assert client.get("/api/v1/openapi.json").status_code == 200


FEED_MILESTONES = {"coordinator_own": 1, "coordinator_other": 1, "ministry": 2, "admin": 2}


@pytest.mark.parametrize("role", ROLES)
def test_a_calendar_feed_shows_each_role_its_own_mids_and_nobody_gets_in_without_the_key(
        client, session, world, role):
    if role == "anonymous":
        assert client.get(f"/calendar/{secrets.token_urlsafe(32)}.ics").status_code == 404
        return
    user = world["users"][role]
    key = rotate_feed_key(session, user, utcnow())
    session.commit()
    calendar = Calendar.from_ical(client.get(f"/calendar/{key}.ics").data)
    milestones = [e for e in calendar.walk("VEVENT") if str(e["UID"]).startswith("milestone-")]
    assert len(milestones) == FEED_MILESTONES[role]
    if role.startswith("coordinator"):
        own = "Słupsk" if role == "coordinator_own" else "Lublin"
        assert own in str(milestones[0]["SUMMARY"])
