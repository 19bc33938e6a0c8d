"""Every main page, for each role, on a laptop (1366×768) and a phone (390×844), in Debian's Chromium.

Nothing may stretch the page sideways (wide tables scroll inside their own box) and no word
of ordinary length may be split over two lines ("obserwowan|ych", "MID-|y"). The demo data
plus an action whose title is 500 characters without a space are on the pages; axe-core
stays clean. Screenshots: test-artifacts/layout-*.png.
"""

import shutil
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from alumni import create_app
from alumni.db import get_db
from alumni.demo import add_demo_users, load_demo
from alumni.clock import Calendar
from alumni.models import Action, Mid, Participant, Report, ReportingRound, User, utcnow
from tests.browser import PASSWORD, LiveServer, screenshot, serious_violations, sign_in
from tests.conftest import FAST_HASH

pytestmark = pytest.mark.browser

VIEWPORTS = {"laptop": (1366, 768), "phone": (390, 844)}
LONG_TITLE = ("Rewitalizacjaterenówzielonychwzdłużrzeki" * 13)[:500]
# Longer words (addresses, run-together titles) may not fit a phone's line: they may break anywhere.
LONGEST_WORD = 24

BROKEN_WORDS = """
(longest) => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!element || element.closest('.visually-hidden, svg, select, option, textarea, script, style')) continue;
    if (!element.getClientRects().length) continue;
    // A compound may break after its hyphen ("warmińsko-|mazurskie"), unless a part is short ("MID-|y").
    const pieces = /[^\\s-]{4,}-(?=[^\\s-]{4,})|[^\\s]+/g;
    let match;
    while ((match = pieces.exec(node.textContent))) {
      const word = match[0];
      if (word.length < 2 || word.length > longest) continue;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + word.length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
      if (lines.size > 1) broken.push(`${word} (${element.tagName.toLowerCase()}.${element.className})`);
    }
  }
  return broken;
}
"""
# Whether the main menu's items share one row: every one overlaps every other.
HEADER_ROWS = """
() => {
  const boxes = [...document.querySelectorAll('.site-header nav:not(.languages) li')]
    .map(item => item.getBoundingClientRect());
  return !boxes.length || Math.max(...boxes.map(box => box.top)) < Math.min(...boxes.map(box => box.bottom));
}
"""
OVERFLOW = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
# The elements that stick out of the screen, outside any box that scrolls or clips them.
STICKING_OUT = """
() => {
  const found = [];
  for (const element of document.body.querySelectorAll('*')) {
    if (element.getBoundingClientRect().right <= window.innerWidth + 1) continue;
    let parent = element.parentElement, contained = false;
    for (; parent && parent !== document.body; parent = parent.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(parent).overflowX)) { contained = true; break; }
    }
    if (!contained) found.push(`${element.tagName.toLowerCase()}.${element.className}#${element.id}`);
  }
  return found.slice(0, 5);
}
"""


@pytest.fixture(scope="module")
def site(sqlite_template, tmp_path_factory):
    """The demo programme on SQLite, served on a loopback port, with a very long action title."""
    folder = tmp_path_factory.mktemp("layout")
    shutil.copy(sqlite_template, folder / "alumni.db")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'alumni.db'}",
                      "SECRET_KEY": "layout", "WTF_CSRF_ENABLED": True, "PASSWORD_HASH": FAST_HASH})
    app.instance_path = str(folder / "instance")
    with app.app_context(), Session(get_db(app).engine) as session:
        today = Calendar().local_date(utcnow())
        load_demo(session, today)
        add_demo_users(session, password=PASSWORD)
        if session.exec(select(ReportingRound).where(ReportingRound.opens_on <= today,
                                                     ReportingRound.closes_on >= today)).first() is None:
            session.add(ReportingRound(name="Runda próbna", opens_on=today - timedelta(days=3),
                                       due_on=today + timedelta(days=20), closes_on=today + timedelta(days=40)))
        mid = session.exec(select(Mid).join(Participant).where(Participant.name == "Słupsk")).first()
        session.add(Action(mid_id=mid.id, title=LONG_TITLE, status="in_progress", progress=10, position=99))
        session.commit()
        report = session.exec(select(Report).where(Report.submitted_at.is_not(None))
                              .order_by(Report.submitted_at.desc())).first()
        ids = SimpleNamespace(mid=mid.id, action=session.exec(select(Action.id).where(Action.title == LONG_TITLE)).one(),
                              report_mid=report.mid_id, report_round=report.round_id,
                              user=session.exec(select(User.id).where(User.role == "coordinator")).first())
    with LiveServer(app) as server:
        yield SimpleNamespace(url=server.url, ids=ids)
    get_db(app).dispose()


def pages_for(ids):
    mid = f"/mids/{ids.mid}"
    return {
        "koordynator.slupsk@example.org": {
            "my-mids": "/", "mid": mid, "report-form": f"{mid}/report", "action-form": f"{mid}/actions/{ids.action}"},
        "ministerstwo@example.org": {
            "dashboard": "/dashboard", "silent": "/dashboard/silent", "mid-list": "/mids", "mid": mid,
            "report": f"/mids/{ids.report_mid}/reports/{ids.report_round}", "exports": "/exports"},
        "admin@example.org": {
            "dashboard": "/dashboard", "mid-list": "/mids", "mid": mid, "users": "/admin/users",
            "user": f"/admin/users/{ids.user}", "rounds": "/admin/rounds", "outbox": "/admin/outbox",
            "operations": "/admin/operations", "import": "/admin/import", "workshops": "/admin/workshops",
            "audit": "/admin/audit"},
    }


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_main_pages_fit_the_screen_without_splitting_words(chromium, site, viewport):
    width, height = VIEWPORTS[viewport]
    problems = []
    for email, pages in pages_for(site.ids).items():
        context = chromium.new_context(bypass_csp=True, locale="pl-PL", viewport={"width": width, "height": height})
        page = context.new_page()
        sign_in(page, site, email, password=PASSWORD)
        for name, path in pages.items():
            response = page.goto(site.url + path)
            label = f"layout-{viewport}-{email.split('@')[0]}-{name}"
            assert response.status == 200, (label, response.status)
            screenshot(page, label)
            scroll_width, inner_width = page.evaluate(OVERFLOW)
            if scroll_width > inner_width:
                problems.append(f"{label}: the page is {scroll_width}px wide on a {inner_width}px screen: "
                                f"{page.evaluate(STICKING_OUT)}")
            broken = page.evaluate(BROKEN_WORDS, LONGEST_WORD)
            if broken:
                problems.append(f"{label}: words split over two lines: {broken[:8]}")
            if viewport == "laptop" and not page.evaluate(HEADER_ROWS):
                problems.append(f"{label}: the header's menu takes more than one row")
            violations = serious_violations(page, label)
            if violations:
                problems.append(f"{label}: accessibility: {violations}")
        context.close()
    assert not problems, "\n".join(problems)
