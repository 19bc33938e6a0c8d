"""Finding MIDs as people type: without Polish letters, in any case; networks of the chosen edition."""

import re
from datetime import date

from werkzeug.datastructures import MultiDict

from alumni.folding import fold
from alumni import mids
from alumni.mids import MidFilters, mid_list_page
from tests.dashboard_fixtures import NOW, SETTINGS, mid_in, status_world  # noqa: F401


def participants(page):
    return [row.participant.name for row in page.rows]


def found(session, text):
    return participants(mid_list_page(session, MidFilters(text=text), NOW, SETTINGS))


def test_folding_drops_polish_marks_and_case():
    assert fold("ŁÓDŹ Zażółć gęślą jaźń") == "lodz zazolc gesla jazn"


def test_search_finds_cities_typed_without_polish_letters(session, status_world, mid_in):
    mid_in(status_world.green, "Łódź", "łódzkie", 650000)
    assert found(session, "Lodz") == ["Łódź"]
    assert found(session, "slupsk") == ["Słupsk"]
    assert found(session, "TORUN") == ["Toruń"]
    assert found(session, "zory") == ["Żory"]


def test_search_with_polish_letters_still_finds_them_in_any_case(session, status_world, mid_in):
    mid_in(status_world.green, "Łódź", "łódzkie", 650000)
    assert found(session, "ŁÓDŹ") == ["Łódź"]
    assert found(session, "łódź") == ["Łódź"]
    assert found(session, "Iłowa") == ["Iłowa"]
    assert found(session, "mid zo") == ["Żory"]  # in titles too
    assert found(session, "100%") == []


def test_a_network_of_another_edition_is_dropped_from_the_filters(session, status_world):
    w = status_world
    args = MultiDict({"edition": str(w.compact.edition_id), "network": str(w.green.id)})
    filters, groups = mids.list_filters(session, args)
    assert filters.network_id is None and filters.edition_id == w.compact.edition_id
    assert [(edition.code, [n.name_pl for n in networks]) for edition, networks in groups] == [
        ("PIM III", ["Miasto Kompaktowe"])]
    assert participants(mid_list_page(session, filters, NOW, SETTINGS)) == ["Dębica", "Rzeszów", "Żory"]


def test_a_network_of_the_chosen_edition_is_kept(session, status_world):
    w = status_world
    filters, groups = mids.list_filters(session, MultiDict({"edition": str(w.green.edition_id), "network": str(w.green.id)}))
    assert filters.network_id == w.green.id
    assert [edition.code for edition, _networks in groups] == ["PIM II"]
    everything, all_groups = mids.list_filters(session, MultiDict())
    assert [edition.code for edition, _networks in all_groups] == ["PIM II", "PIM III"]


def test_the_network_menu_lists_only_the_chosen_editions_networks(client, login, create_user, status_world,
                                                                 create_network):
    create_network("Sieć Pierwsza", "PIM I", date(2019, 12, 31))
    login(create_user("analityk@example.org", role="ministry"))
    w = status_world
    page = client.get(f"/mids?edition={w.compact.edition_id}&network={w.green.id}").get_data(as_text=True)
    menu = re.search(r'<select id="f-network".*?</select>', page, re.S).group(0)
    assert "Miasto Kompaktowe" in menu and "Sieć Zielona" not in menu and "Sieć Pierwsza" not in menu
    assert "Żory" in page and "Dębica" in page
