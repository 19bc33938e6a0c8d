"""In Chromium: the import page, checked for accessibility."""

import pytest
from sqlmodel import select

from alumni.models import Participant
from tests.browser import check, sign_in
from tests.importing.test_importer import workbook

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
