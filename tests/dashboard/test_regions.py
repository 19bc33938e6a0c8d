"""The map of Poland: the tile grid's layout, the counts per voivodeship and the points of a region."""

from collections import Counter

import pytest
from sqlmodel import select

from alumni import demo_data
from alumni.charts.maps import point_map, tile_map
from alumni.charts.palette import alive_fill
from alumni.dashboard.breakdown import OutcomeCounts, breakdown_of, status_breakdown
from alumni.dashboard.states import current_states
from alumni.life_status import Outcome, outcome_of, statuses
from alumni.models import Mid, Participant, Voivodeship
from alumni.mids import MidFilters
from alumni.regions import BY_VOIVODESHIP, REGIONS, alive_share, region_counts, region_picture, region_picture_of
from tests.dashboard_fixtures import NOW, SETTINGS, mid_in, status_world  # noqa: F401


def counts(outcome_counts):
    return {outcome.value: n for outcome, n in outcome_counts.items() if n}


def test_the_grid_has_each_voivodeship_once_in_a_place_of_its_own():
    assert len(REGIONS) == 16
    assert sorted(region.voivodeship for region in REGIONS) == sorted(Voivodeship)
    places = {(region.column, region.row) for region in REGIONS}
    assert len(places) == 16 and places == {(column, row) for column in range(4) for row in range(4)}


def test_grid_neighbours_are_neighbours_on_the_ground():
    """Along a row the regions run west to east, down a column north to south (by their boxes' centres)."""
    at = {(region.column, region.row): region for region in REGIONS}
    for (column, row), region in at.items():
        latitude, longitude = region.centre
        if (column + 1, row) in at:
            assert longitude < at[(column + 1, row)].centre[1], (region.voivodeship, "west of its right neighbour")
        if (column, row + 1) in at:
            assert latitude > at[(column, row + 1)].centre[0], (region.voivodeship, "north of the one below")
    # A few fixed points of the map of Poland.
    assert (BY_VOIVODESHIP["zachodniopomorskie"].column, BY_VOIVODESHIP["zachodniopomorskie"].row) == (0, 0)
    assert (BY_VOIVODESHIP["podkarpackie"].column, BY_VOIVODESHIP["podkarpackie"].row) == (3, 3)
    assert (BY_VOIVODESHIP["mazowieckie"].column, BY_VOIVODESHIP["lubelskie"].column) == (3, 3)


def test_tiles_are_laid_out_without_overlap_and_the_chosen_one_is_marked():
    empty = [(region, OutcomeCounts(), None) for region in REGIONS]
    chart = tile_map(empty, selected="śląskie")
    assert [tile.key for tile in chart.tiles] == [region.voivodeship.value for region in REGIONS]
    boxes = [(tile.x, tile.y, tile.x + tile.width, tile.y + tile.height) for tile in chart.tiles]
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        assert 0 <= x0 and x1 <= chart.width and 0 <= y0 and y1 <= chart.height
        for other in boxes[index + 1:]:
            assert x1 <= other[0] or other[2] <= x0 or y1 <= other[1] or other[3] <= y0
    assert [tile.key for tile in chart.tiles if tile.selected] == ["śląskie"]
    assert {tile.fill for tile in chart.tiles} == {"no-mids"}
    assert [tile.lines for tile in chart.tiles if "-" in tile.key] == [
        ["warmińsko-", "mazurskie"], ["kujawsko-", "pomorskie"]]


@pytest.mark.parametrize("share, fill", [
    (None, "no-mids"), (0.0, "alive-0"), (0.19, "alive-0"), (0.2, "alive-1"), (3 / 5, "alive-3"),
    (0.79, "alive-3"), (0.8, "alive-4"), (1.0, "alive-4"),
])
def test_the_share_alive_picks_a_fifth(share, fill):
    assert alive_fill(share) == fill


