"""The workshop year's picture, checked against the hand-computed fixture."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event

from alumni.db import get_db
from alumni.models import LifeStatus
from alumni.workshop.aggregate import workshop_picture
from alumni.workshop.lines import action_lines, mid_lines, report_text_lines
from alumni.workshop.window import WindowError, window_for
from tests.workshop_fixture import CLOCK, INJECTED_PRACTICE, INJECTED_SUPPORT, programme, reader  # noqa: F401

A, R, D, C, X = (LifeStatus.active, LifeStatus.at_risk, LifeStatus.dormant, LifeStatus.completed,
                 LifeStatus.abandoned)


@pytest.fixture
def picture(reader):
    return workshop_picture(reader, 2026, CLOCK)


def _network(picture, name):
    return next(line for line in picture.networks if line.name_pl == name)


def test_the_year_runs_to_the_eve_of_its_workshop_and_the_year_before_is_the_calendar_year(picture):
    assert (picture.window.first_day, picture.window.last_day) == (date(2026, 1, 1), date(2026, 12, 7))
    assert picture.window.complete
    assert (picture.previous_window.first_day, picture.previous_window.last_day) == (
        date(2025, 1, 1), date(2025, 12, 31))
    assert picture.workshop.place == "Warszawa"


def test_a_year_in_progress_is_pictured_as_of_the_clock(session, programme):
    early = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)
    window = window_for(session, 2026, early)
    assert window.last_day == date(2026, 11, 22) and not window.complete
    with pytest.raises(WindowError, match="has not begun"):
        window_for(session, 2027, early)
    # The 2027 span starts on the day the 2026 workshop opens.
    assert window_for(session, 2027, datetime(2027, 3, 1, tzinfo=timezone.utc)).first_day == date(2026, 12, 8)


def test_mids_by_life_status_per_network_and_a_year_earlier(picture):
    green = _network(picture, "Sieć Zielona")
    assert green.current.mids == 3 and dict(green.current.statuses) == {A: 1, R: 1, X: 1}
    assert dict(green.previous.statuses) == {A: 1, D: 2}
    digital = _network(picture, "Sieć Cyfrowa")
    # Łódź was recorded active on 31 December 2025; Rzeszów's MID did not exist yet.
    assert dict(digital.current.statuses) == {C: 1, R: 1} and dict(digital.previous.statuses) == {A: 1}
    assert dict(picture.total.current.statuses) == {A: 1, R: 2, D: 1, C: 1, X: 1}
    assert dict(picture.total.previous.statuses) == {A: 2, D: 3}


def test_actions_and_milestones_of_the_period(picture):
    green = _network(picture, "Sieć Zielona").current
    # Słupsk's rain gardens (March 2026) and Lublin's inventory (reported done in June 2026).
    assert (green.actions_live, green.actions_done, green.done_in_period) == (6, 3, 2)
    assert green.share_done == 0.5
    assert (green.started_in_period, green.milestones_achieved) == (1, 1)
    assert _network(picture, "Sieć Zielona").previous.done_in_period == 1
    digital = _network(picture, "Sieć Cyfrowa").current
    assert (digital.actions_live, digital.actions_done, digital.done_in_period, digital.started_in_period) == (
        2, 1, 1, 1)
    total = picture.total.current
    assert (total.actions_live, total.actions_done, total.done_in_period) == (9, 4, 3)


def test_reporting_completeness_counts_only_the_rounds_due_in_the_period(picture):
    green = _network(picture, "Sieć Zielona")
    # 2026 H1 only: Żyrardów had abandoned before it opened.
    assert (green.current.reports_expected, green.current.reports_received) == (2, 2)
    assert (green.previous.reports_expected, green.previous.reports_received) == (3, 1)
    digital = _network(picture, "Sieć Cyfrowa").current
    # Łódź is completed, so it is not expected, and its report is not counted (one definition:
    # received reports are those of expected MIDs); Rzeszów left a draft.
    assert (digital.reports_expected, digital.reports_received, digital.completeness) == (1, 0, 0.0)
    # Słupsk and Lublin on time; Toruń (dormant, still expected) and Rzeszów missing.
    total = picture.total.current
    assert (total.reports_expected, total.reports_received, total.reports_on_time) == (4, 2, 2)
    assert total.completeness == pytest.approx(0.5) and total.on_time_rate == pytest.approx(0.5)
    # 2025 H2: Słupsk, Lublin, Żyrardów (abandoned only in 2026) and Toruń expected; Słupsk reported.
    assert picture.total.previous.completeness == pytest.approx(0.25)


def test_funding_by_source_and_barriers_by_category(picture):
    green = _network(picture, "Sieć Zielona")
    assert green.current.funding == {"FEnIKS": Decimal("250000.00"), "KPO": Decimal("1000000.00")}
    assert green.previous.funding == {"WFOŚiGW": Decimal("100000.00")}
    assert dict(green.current.barriers) == {"financial": 1, "legal": 1, "staffing": 1}
    assert picture.total.current.funding_total == Decimal("1300000.00")
    assert picture.total.current.barriers_total == 3 and picture.total.previous.barriers_total == 1


def test_editions_sum_their_networks(picture):
    assert [line.edition_code for line in picture.networks] == ["PIM I", "PIM II", "PIM II"]
    pim2 = next(line for line in picture.editions if line.edition_code == "PIM II")
    assert pim2.current.mids == 5 and pim2.previous.mids == 4
    assert pim2.current.funding_total == Decimal("1300000.00")


def test_mid_lines_tell_what_each_mid_did_in_the_period(reader, picture):
    lines = {line.participant: line for line in mid_lines(reader, picture)}
    assert list(lines) == ["Toruń", "Łódź", "Rzeszów", "Lublin", "Słupsk", "Żyrardów"]
    slupsk = lines["Słupsk"]
    assert (slupsk.status, slupsk.previous_status) == (A, A)
    assert (slupsk.actions_live, slupsk.actions_done, slupsk.done_in_period, slupsk.done_in_previous_period) == (
        3, 2, 1, 1)
    assert slupsk.done_items == [("action", "Ogrody deszczowe"), ("milestone", "Odbiór")]
    assert slupsk.last_report_on == date(2026, 6, 10)
    assert [r.round_name for r in slupsk.reports] == ["2026 H1"]
    assert slupsk.reports[0].barriers == ["financial", "legal"]
    assert slupsk.reports[0].good_practice == INJECTED_PRACTICE
    assert lines["Rzeszów"].previous_status is None and lines["Łódź"].previous_status == A


def test_detail_streams_list_actions_done_and_what_reports_said(reader, picture):
    assert [(a.participant, a.title, a.done_on) for a in action_lines(reader, picture)] == [
        ("Łódź", "Portal mieszkańca", date(2026, 2, 2)),
        ("Lublin", "Inwentaryzacja zieleni", date(2026, 6, 12)),
        ("Słupsk", "Ogrody deszczowe", date(2026, 3, 10)),
    ]
    assert [line.participant for line in report_text_lines(reader, picture, "barriers")] == ["Lublin", "Słupsk"]
    support = list(report_text_lines(reader, picture, "support"))
    assert [(s.participant, s.texts.support_needed) for s in support] == [
        ("Lublin", INJECTED_SUPPORT), ("Słupsk", "Szkolenia z zamówień zielonych.")]
    assert [p.participant for p in report_text_lines(reader, picture, "practice")] == ["Słupsk"]


def test_the_picture_takes_the_same_number_of_queries_whatever_the_number_of_mids(
    app, programme, create_mid, create_action
):
    def queries():
        counted = []
        listener = lambda *args: counted.append(1)  # noqa: E731
        event.listen(get_db(app).engine, "before_cursor_execute", listener)
        try:
            with get_db(app).session(write=False) as db_session:
                picture = workshop_picture(db_session, 2026, CLOCK)
                assert len(list(mid_lines(db_session, picture))) == picture.mid_count
        finally:
            event.remove(get_db(app).engine, "before_cursor_execute", listener)
        return len(counted)

    before = queries()
    for n in range(5):
        mid = create_mid(f"Gmina {n}", created_at=datetime(2024, 1, 1, tzinfo=timezone.utc))
        create_action(mid)
    assert queries() == before
