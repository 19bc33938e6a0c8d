"""The print-ready report and the city briefs, as HTML and in Chromium."""

import os
import re
import zipfile
from pathlib import Path

import pytest
from flask_babel import force_locale

from alumni.workshop.aggregate import workshop_picture
from alumni.workshop.brief import city_briefs
from alumni.workshop.export import write_export
from alumni.workshop.report import render_brief, write_briefs
from tests.workshop_fixture import CLOCK, programme, reader  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
needs_chromium = pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                    reason="Chromium is not installed (Debian: apt-get install chromium)")


@pytest.fixture
def picture(reader):
    return workshop_picture(reader, 2026, CLOCK)


def _brief(app, reader, picture, programme, name, language="pl"):
    with app.app_context(), force_locale(language):
        [brief] = city_briefs(reader, picture, [programme.mids[name].participant_id])
        return brief, render_brief(brief, picture, language)


def test_city_brief_compares_the_mid_with_its_year_before_and_its_network(app, reader, picture, programme):
    brief, html = _brief(app, reader, picture, programme, "Słupsk")
    [item] = brief.items
    assert (item.now.done_in_period, item.before.done_in_period) == (1, 1)
    assert (item.now.reports_received, item.now.reports_expected) == (1, 1)
    assert item.now.funding_total == 250000 and item.before.funding_total == 100000
    assert item.network.current.mids == 3 and item.status_peers == 1
    assert item.network_average_done == pytest.approx(2 / 3)
    assert "<h1>Słupsk:" in html and "Błękitno-zielona infrastruktura" in html
    assert "0,7" in html  # the network's actions done per MID, Polish decimals


def test_city_brief_names_no_other_city_of_its_network(app, reader, picture, programme):
    _brief_row, html = _brief(app, reader, picture, programme, "Słupsk")
    for other in ("Lublin", "Żyrardów", "Łódź", "Rzeszów", "Toruń"):
        assert other not in html


def test_briefs_of_several_cities_go_into_a_zip(app, reader, picture, tmp_path):
    with app.app_context(), force_locale("pl"):
        briefs = city_briefs(reader, picture)
        write_briefs(briefs, picture, tmp_path / "briefs.zip", "pl")
    with zipfile.ZipFile(tmp_path / "briefs.zip") as archive:
        assert archive.namelist() == [f"brief-2026-{slug}.html" for slug in (
            "lublin", "lodz", "rzeszow", "slupsk", "torun", "zyrardow")]
        assert "<h1>Łódź:" in archive.read("brief-2026-lodz.html").decode("utf-8")


def _pages(pdf):
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def _chromium_page(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"],
                                         headless=True)
    return browser, browser.new_page(viewport={"width": 1000, "height": 1400})


@pytest.mark.browser
@needs_chromium
def test_report_renders_in_chromium_with_a_page_per_network(app, reader, picture, tmp_path, backend):
    from playwright.sync_api import sync_playwright

    path = tmp_path / "report.html"
    with app.app_context():
        write_export(reader, picture, "html", path, "pl")
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser, page = _chromium_page(playwright)
        try:
            page.goto(path.as_uri())
            assert page.locator("h1").inner_text().startswith(("Alumni workshop 2026", "Warsztaty"))
            assert page.locator("nav.toc a").count() == 7  # with the indicators
            breaks = page.eval_on_selector_all("section.network", "els => els.map(e => getComputedStyle(e).breakBefore)")
            assert breaks == ["page", "page", "page"]
            assert page.locator("svg[role=img] title").count() == 3
            page.screenshot(path=str(ARTEFACTS / f"workshop-report-{backend}.png"), full_page=True)
            page.pdf(path=str(ARTEFACTS / f"workshop-report-{backend}.pdf"), format="A4")
        finally:
            browser.close()
    # The cover and contents, the overview, barriers and funding, then one page (at least) per network.
    assert _pages((ARTEFACTS / f"workshop-report-{backend}.pdf").read_bytes()) >= 6


@pytest.mark.browser
@needs_chromium
def test_city_brief_prints_on_one_a4_page(app, reader, picture, programme, tmp_path, backend):
    from playwright.sync_api import sync_playwright

    _brief_row, html = _brief(app, reader, picture, programme, "Lublin")
    path = tmp_path / "brief.html"
    path.write_text(html, encoding="utf-8")
    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser, page = _chromium_page(playwright)
        try:
            page.goto(path.as_uri())
            page.screenshot(path=str(ARTEFACTS / f"workshop-brief-{backend}.png"), full_page=True)
            pdf = page.pdf(format="A4")
        finally:
            browser.close()
    assert _pages(pdf) == 1
