"""The profile's connections: personal API tokens and the calendar address."""

import re

import pytest
from sqlmodel import select

from alumni.models import ApiToken, CalendarFeed


def _csrf(client, url="/profile?lang=en"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


@pytest.fixture
def ministry(create_user, login):
    return login(create_user(email="m@example.org", role="ministry", password=None))


def test_a_ministry_user_creates_uses_and_revokes_a_token_on_the_profile(client, session, ministry):
    created = client.post("/profile/tokens", data={"csrf_token": _csrf(client), "token-name": "Pulpit BI"})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    secret = re.search(r'value="(pima_[^"]+)"', created.get_data(as_text=True)).group(1)
    api = client.get("/api/v1/editions", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    profile = client.get("/profile?lang=en").get_data(as_text=True)
    assert "Pulpit BI" in profile and secret not in profile
    token = session.exec(select(ApiToken)).one()
    client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": _csrf(client)})
    assert client.get("/api/v1/editions", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert "revoked on" in client.get("/profile?lang=en").get_data(as_text=True)


def test_a_token_of_someone_else_cannot_be_revoked(client, session, ministry, create_user):
    from alumni.models import utcnow
    from alumni.tokens import create_api_token

    other = create_user(email="other@example.org", role="admin", password=None)
    _secret, token = create_api_token(session, other, utcnow())
    session.commit()
    response = client.post(f"/profile/tokens/{token.id}/revoke", data={"csrf_token": _csrf(client)})
    assert response.status_code == 404
    session.refresh(token)
    assert token.revoked_at is None


def test_a_coordinator_sees_the_calendar_but_no_tokens_and_makes_a_calendar_address(
        client, session, create_mid, create_user, login):
    create_mid(participant="Słupsk")
    login(create_user(email="k@example.org", participants=("Słupsk",), password=None))
    profile = client.get("/profile?lang=en").get_data(as_text=True)
    assert "Make my calendar address" in profile and "API tokens" not in profile
    assert client.post("/profile/tokens", data={"csrf_token": _csrf(client)}).status_code == 403
    made = client.post("/profile/calendar", data={"csrf_token": _csrf(client)}).get_data(as_text=True)
    url = re.search(r'value="(http://alumni\.example\.org/calendar/[^"]+\.ics)"', made).group(1)
    assert client.get(url.removeprefix("http://alumni.example.org")).status_code == 200
    assert "Make a new calendar address" in client.get("/profile?lang=en").get_data(as_text=True)
    client.post("/profile/calendar/remove", data={"csrf_token": _csrf(client)})
    assert client.get(url.removeprefix("http://alumni.example.org")).status_code == 404
    assert session.exec(select(CalendarFeed)).all() == []
