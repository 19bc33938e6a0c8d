"""The admin import page: check, import, problems, template."""

import io
import re

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from alumni.models import AuditEvent, Participant
from tests.importing.test_importer import ACTIONS, MIDS, snapshot, workbook


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
