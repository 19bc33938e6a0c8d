"""The admin import page and the profile's API tokens and calendar address."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from alumni.models import ApiToken, AuditEvent, CalendarFeed, Participant
from tests.test_importer import ACTIONS, MIDS, snapshot, workbook


@pytest.fixture
def admin(create_user, create_network, login):
    create_network(name="Sieć Zielona", edition_code="PIM II")
    return login(create_user(email="admin@example.org", role="admin", password=None))


def upload(client, data, button, filename="mids.xlsx"):
    page = client.get("/admin/import?lang=en").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return client.post("/admin/import", data={"csrf_token": token, button: "1",
                                              "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data", follow_redirects=True)


def test_a_dry_run_on_the_page_lists_the_changes_and_writes_nothing(client, session, admin):
    before = snapshot(session)
    response = upload(client, workbook(), "check")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Dry run: nothing was written" in page
    assert "Actions: created 2, updated 0, unchanged 0" in page
    assert "Nowa Dęba — Sieć Zielona (PIM II): Łąki kwietne" in page and "planowany początek" in page
    assert snapshot(session) == before


def test_importing_on_the_page_writes_and_audits_as_the_admin(client, session, admin):
    response = upload(client, workbook(), "apply")
    assert response.status_code == 200 and "MIDs: created 1, updated 0, unchanged 0" in response.get_data(as_text=True)
    session.rollback()
    assert session.exec(select(Participant).where(Participant.name == "Nowa Dęba")).one()
    events = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "mid")).all()
    assert [(e.actor_id, e.via) for e in events] == [(admin.id, "import")]


def test_a_bad_file_on_the_page_lists_every_problem_and_writes_nothing(client, session, admin):
    before = snapshot(session)
    bad = workbook(mids=[MIDS[0][:5] + ["31.02.2023"]], actions=[ACTIONS[0][:8] + ["gotowe", 40]])
    response = upload(client, bad, "apply")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "The file cannot be imported; nothing was written." in page
    assert "&#39;31.02.2023&#39; is not a date" in page and "&#39;gotowe&#39; is not allowed here" in page
    assert snapshot(session) == before
    refused = upload(client, b"%PDF-1.4\n\xe2\xe3", "check", "scan.pdf").get_data(as_text=True)
    assert "is not in UTF-8" in refused


def test_the_template_downloads_from_the_page(client, admin):
    response = client.get("/admin/import/template")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.data), read_only=True).sheetnames[:3] == ["Uczestnicy", "MID", "Działania"]


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
