"""The exports page, the report it opens and the workshop form, in Debian's Chromium with axe-core."""

import pytest
from flask_babel import force_locale, gettext

from tests.browser import check, screenshot, serious_violations, sign_in
from tests.workshop_fixture import programme  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def polish(app):
    def translate(text):
        with app.app_context(), force_locale("pl"):
            return gettext(text)

    return translate


def test_ministry_opens_the_report_from_the_exports_page(page, chromium, live, programme, create_user, polish, backend):
    create_user("ministerstwo@example.org", "ministry")
    sign_in(page, live, "ministerstwo@example.org")
    page.get_by_role("link", name=polish("Exports")).click()
    check(page, f"workshop-exports-{backend}")
    page.get_by_label(polish("Format")).select_option("html")
    page.locator("#export-title ~ form").get_by_role("button").click()
    page.wait_for_load_state()
    assert page.url.endswith("/exports/workshop/2026.html?language=pl")
    assert page.locator("section.network").count() == 3
    assert serious_violations(page) == []
    # Without bypassing the policy, the report's own stylesheet still applies (allowed by its hash).
    strict = chromium.new_context(storage_state=page.context.storage_state(), locale="pl-PL")
    report = strict.new_page()
    report.goto(page.url)
    assert report.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(11, 79, 138)"
    screenshot(report, f"workshop-report-served-{backend}")
    strict.close()


def test_admin_plans_a_workshop_in_the_browser(page, live, programme, create_user, polish, backend):
    create_user("admin@example.org", "admin")
    sign_in(page, live, "admin@example.org")
    page.get_by_role("link", name=polish("Workshops"), exact=True).click()
    page.get_by_role("link", name=polish("Plan a workshop")).click()
    page.get_by_label(polish("Year")).fill("2027")
    page.get_by_label(polish("First day")).fill("2027-12-10")
    page.get_by_label(polish("Last day")).fill("2027-12-08")
    page.get_by_role("button", name=polish("Save")).click()
    assert page.locator(".error-summary").is_visible()
    check(page, f"workshop-form-error-{backend}")
    page.get_by_label(polish("Last day")).fill("2027-12-12")
    page.get_by_role("button", name=polish("Save")).click()
    assert page.get_by_role("link", name="2027").is_visible()
    assert serious_violations(page) == []


def test_ministry_downloads_the_xlsx_from_the_exports_page(page, live, programme, create_user, polish, tmp_path):
    from openpyxl import load_workbook

    create_user("ministerstwo@example.org", "ministry")
    sign_in(page, live, "ministerstwo@example.org")
    page.get_by_role("link", name=polish("Exports")).click()
    page.get_by_label(polish("Format")).select_option("xlsx")
    with page.expect_download() as waiting:
        page.locator("#export-title ~ form").get_by_role("button").click()
    download = waiting.value
    assert download.suggested_filename == "pim-alumni-warsztaty-2026.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path)
    participants = [row[2] for row in workbook["MID-y"].iter_rows(min_row=2, values_only=True)]
    assert participants == ["Toruń", "Łódź", "Rzeszów", "Lublin", "Słupsk", "Żyrardów"]
    assert workbook["MID-y"].freeze_panes == "D2"  # header row and the city columns stay in view
