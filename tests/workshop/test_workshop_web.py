"""The exports page for the ministry and the workshop planning screens for admins."""

import base64
import hashlib
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from alumni.models import AuditEvent, Workshop
from tests.pages import csrf
from tests.workshop_fixture import programme  # noqa: F401


@pytest.fixture
def ministry(create_user, login, programme):
    return login(create_user("ministerstwo@example.org", "ministry", password=None))


@pytest.fixture
def admin(create_user, login, programme):
    return login(create_user("admin@example.org", "admin", password=None))


def test_ministry_downloads_the_xlsx_named_for_the_year(client, ministry):
    response = client.get("/exports/workshop/2026.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename=pim-alumni-warsztaty-2026.xlsx' in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    participants = [row[2] for row in workbook["MID-y"].iter_rows(min_row=2, values_only=True)]
    assert participants == ["Toruń", "Łódź", "Rzeszów", "Lublin", "Słupsk", "Żyrardów"]


def test_csv_comes_zipped_and_english_on_request(client, ministry):
    response = client.get("/exports/workshop/2026.zip?language=en")
    assert response.status_code == 200 and "pim-alumni-workshop-2026-csv.zip" in response.headers[
        "Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert len(archive.namelist()) == 13
        assert archive.read("04-mids.csv").decode("utf-8-sig").startswith("Edition;Network;Participant")


def test_report_opens_in_the_browser_with_a_policy_that_allows_only_its_own_stylesheet(client, ministry):
    response = client.get("/exports/workshop/2026.html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    html = response.get_data(as_text=True)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    policy = response.headers["Content-Security-Policy"]
    assert f"style-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    assert "<script" not in html


def test_the_form_leads_to_the_download(client, ministry):
    response = client.get("/exports/workshop?year=2026&format=csv&language=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/exports/workshop/2026.zip?language=en"


def test_a_year_not_offered_is_refused_with_the_form_again(client, ministry):
    response = client.get("/exports/workshop?year=1999&format=xlsx&language=pl")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'class="error-summary"' in page and 'aria-invalid="true"' in page


def test_years_not_begun_and_unknown_formats_are_not_found(client, ministry):
    assert client.get("/exports/workshop/2099.xlsx").status_code == 404
    assert client.get("/exports/workshop/2026.pdf").status_code == 404


def test_city_brief_one_page_or_all_in_a_zip(client, ministry, programme):
    slupsk = programme.mids["Słupsk"].participant_id
    chosen = client.get(f"/exports/briefs?year=2026&participant={slupsk}&language=pl")
    assert chosen.headers["Location"] == f"/exports/workshop/2026/briefs/{slupsk}.html?language=pl"
    page = client.get(chosen.headers["Location"])
    assert page.status_code == 200 and "<h1>Słupsk:" in page.get_data(as_text=True)
    assert "sha256-" in page.headers["Content-Security-Policy"]
    assert client.get("/exports/workshop/2026/briefs/999999.html").status_code == 404
    every = client.get("/exports/briefs?year=2026&participant=0&language=en")
    assert every.headers["Location"] == "/exports/workshop/2026/briefs.zip?language=en"
    zipped = client.get(every.headers["Location"])
    assert "filename=pim-alumni-briefs-2026.zip" in zipped.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(zipped.data)) as archive:
        assert len(archive.namelist()) == 6


def test_exports_page_offers_years_formats_and_the_planned_workshop(client, ministry):
    page = client.get("/exports").get_data(as_text=True)
    assert '<option selected value="2026">' in page or '<option value="2026" selected>' in page
    assert 'name="format"' in page and 'name="participant"' in page and "Słupsk" in page
    assert "Warszawa" in page
    assert "/admin/workshops" not in page  # planning is for admins


def test_admin_plans_edits_and_deletes_a_workshop(client, session, admin):
    path = "/admin/workshops/new"
    response = client.post(path, data={"csrf_token": csrf(client, path), "year": "2027",
                                       "starts_on": "2027-12-06", "ends_on": "2027-12-08", "place": "Łódź"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/workshops"
    workshop = session.exec(select(Workshop).where(Workshop.year == 2027)).one()
    assert (workshop.place, str(workshop.starts_on)) == ("Łódź", "2027-12-06")
    edit = f"/admin/workshops/{workshop.id}"
    client.post(edit, data={"csrf_token": csrf(client, edit), "year": "2027", "starts_on": "2027-12-13",
                            "ends_on": "2027-12-15", "place": "Łódź"})
    session.refresh(workshop)
    assert str(workshop.starts_on) == "2027-12-13"
    assert "2027" in client.get("/admin/workshops").get_data(as_text=True)
    client.post(f"{edit}/delete", data={"csrf_token": csrf(client, edit)})
    assert session.exec(select(Workshop).where(Workshop.year == 2027)).first() is None
    actions = [e.action for e in session.exec(select(AuditEvent).where(AuditEvent.entity_type == "workshop",
                                                                      AuditEvent.entity_id == workshop.id))]
    assert sorted(actions) == ["create", "delete", "update"]


@pytest.mark.parametrize("fields, error", [
    ({"year": "2026", "starts_on": "2026-12-01", "ends_on": "2026-12-02"}, "already"),
    ({"year": "2028", "starts_on": "2028-12-10", "ends_on": "2028-12-08"}, "ends_on"),
    ({"year": "2028", "starts_on": "2029-01-10", "ends_on": "2029-01-12"}, "starts_on"),
])
def test_workshop_form_refuses_clashes_and_keeps_what_was_typed(client, session, admin, fields, error):
    path = "/admin/workshops/new"
    response = client.post(path, data={"csrf_token": csrf(client, path), "place": "Gdańsk", **fields})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="error-summary"' in page
    assert 'value="Gdańsk"' in page and f'value="{fields["starts_on"]}"' in page
    if error != "already":
        assert f'id="{error}-error"' in page
    assert len(session.exec(select(Workshop)).all()) == 1
