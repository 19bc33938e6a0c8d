"""One set of chart fills: a life status looks the same on the dashboard, in the workshop report and its briefs."""

import re

import pytest

from alumni.charts import FILLS, count_axis, share_axis, stacked_bars
from tests.workshop_fixture import programme  # noqa: F401

STATUSES = ["active", "at_risk", "dormant", "completed", "abandoned"]


def _patterns(html):
    """{key: the pattern's markup} for every chart fill the page defines."""
    return dict(re.findall(r'<pattern id="fill-(\w+)"(.*?)</pattern>', html, re.S))


@pytest.fixture
def ministry(create_user, login, programme):
    return login(create_user("ministerstwo@example.org", "ministry", password=None))


def test_each_life_status_has_the_same_fill_on_the_dashboard_and_in_the_report(client, ministry):
    dashboard = client.get("/dashboard").get_data(as_text=True)
    report = client.get("/exports/workshop/2026.html").get_data(as_text=True)
    on_dashboard, in_report = _patterns(dashboard), _patterns(report)
    for status in STATUSES:
        assert status in in_report and in_report[status] == on_dashboard[status], status
        # The report's bars and legend are painted with that fill, not with one of their own.
        assert report.count(f'fill="url(#fill-{status})"') >= 2, status
    assert len({re.sub(r'(fill|stroke)="#\w+"', "", in_report[status]) for status in STATUSES}) == len(STATUSES)


def test_a_city_brief_draws_its_network_with_the_same_fills(client, ministry, programme):
    dashboard = _patterns(client.get("/dashboard").get_data(as_text=True))
    participant = programme.mids["Lublin"].participant_id
    brief = client.get(f"/exports/workshop/2026/briefs/{participant}.html").get_data(as_text=True)
    assert 'fill="url(#fill-at_risk)"' in brief
    assert {key: body for key, body in _patterns(brief).items() if key in STATUSES} == {
        key: dashboard[key] for key in STATUSES}


def test_the_fills_say_the_statuses_in_the_current_language(app):
    from flask_babel import force_locale

    with app.app_context(), force_locale("pl"):
        assert [str(FILLS[status].label) for status in STATUSES] == [
            "aktywny", "zagrożony", "uśpiony", "zrealizowany", "porzucony"]


def test_bars_on_a_count_axis_are_as_long_as_their_values():
    chart = stacked_bars([("Sieć Zielona", [("active", 1), ("at_risk", 2)], "3"), ("Sieć Cyfrowa", [("value", 1)], "1")],
                         lambda key, value, share: str(value), count_axis(3))
    green, digital = chart.rows
    assert [tick.label for tick in chart.ticks] == ["0", "1", "2", "3"]
    assert sum(segment.width for segment in green.segments) == pytest.approx(chart.plot_width)
    assert digital.segments[0].width == pytest.approx(chart.plot_width / 3)


def test_a_share_axis_writes_its_ticks_as_told():
    chart = stacked_bars([("2026 H1", [("value", 0.5)], "50%")], lambda *args: "", share_axis(lambda s: f"{s:.2f}"))
    assert [tick.label for tick in chart.ticks] == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert chart.rows[0].segments[0].width == pytest.approx(chart.plot_width / 2)
