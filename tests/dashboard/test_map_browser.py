"""The map of Poland on the dashboard, in Debian's Chromium: counts on hover and on focus, a region's points, axe clean.

Screenshots at 1366 and 390 px wide: test-artifacts/map-*.png.
"""

import re
import shutil

import pytest
from sqlmodel import Session

from alumni import create_app
from alumni.clock import Calendar
from alumni.db import get_db
from alumni.demo import add_demo_users, load_demo
from alumni.models import utcnow
from tests.browser import ARTIFACTS, PASSWORD, LiveServer, expect, serious_violations, sign_in
from tests.conftest import FAST_HASH

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}


@pytest.fixture(scope="module")
def site(sqlite_template, tmp_path_factory):
    """The demo programme (real cities at their real coordinates) on SQLite, served on a loopback port."""
    folder = tmp_path_factory.mktemp("map")
    shutil.copy(sqlite_template, folder / "alumni.db")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'alumni.db'}",
                      "SECRET_KEY": "map", "WTF_CSRF_ENABLED": True, "PASSWORD_HASH": FAST_HASH})
    app.instance_path = str(folder / "instance")
    with app.app_context(), Session(get_db(app).engine) as session:
        load_demo(session, Calendar().local_date(utcnow()))
        add_demo_users(session, password=PASSWORD)
        session.commit()
    with LiveServer(app) as server:
        yield server
    get_db(app).dispose()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def map_page(chromium, site, viewport):
    width, height = VIEWPORTS[viewport]
    context = chromium.new_context(bypass_csp=True, locale="pl-PL", viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, site, "ministerstwo@example.org")
    yield page
    context.close()


def _row_counts(page, voivodeship):
    """The numbers of the voivodeship's row in the table under the map."""
    row = page.locator("#map table tbody tr").filter(
        has=page.locator("th", has_text=re.compile(f"^\\s*{voivodeship}\\s*$")))
    return [cell.strip() for cell in row.locator("td").all_text_contents()]


def test_tiles_show_their_counts_on_hover_and_focus(map_page, site, viewport):
    page = map_page
    page.goto(f"{site.url}/dashboard#map")
    tiles = page.locator("#map svg.tile-map a.region-tile")
    expect(tiles).to_have_count(16)
    tile = page.locator('a.region-tile[data-region="śląskie"]')
    name = tile.get_attribute("aria-label")
    assert re.match(r"śląskie: \d+% wciąż żywych, MID-ów: \d+; aktywny: \d+", name), name
    detail = tile.locator(".tile-detail")
    expect(detail).to_be_hidden()
    tile.hover()
    expect(detail).to_be_visible()
    expect(detail).to_contain_text("aktywny")
    page.mouse.move(0, 0)
    expect(detail).to_be_hidden()
    # Keyboard: Tab reaches every tile in turn; the focused one shows its counts.
    page.locator('a.region-tile[data-region="zachodniopomorskie"]').focus()
    page.keyboard.press("Tab")
    focused = page.locator('a.region-tile[data-region="pomorskie"]')
    expect(focused).to_be_focused()
    expect(focused.locator(".tile-detail")).to_be_visible()
    expect(page.locator('a.region-tile[data-region="pomorskie"] + .tile-face')).to_be_hidden()
    # The accessible name carries the same numbers as the table below.
    counts = _row_counts(page, "pomorskie")
    assert f"MID-ów: {counts[-1]};" in focused.get_attribute("aria-label")
    page.locator("#map").screenshot(path=str(ARTIFACTS / f"map-poland-focus-{viewport}.png"))
    # What the focused tile shows is its accessible name, word for word (WCAG 2.5.3).
    assert serious_violations(page, f"map-poland-focus-{viewport}") == []
    focused.blur()
    assert serious_violations(page, f"map-poland-{viewport}") == []


def test_a_chosen_region_shows_its_participants_as_points(map_page, site, viewport):
    page = map_page
    page.goto(f"{site.url}/dashboard")
    page.locator('a.region-tile[data-region="śląskie"]').click()
    page.wait_for_load_state()
    assert "voivodeship=" in page.url
    points = page.locator("#map svg.point-map .map-point")
    labels = points.locator(".point-label").all_text_contents()
    assert {"Racibórz", "Ruda Śląska", "Żory", "Pszczyna", "Dąbrowa Górnicza", "ZMG w Żywcu"} <= set(labels)
    # Real places, west to east: Racibórz lies west of Dąbrowa Górnicza, Żywiec south of Ruda Śląska.
    def centre(label):
        circle = points.filter(has_text=label).locator("circle")
        return float(circle.get_attribute("cx")), float(circle.get_attribute("cy"))
    assert centre("Racibórz")[0] < centre("Dąbrowa Górnicza")[0]
    assert centre("ZMG w Żywcu")[1] > centre("Ruda Śląska")[1]
    expect(page.locator('a.region-tile[data-region="śląskie"]')).to_have_attribute("aria-current", "true")
    expect(points.first).to_have_attribute("aria-label", re.compile(r"MID-ów: \d+"))
    page.locator("#map").screenshot(path=str(ARTIFACTS / f"map-region-{viewport}.png"))
    assert serious_violations(page, f"map-region-{viewport}") == []
