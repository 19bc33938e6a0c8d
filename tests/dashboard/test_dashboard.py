"""The dashboard's aggregations, on hand-made worlds whose numbers are counted by hand."""

from datetime import date, timedelta

from sqlmodel import func, select

from alumni.dashboard.breakdown import status_breakdown
from alumni.life_status import Outcome, SizeBand
from alumni.dashboard.needs import needs_of_the_year
from alumni.dashboard.page import build_dashboard, programme, silent_page
from alumni.dashboard.reporting import networks_of_the_first, rounds_in_view
from alumni.reporting.completeness import completeness
from alumni.models import Mid, MidStatusRecord, Participant
from tests.dashboard_fixtures import NOW, SETTINGS, mid_in, reporting_world, status_world  # noqa: F401


def counts(outcome_counts):
    return {outcome.value: n for outcome, n in outcome_counts.items() if n}


def test_every_mid_is_counted_once_by_outcome(session, status_world):
    breakdown = status_breakdown(session, NOW, SETTINGS)
    assert counts(breakdown.total) == {
        "active": 2, "at_risk": 1, "dormant": 1, "completed": 1, "absorbed": 1, "abandoned": 1,
    }
    assert breakdown.total.total == 7


def test_absorbed_mids_are_counted_apart_from_abandoned_ones(session, status_world):
    breakdown = status_breakdown(session, NOW, SETTINGS)
    # Both were abandoned on the same day; the one absorbed into a strategy lives on there.
    assert breakdown.total[Outcome.abandoned] == 1 and breakdown.total[Outcome.absorbed] == 1
    # A MID with a successor that is still alive counts under its own status.
    assert counts(breakdown.lineage[("continues", "mid")]) == {"active": 1}
    assert counts(breakdown.lineage[("absorbed", "strategy")]) == {"absorbed": 1}


def test_counts_by_edition_network_voivodeship_and_size(session, status_world):
    w = status_world
    breakdown = status_breakdown(session, NOW, SETTINGS)
    assert counts(breakdown.by_network[w.green.id]) == {"active": 1, "at_risk": 1}
    assert counts(breakdown.by_network[w.digital.id]) == {"dormant": 1, "completed": 1}
    assert counts(breakdown.by_network[w.compact.id]) == {"active": 1, "absorbed": 1, "abandoned": 1}
    assert counts(breakdown.by_edition[w.green.edition_id]) == {"active": 1, "at_risk": 1, "dormant": 1,
                                                                "completed": 1}
    assert counts(breakdown.by_edition[w.compact.edition_id]) == {"active": 1, "absorbed": 1, "abandoned": 1}
    assert counts(breakdown.by_voivodeship["podkarpackie"]) == {"active": 1, "absorbed": 1}
    assert [v for v, _ in breakdown.voivodeships_in_order()] == [
        "kujawsko-pomorskie", "lubelskie", "lubuskie", "podkarpackie", "pomorskie", "śląskie"]
    assert {band.value: counts(c) for band, c in breakdown.sizes_in_order()} == {
        "under-20k": {"dormant": 1},                      # Iłowa, 6,800
        "20k-100k": {"active": 1, "absorbed": 1},         # Słupsk 90,000; Dębica 44,000
        "100k-300k": {"completed": 1, "active": 1},       # Toruń, Rzeszów 196,000
        "over-300k": {"at_risk": 1},                      # Lublin 340,000
        "unknown": {"abandoned": 1},                      # Żory, no population given
    }
    assert [band for band, _ in breakdown.sizes_in_order()] == list(SizeBand)


def test_the_counts_follow_the_moment_asked_for(session, status_world):
    before_abandonment = status_breakdown(session, status_world.abandoned.abandoned_at - timedelta(days=1),
                                          SETTINGS)
    assert before_abandonment.total[Outcome.abandoned] == 0


def _round(session, world, round_):
    rounds = rounds_in_view(session, NOW, SETTINGS)
    return {result.round.id: result for result in completeness(session, rounds, NOW, SETTINGS)}[round_.id]


def test_reporting_rate_and_on_time_rate_of_a_past_round(session, reporting_world):
    w = reporting_world
    result = _round(session, w, w.r1)
    # Expected: on time, late, silent, draft, extended; not the two abandoned before the due date
    # (one of which reported anyway: a report from a MID not expected is not counted), nor the
    # one created after it. On time: the one sent before the due date and the extended one.
    assert (result.total.expected, result.total.received, result.total.on_time) == (5, 3, 2)
    assert result.total.reporting_rate == 3 / 5 and result.total.on_time_rate == 2 / 5
    assert (result.total.late, result.total.missing) == (1, 2)
    assert result.is_due


def test_rates_by_network_and_edition(session, reporting_world):
    w = reporting_world
    result = _round(session, w, w.r1)
    x, y = result.by_network[w.x.id], result.by_network[w.y.id]
    assert (x.expected, x.received, x.on_time) == (4, 2, 1)
    # The report under a granted extension is on time.
    assert (y.expected, y.received, y.on_time) == (1, 1, 1)
    assert result.by_edition[w.x.edition_id] == x and result.by_edition[w.y.edition_id] == y