def test_alive_means_active_or_at_risk():
    mixed = OutcomeCounts({Outcome.active: 1, Outcome.at_risk: 2, Outcome.dormant: 1, Outcome.absorbed: 1,
                           Outcome.completed: 1})
    assert alive_share(mixed) == 0.5
    assert alive_share(OutcomeCounts()) is None


def test_region_counts_agree_with_the_dashboard(session, status_world):
    by_region = region_counts(session, NOW, SETTINGS)
    assert set(by_region) == {v.value for v in Voivodeship}
    breakdown = status_breakdown(session, NOW, SETTINGS)
    for voivodeship in Voivodeship:
        assert counts(by_region[voivodeship.value]) == counts(breakdown.by_voivodeship[voivodeship.value])
    assert counts(by_region["podkarpackie"]) == {"active": 1, "absorbed": 1}
    assert by_region["mazowieckie"].total == 0


def test_a_chosen_region_lists_its_participants_with_their_counts(session, status_world, mid_in):
    w = status_world
    mid_in(w.green, "Krosno", "podkarpackie", 45000)
    for name, latitude, longitude in (("Rzeszów", 50.04, 22.0), ("Dębica", 50.05, 21.41)):
        participant = session.exec(select(Participant).where(Participant.name == name)).one()
        participant.latitude, participant.longitude = latitude, longitude
    session.commit()
    picture = region_picture(session, NOW, SETTINGS, voivodeship="podkarpackie")
    assert picture.selected.voivodeship == Voivodeship.podkarpackie
    assert [(p.name, counts(p.counts)) for p in picture.participants] == [
        ("Dębica", {"absorbed": 1}), ("Krosno", {"dormant": 1}), ("Rzeszów", {"active": 1})]
    assert [p.name for p in picture.unplaced()] == ["Krosno"]
    points = picture.points()
    assert [point.label for point in points.points] == ["Dębica", "Rzeszów"]   # north to south
    debica, rzeszow = points.points
    assert debica.x < rzeszow.x                   # Dębica lies west of Rzeszów
    assert (debica.fill, rzeszow.fill) == ("alive-0", "alive-4")
    # Without a region the map has no points; an unknown region is none.
    assert region_picture(session, NOW, SETTINGS).points() is None
    assert region_picture(session, NOW, SETTINGS, voivodeship="Bawaria").selected is None


def test_points_are_projected_within_the_box_and_labels_kept_apart():
    region = BY_VOIVODESHIP["śląskie"]

    def place(name, latitude, longitude):
        return (name, name, latitude, longitude, OutcomeCounts({Outcome.active: 1}), 1.0)

    places = [place("Racibórz", 50.09, 18.22), place("Żory", 50.04, 18.70), place("Pszczyna", 49.98, 18.95),
              place("Ruda Śląska", 50.26, 18.86), place("Dąbrowa Górnicza", 50.32, 19.19),
              place("ZMG w Żywcu", 49.69, 19.19), place("Jedno miejsce", 50.26, 18.86),
              ("Bez współrzędnych", "Bez współrzędnych", None, None, OutcomeCounts(), None)]
    chart = point_map(region, places)
    by_name = {point.label: point for point in chart.points}
    assert "Bez współrzędnych" not in by_name
    for point in chart.points:
        assert chart.plot_x <= point.x <= chart.plot_x + chart.plot_width
        assert chart.plot_y <= point.y <= chart.plot_y + chart.plot_height
    assert by_name["Racibórz"].x < by_name["Żory"].x < by_name["Pszczyna"].x < by_name["Dąbrowa Górnicza"].x
    assert by_name["ZMG w Żywcu"].y > by_name["Pszczyna"].y > by_name["Dąbrowa Górnicza"].y
    # Two places at one spot are drawn apart.
    same = by_name["Ruda Śląska"], by_name["Jedno miejsce"]
    assert (same[0].x, same[0].y) != (same[1].x, same[1].y)
    # The proportions of the ground: a degree east is cos(latitude) of a degree north.
    assert chart.plot_width / chart.plot_height == pytest.approx(
        (region.east - region.west) * 0.6401 / (region.north - region.south), rel=0.01)
    assert [line.label for line in chart.meridians] == ["18°E", "19°E"]
    assert [line.label for line in chart.parallels] == ["50°N", "51°N"]


