"""The dashboard's pages as the ministry sees them: charts with text alternatives, drill-down links, partials."""

import re
from datetime import date

from flask import render_template_string

from alumni.life_status import status_history
from alumni.lineage import lineage_of, set_lineage
from alumni.models import MidStatusRecord
from tests.dashboard_fixtures import NOW, login_page, mid_in, reporting_world, status_world  # noqa: F401


def test_every_chart_has_a_caption_a_text_alternative_and_its_numbers(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard?lang=en").get_data(as_text=True)
    charts = re.findall(r'<svg class="chart"[^>]*role="img" aria-labelledby="([\w-]+)-title \1-desc"', page)
    assert charts == ["chart-network", "chart-rounds", "chart-history", "chart-survival"]
    for chart in charts:
        assert f'id="{chart}-title"' in page and f'id="{chart}-desc"' in page
        assert f'aria-labelledby="{chart}-caption"' in page  # the figure and its caption
    assert page.count("<caption>") >= 8  # the numbers behind every chart, and the breakdowns
    assert page.count('<ul class="legend">') == 5  # the four charts' and the map's


def test_categories_are_told_apart_by_pattern_not_only_by_colour(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard").get_data(as_text=True)
    patterns = dict(re.findall(r'<pattern id="fill-(\w+)"(.*?)</pattern>', page, re.S))
    marks = {key: re.sub(r'fill="#\w+"|stroke="#\w+"', "", body) for key, body in patterns.items()}
    outcomes = ["active", "at_risk", "dormant", "completed", "absorbed", "abandoned"]
    assert len({marks[key] for key in outcomes}) == len(outcomes)
    assert 'fill="url(#fill-at_risk)"' in page
    # Segment counts are written on the bars, in Polish by default.
    assert re.search(r'class="segment-text"[^>]*>2</text>', page) and '<html lang="pl">' in page


def test_counts_link_to_the_mid_list_with_the_same_filters(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard").get_data(as_text=True)
    network = status_world.compact.id
    assert f'href="/mids?status=absorbed&amp;network={network}"' in page
    listed = client.get(f"/mids?status=absorbed&network={network}").get_data(as_text=True)
    assert "MID Dębica" in listed and "MID Żory" not in listed


def test_the_dashboard_as_of_a_past_day(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard?as_of=2026-08-31&lang=en").get_data(as_text=True)
    assert "at the end of August 31, 2026" in page
    assert 'value="2026-08-31"' in page and "Back to now" in page


def test_the_silent_page_lists_every_silent_mid_with_whom_to_write_to(client, login, create_user,
                                                                     reporting_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard/silent?lang=en").get_data(as_text=True)
    assert "2 MIDs have not reported in round 2026 H1" in page
    assert "MID Świdwin" in page and "MID Poznań" in page and "MID Bełchatów" not in page
    assert 'href="mailto:koordynator.swidwin@example.org"' in page and "byly.swidwin" not in page
    assert "no active coordinator" in page
    dashboard = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert "Zofia Zielińska" in dashboard and "2 MIDs have not reported" in dashboard


def test_the_partials_for_the_mid_page_render_history_and_lineage(app, session, status_world):
    w = status_world
    for day, status in ((1, "active"), (2, "at_risk")):
        session.add(MidStatusRecord(mid_id=w.active.id, recorded_on=date(2026, 10, day), status=status))
    set_lineage(session, w.dormant, "continues", NOW, successor_id=w.active.id)
    session.commit()
    template = '{% include "dashboard/_status_history.html" %}{% include "dashboard/_lineage.html" %}'
    with app.test_request_context("/?lang=en"):
        html = render_template_string(template, status_history=status_history(session, w.active.id),
                                      lineage=lineage_of(session, w.active))
    assert "Life status history" in html and "at risk" in html and "(latest record)" in html
    assert "MIDs that lead into this one" in html and "MID Iłowa" in html and "continues in this MID" in html
    with app.test_request_context("/?lang=en"):
        html = render_template_string(template, status_history=[], lineage=lineage_of(session, w.absorbed))
    assert "No life status has been recorded" in html
    assert "This MID was absorbed into:" in html and "Strategia Rozwoju Dębicy 2030" in html


def test_filters_narrow_every_section_and_stay_in_the_address(client, login, create_user, reporting_world):
    login(create_user("analityk@example.org", role="ministry"))
    w = reporting_world
    everything = client.get("/dashboard?lang=en").get_data(as_text=True)
    assert "MID Świdwin" in everything and "MID Poznań" in everything
    # Only the PIM III network: its silent, reporting and status figures, nothing of the PIM II one.
    page = client.get(f"/dashboard?lang=en&network={w.y.id}").get_data(as_text=True)
    assert "MID Świdwin" not in page and "MID Poznań" not in page
    row = re.search(r'<th scope="row">2026 H1</th>\s*<td>[^<]*</td>' + r'\s*<td class="num">([^<]*)</td>' * 3, page)
    assert [int(value) for value in row.groups()] == [1, 1, 1]  # the extended MID, on time
    followed = re.search(r'<span class="tile-number">([\d\s\xa0]+)</span> <span class="tile-label">MIDs followed',
                         page)
    assert int(followed.group(1)) == 4  # the network's four MIDs
    # The filters are kept in the address: in the form, the links and the silent page.
    assert f'<option value="{w.y.id}" selected>' in page
    green = client.get(f"/dashboard?network={w.x.id}").get_data(as_text=True)
    assert f'href="/mids?status=at_risk&amp;network={w.x.id}"' in green  # the status tiles keep them too
    silent = client.get(f"/dashboard/silent?lang=en&network={w.x.id}").get_data(as_text=True)
    assert "MID Świdwin" in silent and "MID Poznań" in silent
    assert "MID Świdwin" not in client.get(f"/dashboard/silent?network={w.y.id}").get_data(as_text=True)


def test_a_network_of_another_edition_does_not_filter(client, login, create_user, reporting_world):
    login(create_user("analityk@example.org", role="ministry"))
    w = reporting_world
    page = client.get(f"/dashboard?lang=en&edition={w.x.edition_id}&network={w.y.id}").get_data(as_text=True)
    assert "MID Świdwin" in page  # the edition's networks stay: the stray network is dropped
    assert ">Miasto Dostępnych Mieszkań</option>" not in page