def test_an_older_round_and_the_open_one(session, reporting_world):
    w = reporting_world
    older = _round(session, w, w.r0)
    assert (older.total.expected, older.total.received, older.total.on_time) == (7, 1, 1)
    open_round = _round(session, w, w.r2)
    # Now: every MID that exists and is neither abandoned nor completed; one has reported so far.
    assert not open_round.is_due
    assert (open_round.total.expected, open_round.total.received, open_round.total.on_time) == (6, 1, 1)


def test_silent_mids_come_with_their_active_coordinators(session, reporting_world):
    w = reporting_world
    silent = silent_page(session, NOW, SETTINGS)
    assert silent.round.id == w.r1.id
    # Not the abandoned MID, nor the one created after the due date; a draft is no report.
    assert [row.mid.id for row in silent.rows] == [w.draft.id, w.silent.id]
    assert silent.total == 2
    coordinators = {row.participant.name: [user.email for user in row.coordinators] for row in silent.rows}
    assert coordinators == {"Świdwin": ["koordynator.swidwin@example.org"], "Poznań": []}


def test_the_dashboards_first_silent_mids_are_those_the_silent_page_lists_first(
        session, monkeypatch, create_network, create_round, create_report, mid_in):
    import alumni.dashboard.page as page

    round_ = create_round()  # due before NOW
    second, first = create_network("Sieć B", "PIM II"), create_network("Sieć A", "PIM II")
    later = create_network("Sieć A", "PIM III")  # an edition entered later (same start year)
    for network, participants in ((first, ["Tczew", "Gdańsk", "Puck"]), (second, ["Bytów", "Elbląg"]),
                                  (later, ["Kalisz"])):
        for participant in participants:
            mid_in(network, participant, adopted_on=date(2025, 1, 1))
    create_report(session.exec(select(Mid).join(Participant).where(Participant.name == "Puck")).one(), round_)
    listed = silent_page(session, NOW, SETTINGS)
    # In the order of the page: editions, then network names, then participants.
    assert [row.participant.name for row in listed.rows] == ["Gdańsk", "Tczew", "Bytów", "Elbląg", "Kalisz"]
    for limit in range(1, 7):
        monkeypatch.setattr(page, "SILENT_ON_DASHBOARD", limit)
        shown = build_dashboard(session, NOW, SETTINGS).silent
        assert [row.mid.id for row in shown.rows] == [row.mid.id for row in listed.rows][:limit]
        assert shown.total == listed.total == 5


def test_the_first_silent_mids_are_read_from_the_networks_that_hold_them(session, create_network):
    second, first = create_network("Sieć B", "PIM II"), create_network("Sieć A", "PIM II")
    later = create_network("Sieć A", "PIM III")  # an edition entered later (same start year)
    editions, networks = programme(session)
    all_networks = [network for edition in editions for network in networks[edition.id]]
    missing = {first.id: 2, second.id: 3, later.id: 4}
    assert networks_of_the_first(1, missing, editions, all_networks) == {first.id}
    assert networks_of_the_first(2, missing, editions, all_networks) == {first.id}
    assert networks_of_the_first(3, missing, editions, all_networks) == {first.id, second.id}
    assert networks_of_the_first(9, missing, editions, all_networks) == {first.id, second.id, later.id}
    assert networks_of_the_first(10, missing, editions, all_networks) is None
    assert networks_of_the_first(1, {later.id: 1}, editions, all_networks) == {first.id, second.id, later.id}


def test_needs_of_the_year_count_submitted_reports_of_the_last_365_days(session, reporting_world):
    needs = needs_of_the_year(session, NOW)
    assert (needs.reports, needs.reports_with_barriers, needs.reports_asking_support) == (5, 3, 3)
    assert [(b.category.value, b.reports, b.mids) for b in needs.barriers] == [("financial", 3, 3), ("legal", 1, 1)]
    assert [(s.text, s.reports, s.mids) for s in needs.support] == [
        ("Wymiana doświadczeń", 2, 2), ("Szkolenia PPP", 1, 1)]


def test_the_whole_dashboard_in_one_call(session, status_world):
    dashboard = build_dashboard(session, NOW, SETTINGS)
    assert dashboard.breakdown.total.total == 7
    assert [edition.code for edition in dashboard.editions] == ["PIM II", "PIM III"]
    assert [result.round.name for result in dashboard.rounds] == ["2026 H1"]
    assert dashboard.selected.round.name == "2026 H1"
    assert len(dashboard.history) == 13 and dashboard.history[-1].counts == dashboard.breakdown.total
    assert session.exec(select(func.count()).select_from(MidStatusRecord)).one() == 0  # reading writes nothing


def test_an_unknown_round_falls_back_to_the_last_due_one(session, status_world):
    assert build_dashboard(session, NOW, SETTINGS, round_id=999).selected.round.id == status_world.round.id


def test_requested_moment_is_the_end_of_a_past_day_or_now(app):
    assert SETTINGS.requested_moment("2026-06-15", NOW).isoformat() == "2026-06-15T23:59:59.999999+02:00"
    assert SETTINGS.requested_moment("2026-11-22", NOW) == NOW
    assert SETTINGS.requested_moment("2027-01-01", NOW) == NOW
    assert SETTINGS.requested_moment("15.06.2026", NOW) == NOW
    assert SETTINGS.requested_moment(None, NOW) == NOW
    assert SETTINGS.end_of_day(date(2026, 1, 15)).utcoffset() == timedelta(hours=1)