def test_every_real_participant_of_the_demo_sits_in_its_voivodeship():
    real = [(name, voivodeship) for name, _kind, voivodeship, _population, illustrative in demo_data.PARTICIPANTS
            if not illustrative]
    assert {name for name, _v in real} == set(demo_data.COORDINATES)
    for name, voivodeship in real:
        latitude, longitude = demo_data.COORDINATES[name]
        region = BY_VOIVODESHIP[voivodeship]
        assert region.south <= latitude <= region.north and region.west <= longitude <= region.east, name


def test_the_demo_gives_real_participants_their_coordinates(session):
    from alumni.demo import load_demo
    load_demo(session, NOW.date())
    session.commit()
    torun = session.exec(select(Participant).where(Participant.name == "Toruń")).one()
    assert (torun.latitude, torun.longitude) == (53.01, 18.60)
    invented = session.exec(select(Participant).where(Participant.illustrative)).all()
    assert invented and all(p.latitude is None for p in invented)


def test_the_dashboard_shows_the_map_and_a_chosen_region(client, login, create_user, status_world):
    login(create_user("analityk@example.org", role="ministry"))
    page = client.get("/dashboard?edition=%d" % status_world.green.edition_id).get_data(as_text=True)
    assert page.count('class="region-tile') == 16
    # A tile keeps the other filters and chooses its region; the map counts the edition's MIDs only.
    assert f'href="/dashboard?voivodeship=pomorskie&amp;edition={status_world.green.edition_id}#map"' in page
    assert 'data-region="podkarpackie"' in page and "point-map" not in page
    chosen = client.get("/dashboard?voivodeship=pomorskie").get_data(as_text=True)
    assert "point-map" in chosen and 'aria-current="true" data-region="pomorskie"' in chosen
    # The chosen tile leads back to the whole country.
    assert 'href="/dashboard#map" aria-label="pomorskie' in chosen


def _counted_mid_by_mid(session, voivodeship):
    """({region: {outcome: n}}, [(participant, {outcome: n})] of ``voivodeship``) from each MID's status."""
    status = statuses(session, SETTINGS, NOW)
    regions, participants = {v.value: Counter() for v in Voivodeship}, {}
    for mid, participant in session.exec(select(Mid, Participant).join(Participant)).all():
        outcome = outcome_of(status[mid.id], mid.lineage_kind).value
        regions[participant.voivodeship][outcome] += 1
        if participant.voivodeship == voivodeship:
            participants.setdefault((participant.name, participant.id), Counter())[outcome] += 1
    return ({region: dict(c) for region, c in regions.items()},
            [(name, dict(c)) for (name, _id), c in sorted(participants.items())])


@pytest.mark.parametrize("voivodeship", ["podkarpackie", "pomorskie", "mazowieckie", None])
def test_the_dashboards_map_counts_every_region_and_the_chosen_ones_participants(session, status_world, mid_in,
                                                                                  voivodeship):
    """Today's states counted once for every region (a chosen one's also by participant) give the map
    each MID's status gives, and the page's own states are the region's."""
    mid_in(status_world.green, "Krosno", "podkarpackie", 45000)
    every_region = current_states(session, NOW, SETTINGS, voivodeship=voivodeship)
    picture = region_picture_of(session, every_region, voivodeship)
    assert ({region: counts(c) for region, c in picture.by_voivodeship.items()},
            [(p.name, counts(p.counts)) for p in picture.participants]) == _counted_mid_by_mid(session, voivodeship)
    if voivodeship:
        where = MidFilters(voivodeship=voivodeship).mid_conditions()
        assert counts(breakdown_of(every_region.within(voivodeship)).total) == \
            counts(breakdown_of(current_states(session, NOW, SETTINGS, where=where)).total)
