"""In Chromium: an admin switches the public view on, a coordinator publishes a MID, a visitor finds it.

The demo programme on SQLite. The public pages are checked with axe-core, on a laptop (1366 px)
and a phone (390 px), nothing stretching the page sideways; the visitor uses the keyboard.
Screenshots: test-artifacts/public-*.png.
"""

import re
import shutil
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from alumni import create_app
from alumni.clock import Calendar
from alumni.db import get_db
from alumni.demo import add_demo_users, load_demo
from alumni.models import Mid, Participant, utcnow
from tests.browser import ARTIFACTS, PASSWORD, LiveServer, check, expect, sign_in
from tests.conftest import FAST_HASH

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
WIDER_THAN_THE_SCREEN = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def site(sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("public-browser")
    shutil.copy(sqlite_template, folder / "alumni.db")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'alumni.db'}",
                      "SECRET_KEY": "public", "WTF_CSRF_ENABLED": True, "PASSWORD_HASH": FAST_HASH})
    app.instance_path = str(folder / "instance")
    with app.app_context(), Session(get_db(app).engine) as session:
        load_demo(session, Calendar().local_date(utcnow()))
        add_demo_users(session, password=PASSWORD)
        session.commit()
        mid = session.exec(select(Mid).join(Participant).where(Participant.name == "Słupsk")).first()
        ids = SimpleNamespace(mid=mid.id, title=mid.title)
    with LiveServer(app) as server:
        yield SimpleNamespace(url=server.url, ids=ids)
    get_db(app).dispose()


def _page(chromium, viewport=(1280, 900)):
    context = chromium.new_context(bypass_csp=True, locale="pl-PL",
                                   viewport={"width": viewport[0], "height": viewport[1]})
    return context, context.new_page()


def test_an_admin_opens_the_view_a_city_publishes_and_a_visitor_finds_its_mid(chromium, site):
    context, page = _page(chromium)
    sign_in(page, site, "admin@example.org")
    page.goto(f"{site.url}/admin/operations")
    page.get_by_role("link", name="Widok publiczny i otwarte dane").click()
    check(page, "public-admin-switch")
    page.get_by_label("Widok publiczny i otwarte dane włączone w tej instalacji").check()
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Widok publiczny został włączony.")).to_be_visible()
    context.close()

    context, page = _page(chromium)
    sign_in(page, site, "koordynator.slupsk@example.org")
    page.goto(f"{site.url}/mids/{site.ids.mid}")
    section = page.locator("#publication")
    expect(section).to_contain_text("miasto nie wyraziło zgody")
    section.get_by_label("Nasze miasto zgadza się na pokazanie tego").check()
    section.get_by_role("button", name="Zapisz wybór publikacji").click()
    expect(page.locator("#publication")).to_contain_text("Ten MID jest publiczny")
    check(page, "public-mid-publish-switch")
    section.screenshot(path=str(ARTIFACTS / "public-mid-publish-section.png"))
    context.close()

    # An anonymous visitor finds the MID on the map: Słupsk's voivodeship, its city, its MID.
    context, page = _page(chromium, VIEWPORTS["laptop"])
    page.goto(f"{site.url}/public/")
    tile = page.locator('a[data-region="pomorskie"]')
    expect(tile).to_have_attribute("aria-label", re.compile(r"^pomorskie: .*MID-ów: [1-9]"))
    tile.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uczestnicy: województwo pomorskie")).to_be_visible()
    check(page, "public-map-region")
    page.locator("svg.point-map").get_by_role("link", name=re.compile("Słupsk")).first.click()
    expect(page.get_by_role("heading", name="Publiczne MID-y: województwo pomorskie")).to_be_in_viewport()
    page.get_by_role("link", name=site.ids.title).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.ids.title)
    assert context.cookies() == []
    context.close()

    for name, viewport in VIEWPORTS.items():
        context, page = _page(chromium, viewport)
        page.goto(f"{site.url}/public/")
        check(page, f"public-index-{name}")
        page.keyboard.press("Tab")
        expect(page.locator(".skip-link")).to_be_focused()
        assert not page.evaluate(WIDER_THAN_THE_SCREEN), name
        link = page.get_by_role("link", name=site.ids.title)
        link.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text(site.ids.title)
        assert context.cookies() == [], "the public view sets no cookie"
        check(page, f"public-mid-{name}")
        assert not page.evaluate(WIDER_THAN_THE_SCREEN), name
        page.get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Actions")).to_be_visible()
        page.get_by_role("link", name="Open data", exact=True).first.click()
        check(page, f"public-open-data-{name}")
        assert not page.evaluate(WIDER_THAN_THE_SCREEN), name
        context.close()
