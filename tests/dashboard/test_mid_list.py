"""The list of every MID: life status, filters, sorting and pages, each state a URL to share."""

import re

from werkzeug.datastructures import MultiDict

from alumni.mids import MidFilters, mid_list_page
from tests.dashboard_fixtures import NOW, SETTINGS, login_page, mid_in, status_world  # noqa: F401


def participants(page):
    return [row.participant.name for row in page.rows]


def test_the_list_filters_by_status_including_absorbed(session, status_world):
    assert participants(mid_list_page(session, MidFilters(status="absorbed"), NOW, SETTINGS)) == ["Dębica"]
    assert participants(mid_list_page(session, MidFilters(status="abandoned"), NOW, SETTINGS)) == ["Żory"]
    row = mid_list_page(session, MidFilters(status="absorbed"), NOW, SETTINGS).rows[0]
    assert (row.status, row.outcome) == ("abandoned", "absorbed")


def test_the_list_filters_by_size_edition_and_text(session, status_world):
    w = status_world
    assert participants(mid_list_page(session, MidFilters(size="100k-300k"), NOW, SETTINGS)) == ["Rzeszów", "Toruń"]
    assert participants(mid_list_page(session, MidFilters(edition_id=w.compact.edition_id, text="mid ż"), NOW,
                                 SETTINGS)) == ["Żory"]
    assert mid_list_page(session, MidFilters(text="100%"), NOW, SETTINGS).total == 0  # % is a character, not a wildcard


def test_the_list_sorts_by_status_both_ways(session, status_world):
    ascending = participants(mid_list_page(session, MidFilters(sort="status"), NOW, SETTINGS))
    assert ascending == ["Rzeszów", "Słupsk", "Lublin", "Iłowa", "Toruń", "Dębica", "Żory"]
    descending = participants(mid_list_page(session, MidFilters(sort="status", descending=True), NOW, SETTINGS))
    assert descending[:2] == ["Żory", "Dębica"]


def test_the_list_comes_in_pages(session, status_world):
    pages = [mid_list_page(session, MidFilters(page=number), NOW, SETTINGS, per_page=3) for number in (1, 2, 3, 4)]
    assert [len(page.rows) for page in pages] == [3, 3, 1, 0]
    assert pages[0].total == 7 and pages[0].pages == 3
    assert len({name for page in pages for name in participants(page)}) == 7


def test_the_last_activity_is_the_latest_of_actions_milestones_and_reports(session, status_world):
    row = next(r for r in mid_list_page(session, MidFilters(), NOW, SETTINGS).rows if r.participant.name == "Słupsk")
    assert row.last_activity_at.date().isoformat() == "2026-11-12"


def test_every_filter_state_is_a_url_that_reads_back_the_same():
    filters = MidFilters(edition_id=2, network_id=5, voivodeship="pomorskie", text="zielone", status="at_risk",
                         size="20k-100k", sort="status", descending=True, page=3)
    assert MidFilters.from_args(MultiDict(filters.to_args())) == filters
    assert MidFilters().to_args() == {}
    # Sorting again by the same column turns it round; sorting starts again on the first page.
    assert "dir" not in filters.sorted_by("status") and "page" not in filters.sorted_by("status")
    assert filters.sorted_by("title")["sort"] == "title" and "dir" not in filters.sorted_by("title")


def test_nonsense_in_the_url_is_ignored():
    filters = MidFilters.from_args(MultiDict({"status": "alive", "size": "huge", "sort": "drop table",
                                              "page": "-4", "voivodeship": "Bawaria", "edition": "x"}))
    assert filters == MidFilters()


def test_the_page_keeps_the_filters_in_its_links(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/mids?status=active&sort=status&dir=desc").get_data(as_text=True)
    assert "Słupsk" in page and "Lublin" not in page
    assert '<option value="active" selected>' in page
    assert 'aria-sort="descending"' in page
    links = re.findall(r'href="(/mids\?[^"]+)"', page)
    assert any("status=active" in link and "sort=title" in link for link in links)


def test_switching_language_keeps_the_filters(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/mids?status=active&sort=status&dir=desc&lang=pl").get_data(as_text=True)
    english = re.search(r'href="([^"]+)" lang="en"', page).group(1).replace("&amp;", "&")
    assert english.startswith("/mids?") and "lang=en" in english and "lang=pl" not in english
    assert {"status=active", "sort=status", "dir=desc"} <= set(english.split("?", 1)[1].split("&"))
    assert "Słupsk" in client.get(english).get_data(as_text=True)


def test_a_page_past_the_end_says_so(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/mids?page=9").get_data(as_text=True)
    assert "/mids" in page and 'href="/mids"' in page


def test_the_start_page_is_the_dashboard_for_the_ministry(client, login, create_user, status_world, login_page):
    login(create_user("analityk@example.org", role="ministry"))
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")


def test_the_start_page_lists_a_coordinators_own_mids(client, login, create_user, status_world):
    login(create_user("koordynator@example.org", participants=("Lublin",)))
    page = client.get("/").get_data(as_text=True)
    assert "MID Lublin" in page and "MID Słupsk" not in page
    assert 'href="/dashboard"' not in page and 'href="/mids"' not in page  # no menu entries they cannot open


def test_a_page_chosen_before_its_statuses_shows_the_same_statuses(session, status_world):
    """Unfiltered by status, the page is chosen first and the rule runs for its MIDs only: same facts."""
    listed = mid_list_page(session, MidFilters(), NOW, SETTINGS).rows
    by_status = {row.mid.id: (row.status, row.outcome, row.last_activity_at)
                 for outcome in {row.outcome for row in listed}
                 for row in mid_list_page(session, MidFilters(status=str(outcome)), NOW, SETTINGS).rows}
    assert {row.mid.id: (row.status, row.outcome, row.last_activity_at) for row in listed} == by_status
    assert {str(row.outcome) for row in listed} >= {"absorbed", "abandoned", "at_risk"}
