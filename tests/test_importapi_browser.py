"""In Chromium: the import page and the profile's tokens and calendar, checked for accessibility."""

import pytest
from sqlmodel import select

from alumni.models import Participant
from tests.browser import check, sign_in
from tests.test_importer import workbook

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_locale():
    return "en-GB"


def test_an_admin_checks_then_imports_a_file(page, live, session, create_network, create_user, tmp_path):
    create_network(name="Sieć Zielona", edition_code="PIM II")
    create_user(email="admin@example.org", role="admin")
    path = tmp_path / "mids.xlsx"
    path.write_bytes(workbook())
    sign_in(page, live, "admin@example.org", language="en")
    page.get_by_role("link", name="Import").click()
    check(page, "import")
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Check only (dry run)").click()
    assert page.get_by_role("heading", name="Dry run: nothing was written").is_visible()
    check(page, "import-dry-run")
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(str(path))
    page.get_by_role("button", name="Import the file").click()
    assert page.get_by_text("Actions: created 2, updated 0, unchanged 0").is_visible()
    assert session.exec(select(Participant).where(Participant.name == "Nowa Dęba")).one()

    bad = tmp_path / "bad.csv"
    bad.write_text("nazwa;województwo\nBezimienne;Bawaria\n", encoding="utf-8")
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Check only (dry run)").click()
    assert page.get_by_text("'Bawaria' is not allowed here").is_visible()
    check(page, "import-problems")


def test_a_ministry_user_makes_a_token_and_a_calendar_address(page, live, create_user):
    create_user(email="ministerstwo@example.org", role="ministry")
    sign_in(page, live, "ministerstwo@example.org", language="en")
    page.goto(f"{live.url}/profile")
    check(page, "profile-connections")
    page.get_by_label("What the token is for").fill("Ministry dashboard")
    page.get_by_role("button", name="Create a token").click()
    assert page.get_by_label("Token (Ministry dashboard)").input_value().startswith("pima_")
    check(page, "new-token")
    page.get_by_role("link", name="Back to your profile").click()
    page.get_by_role("button", name="Make my calendar address").click()
    assert page.get_by_label("Calendar address").input_value().endswith(".ics")
    page.get_by_role("link", name="Back to your profile").click()
    assert page.get_by_role("cell", name="Ministry dashboard", exact=True).is_visible()
    check(page, "profile-with-token")
