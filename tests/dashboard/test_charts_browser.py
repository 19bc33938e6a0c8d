"""The dashboard and the workshop report in Debian's Chromium: the same fills, every one drawn, no axe violation."""

import pytest

from tests.browser import ARTIFACTS, check, screenshot, serious_violations, sign_in
from tests.workshop_fixture import programme  # noqa: F401

pytestmark = pytest.mark.browser

# For each fill a chart or a swatch asks for: does the page define it, and how is it drawn.
FILLS_USED = """() => {
  const used = new Set([...document.querySelectorAll('[fill^="url(#"]')]
    .map(element => element.getAttribute('fill').slice(5, -1)));
  return Object.fromEntries([...used].map(id => {
    const pattern = document.getElementById(id);
    return [id, pattern ? pattern.outerHTML : null];
  }));
}"""
SEGMENT_STYLE = "e => { const s = getComputedStyle(e); return [s.stroke, s.strokeWidth]; }"


def test_dashboard_and_report_draw_each_life_status_with_the_same_fill(page, chromium, live, programme, create_user,
                                                                        backend):
    create_user("ministerstwo@example.org", "ministry")
    sign_in(page, live, "ministerstwo@example.org")
    page.goto(f"{live.url}/dashboard")
    check(page, f"charts-dashboard-{backend}")
    page.locator("#status figure").screenshot(path=str(ARTIFACTS / f"charts-dashboard-status-{backend}.png"))
    on_dashboard = page.evaluate(FILLS_USED)
    dashboard_segment = page.eval_on_selector("svg[role=img] .segment", SEGMENT_STYLE)
    # The report as it is served, under its own strict policy (no bypass): its stylesheet draws the charts.
    strict = chromium.new_context(storage_state=page.context.storage_state(), locale="pl-PL",
                                  viewport={"width": 1000, "height": 1400})
    report = strict.new_page()
    report.goto(f"{live.url}/exports/workshop/2026.html?language=pl")
    screenshot(report, f"charts-report-{backend}")
    for number, figure in enumerate(report.locator("figure").all()):
        figure.screenshot(path=str(ARTIFACTS / f"charts-report-{number + 1}-{backend}.png"))
    in_report = report.evaluate(FILLS_USED)
    report_segment = report.eval_on_selector("svg[role=img] .segment", SEGMENT_STYLE)
    strict.close()
    assert None not in on_dashboard.values() and None not in in_report.values()
    statuses = ("active", "at_risk", "dormant", "completed", "abandoned")
    assert {f"fill-{status}" for status in statuses} <= set(in_report) & set(on_dashboard)
    for status in statuses:
        assert in_report[f"fill-{status}"] == on_dashboard[f"fill-{status}"], status
    # The chart stylesheet travels inside the report and is allowed by its policy: segments outlined alike.
    assert report_segment == dashboard_segment
    page.goto(f"{live.url}/exports/workshop/2026.html?language=pl")
    assert serious_violations(page) == []
