"""Status over time, survival after a network's end, the recorded history and the job that fills it."""

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from alumni.dashboard.breakdown import OutcomeCounts, status_breakdown
from alumni.life_status import (
    anniversaries, charted_days, count_days, month_ends, record_statuses, recorded_and_kept, recorded_days,
    status_history,
)
from alumni.dashboard.trends import COMPUTED, RECORDED, status_over_time, survival_curves
from alumni.mids import MidFilters
from alumni.models import Mid, MidStatusCount, MidStatusRecord, Network
from jobs import registry
from tests.dashboard_fixtures import NOW, SETTINGS, mid_in, utc  # noqa: F401


@pytest.fixture
def survival_world(session, create_network, create_milestone, mid_in):
    """PIM II: one MID active for a year after its network ended, one never; PIM III: one active."""
    green = create_network("Sieć Zielona", "PIM II", date(2023, 3, 31))
    compact = create_network("Miasto Kompaktowe", "PIM III", date(2026, 3, 31))
    lasting = mid_in(green, "Słupsk")
    create_milestone(lasting, updated_at=utc(2023, 1, 1))   # within the year before 2023-03-31
    create_milestone(lasting, updated_at=utc(2024, 1, 1))   # ... and before 2024-03-31, not 2025-03-31
    silent = mid_in(green, "Lublin")
    fresh = mid_in(compact, "Toruń")
    create_milestone(fresh, updated_at=utc(2026, 1, 1))
    return green, compact, lasting, silent, fresh


def _networks(session):
    return session.exec(select(Network).order_by(Network.id)).all()


def _record_on(session, app, day):
    """What the life-status job writes in the night after ``day``."""
    record_statuses(session, app, SETTINGS, day, SETTINGS.end_of_day(day) + timedelta(hours=2))
    session.commit()


def test_survival_counts_mids_alive_each_year_after_their_network_ended(app, session, survival_world):
    green, compact, *_ = survival_world
    for day in (date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31), date(2026, 3, 31)):
        _record_on(session, app, day)
    curves = survival_curves(session, _networks(session), NOW, SETTINGS)
    assert curves.years == [0, 1, 2, 3]  # 2026-03-31 is three years on; the fourth has not come
    pim_ii = curves.by_edition[green.edition_id]
    assert [(pim_ii[y].alive, pim_ii[y].cohort) for y in range(4)] == [(1, 2), (1, 2), (0, 2), (0, 2)]
    assert curves.by_edition[compact.edition_id][0].share == 1.0 and 1 not in curves.by_edition[compact.edition_id]
    assert [(curves.overall[y].alive, curves.overall[y].cohort) for y in range(4)] == [(2, 3), (1, 2), (0, 2), (0, 2)]
    assert curves.by_network[green.id][1].share == 0.5
    assert curves.unrecorded_days == 0


def test_survival_shows_no_value_where_no_record_was_kept_on_the_day(app, session, survival_world):
    green, *_ = survival_world
    # The status-history job fills past days from today's data: not a record kept on the day.
    registry()["status-history"].func(app, NOW)
    _record_on(session, app, date(2025, 3, 31))
    curves = survival_curves(session, _networks(session), NOW, SETTINGS)
    assert curves.years == [0, 1, 2, 3]
    by_years = curves.by_network[green.id]
    assert [by_years[y].share for y in (0, 1, 3)] == [None, None, None]
    assert (by_years[2].alive, by_years[2].cohort) == (0, 2)
    assert curves.unrecorded_days == 4


def test_survival_leaves_out_mids_recorded_on_the_day_only_later(app, session, survival_world, mid_in):
    green, *_ = survival_world
    _record_on(session, app, date(2024, 3, 31))
    mid_in(green, "Sopot")  # entered since: the status-history job fills its past from today's data
    registry()["status-history"].func(app, NOW)
    by_years = survival_curves(session, _networks(session), NOW, SETTINGS).by_network[green.id]
    assert (by_years[1].alive, by_years[1].cohort) == (1, 2)


def test_a_recorded_month_counts_mids_living_on_elsewhere_as_absorbed(session, survival_world):
    green, _compact, lasting, silent, fresh = survival_world
    silent.lineage_kind, silent.successor_strategy = "absorbed", "Strategia rozwoju miasta 2030"
    october = date(2026, 10, 31)
    for mid, status in ((lasting, "dormant"), (silent, "abandoned"), (fresh, "completed")):
        session.add(MidStatusRecord(mid_id=mid.id, recorded_on=october, status=status))
    session.add(silent)
    session.flush()
    count_days(session, [october])  # as the record's writers do
    session.commit()
    current = status_breakdown(session, NOW, SETTINGS).total
    recorded = recorded_days(session, set(month_ends(date(2026, 11, 22))))
    every = status_over_time(session, NOW, SETTINGS, current, recorded)[-2]
    assert every.source == RECORDED
    assert dict(every.counts) == {"dormant": 1, "absorbed": 1, "completed": 1}
    # Narrowed to a network, the same day is counted MID by MID: the same outcomes.
    narrowed = status_over_time(session, NOW, SETTINGS, current, recorded, [Mid.network_id == green.id])[-2]
    assert dict(narrowed.counts) == {"dormant": 1, "absorbed": 1}


def test_an_anniversary_counts_only_once_the_day_is_over(survival_world):
    assert anniversaries(date(2023, 11, 22), NOW, SETTINGS) == [(0, date(2023, 11, 22)), (1, date(2024, 11, 22)),
                                                                (2, date(2025, 11, 22))]
    assert anniversaries(date(2024, 2, 29), NOW, SETTINGS)[1] == (1, date(2025, 2, 28))


def test_status_over_time_mixes_recorded_and_computed_months(session, survival_world):
    _green, _compact, lasting, silent, fresh = survival_world
    october = date(2026, 10, 31)
    for mid, status in ((lasting, "active"), (silent, "abandoned"), (fresh, "completed")):
        session.add(MidStatusRecord(mid_id=mid.id, recorded_on=october, status=status))
    session.flush()
    count_days(session, [october])  # as the record's writers do
    session.commit()
    current = status_breakdown(session, NOW, SETTINGS).total
    points = status_over_time(session, NOW, SETTINGS, current, recorded_days(session, set(month_ends(date(2026, 11, 22)))))
    assert [point.day for point in points] == month_ends(date(2026, 11, 22)) + [date(2026, 11, 22)]
    assert points[-2].source == RECORDED
    assert dict(points[-2].counts) == {"active": 1, "abandoned": 1, "completed": 1}
    # January 2026: the PIM III MID's milestone is that month's activity; the others sleep.
    january = points[2]
    assert (january.day, january.source) == (date(2026, 1, 31), COMPUTED)
    assert dict(+january.counts) == {"active": 1, "dormant": 2}
    assert points[-1].counts is current


def test_the_status_history_job_records_the_charted_days_once(app, session, survival_world, create_round):
    create_round("2026 H1", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31))
    job = registry()["status-history"]
    expected = charted_days(session, NOW, SETTINGS)
    # Twelve month ends, the due day, and the anniversaries of 2023-03-31 (2026-03-31 is a month end too).
    assert len(expected) == 16 and {date(2026, 6, 15), date(2023, 3, 31), date(2025, 3, 31)} <= expected
    assert "would record 16 past days" in job.func(app, NOW, dry_run=True)
    session.rollback()
    assert session.exec(select(func.count()).select_from(MidStatusRecord)).one() == 0
    assert "recorded 16 past days" in job.func(app, NOW)
    session.rollback()
    assert session.exec(select(func.count()).select_from(MidStatusRecord)).one() == 16 * 3
    assert "recorded 0 past days" in job.func(app, NOW)
    # What it recorded is the rule as of those days: the PIM II MID alive a year on, dormant two years on.
    history = {record.recorded_on: record.status for record in session.exec(select(MidStatusRecord).where(
        MidStatusRecord.mid_id == survival_world[2].id))}
    assert (history[date(2024, 3, 31)], history[date(2025, 3, 31)]) == ("active", "dormant")


def test_a_mids_history_is_spans_of_one_status_newest_first(session, create_mid):
    mid = create_mid()
    for day, status in ((1, "active"), (2, "active"), (3, "active"), (4, "at_risk"), (6, "active")):
        session.add(MidStatusRecord(mid_id=mid.id, recorded_on=date(2026, 5, day), status=status))
    session.commit()
    spans = status_history(session, mid.id)
    assert [(s.status.value, s.first_day.day, s.last_day.day, s.days) for s in spans] == [
        ("active", 6, 6, 1), ("at_risk", 4, 4, 1), ("active", 1, 3, 3)]
    assert status_history(session, mid.id + 1) == []


def test_outcome_counts_give_totals_and_shares():
    counts = OutcomeCounts({"active": 3, "dormant": 1})
    assert counts.total == 4 and counts.share("active") == 0.75
    assert OutcomeCounts().share("active") == 0.0


def _counts(session):
    return {(row.recorded_on, row.network_id, row.status, row.on_the_day, row.mids)
            for row in session.exec(select(MidStatusCount))}


def _counted_from_the_record(session):
    """The counts worked out MID by MID: each record row with its MID's network now."""
    counted = Counter()
    for record, network_id in session.exec(select(MidStatusRecord, Mid.network_id).join(Mid)):
        counted[record.recorded_on, network_id, record.status, record.on_the_day] += 1
    return {(*key, n) for key, n in counted.items()}


def test_each_writer_of_the_record_keeps_its_counts_in_step(app, session, survival_world, mid_in):
    green, *_ = survival_world
    october = date(2026, 10, 31)
    _record_on(session, app, october)
    assert _counts(session) == _counted_from_the_record(session) != set()
    mid_in(green, "Sopot")  # entered since: the status-history job fills it in on every charted day
    registry()["status-history"].func(app, NOW)
    assert _counts(session) == _counted_from_the_record(session)
    assert sum(row[-1] for row in _counts(session) if row[0] == october) == 4
    _record_on(session, app, october)  # the day recorded again: counted again, not added twice
    assert _counts(session) == _counted_from_the_record(session)


def test_a_recorded_month_is_read_from_its_counts_with_the_same_outcomes(app, session, survival_world):
    _green, _compact, _lasting, silent, _fresh = survival_world
    silent.lineage_kind, silent.successor_strategy = "absorbed", "Strategia rozwoju miasta 2030"
    session.add(silent)
    session.commit()
    registry()["status-history"].func(app, NOW)  # every month end, recorded and counted
    current = status_breakdown(session, NOW, SETTINGS).total
    days = set(month_ends(date(2026, 11, 22)))
    recorded = recorded_and_kept(session, days)[0]
    from_counts = status_over_time(session, NOW, SETTINGS, current, recorded)
    # Narrowed to every MID, each day is counted MID by MID from the record instead.
    from_the_record = status_over_time(session, NOW, SETTINGS, current, recorded, [Mid.id.is_not(None)])
    assert [dict(+p.counts) for p in from_counts] == [dict(+p.counts) for p in from_the_record]
    assert dict(+from_counts[-2].counts)["absorbed"] == 1
    # The month is read from the kept counts, not counted again.
    october = session.exec(select(MidStatusCount).where(MidStatusCount.recorded_on == date(2026, 10, 31),
                                                        MidStatusCount.status == "dormant")).first()
    october.mids += 7
    session.add(october)
    session.commit()
    again = status_over_time(session, NOW, SETTINGS, current, recorded_and_kept(session, days)[0])
    assert again[-2].counts["dormant"] == from_counts[-2].counts["dormant"] + 7


def _read_from_the_record(session, days):
    """(days with a record, those whose record holds every MID, those with a record kept on the day)."""
    mids = session.exec(select(func.count()).select_from(Mid)).one()
    recorded, whole, kept = set(), set(), set()
    for day in days:
        rows = session.exec(select(MidStatusRecord.on_the_day).where(MidStatusRecord.recorded_on == day)).all()
        recorded |= {day} if rows else set()
        whole |= {day} if rows and len(rows) == mids else set()
        kept |= {day} if any(rows) else set()
    return recorded, whole, kept


def test_days_recorded_whole_and_kept_are_read_from_the_counts_as_the_record_holds_them(app, session,
                                                                                       survival_world, mid_in):
    green, *_ = survival_world
    on_the_day, filled, never = date(2026, 10, 31), date(2026, 9, 30), date(2026, 11, 20)
    _record_on(session, app, on_the_day)                       # kept on the day, every MID
    registry()["status-history"].func(app, NOW)                # fills the other month ends, not on the day
    days = {on_the_day, filled, never}
    recorded, kept = recorded_and_kept(session, days)
    assert (set(recorded), set(recorded.whole), kept) == _read_from_the_record(session, days)
    assert (set(recorded), set(recorded.whole), kept) == ({on_the_day, filled}, {on_the_day, filled}, {on_the_day})
    mid_in(green, "Sopot")                                     # entered since: no day's record holds it
    recorded, kept = recorded_and_kept(session, days)
    assert (set(recorded), set(recorded.whole), kept) == _read_from_the_record(session, days)
    assert recorded.whole == set()


def _curves(curves):
    return ({years: (s.cohort, s.alive) for years, s in curves.overall.items()},
            {network: {years: (s.cohort, s.alive) for years, s in by_years.items()}
             for network, by_years in curves.by_network.items()}, curves.years, curves.unrecorded_days)


def test_survival_read_from_the_counts_equals_survival_counted_from_the_record(app, session, survival_world, mid_in):
    green, *_ = survival_world
    for day in (date(2023, 3, 31), date(2024, 3, 31), date(2026, 3, 31)):
        _record_on(session, app, day)
    mid_in(green, "Sopot")  # entered since: filled in later, not on the day, so left out of both
    registry()["status-history"].func(app, NOW)
    from_counts = survival_curves(session, _networks(session), NOW, SETTINGS)
    # Narrowed to every MID, each anniversary is counted MID by MID from the record instead.
    from_the_record = survival_curves(session, _networks(session), NOW, SETTINGS, [Mid.id.is_not(None)])
    assert _curves(from_counts) == _curves(from_the_record)
    assert _curves(from_counts)[0][1] == (2, 1) and _curves(from_counts)[3] == 1  # PIM II in 2025: not recorded
    # The curve is read from the kept counts, not counted again.
    kept = session.exec(select(MidStatusCount).where(MidStatusCount.recorded_on == date(2024, 3, 31),
                                                     MidStatusCount.on_the_day.is_(True))).first()
    kept.mids += 5
    session.add(kept)
    session.commit()
    assert survival_curves(session, _networks(session), NOW, SETTINGS).overall[1].cohort == 7


def test_a_mid_moved_to_another_network_has_its_recorded_days_counted_again(app, session, survival_world):
    green, compact, lasting, *_ = survival_world
    _record_on(session, app, date(2024, 3, 31))
    registry()["status-history"].func(app, NOW)
    lasting.network_id = compact.id
    session.add(lasting)
    session.commit()
    assert _counts(session) == _counted_from_the_record(session)
    lasting.network_id = green.id
    session.add(lasting)
    session.rollback()  # a move rolled back leaves the counts as they were
    assert _counts(session) == _counted_from_the_record(session)


def test_a_filter_by_edition_or_network_reads_its_networks_counts(app, session, survival_world):
    """Filtered by edition or network, the months and the curves read those networks' kept counts,
    and equal counting the same MIDs one by one from the record; the other networks' counts stay out."""
    green, compact, _lasting, silent, _fresh = survival_world
    silent.lineage_kind, silent.successor_strategy = "absorbed", "Strategia rozwoju miasta 2030"
    session.add(silent)
    session.commit()
    for day in (date(2023, 3, 31), date(2024, 3, 31), date(2026, 3, 31)):
        _record_on(session, app, day)
    registry()["status-history"].func(app, NOW)
    current = status_breakdown(session, NOW, SETTINGS).total
    days = set(month_ends(date(2026, 11, 22)))
    recorded = recorded_and_kept(session, days)[0]
    networks = _networks(session)
    for filters, network in ((MidFilters(edition_id=green.edition_id), green), (MidFilters(network_id=green.id), green),
                             (MidFilters(edition_id=compact.edition_id), compact),
                             (MidFilters(network_id=compact.id), compact)):
        where, whole = filters.mid_conditions(), filters.whole_networks(networks)
        assert whole == {network.id}
        from_counts = status_over_time(session, NOW, SETTINGS, current, recorded, where, whole)
        from_the_record = status_over_time(session, NOW, SETTINGS, current, recorded, where)
        assert [dict(+p.counts) for p in from_counts[:-1]] == [dict(+p.counts) for p in from_the_record[:-1]]
        assert _curves(survival_curves(session, networks, NOW, SETTINGS, where, None, whole)) == \
            _curves(survival_curves(session, networks, NOW, SETTINGS, where))
    october = date(2026, 10, 31)
    in_green = status_over_time(session, NOW, SETTINGS, current, recorded, [Mid.network_id == green.id], {green.id})
    assert dict(+in_green[-2].counts) == {"dormant": 1, "absorbed": 1}
    # Read from the kept counts: one of green's changed by hand shows there, and not in compact's.
    kept = session.exec(select(MidStatusCount).where(MidStatusCount.recorded_on == october,
                                                     MidStatusCount.network_id == green.id,
                                                     MidStatusCount.status == "dormant")).one()
    kept.mids += 7
    session.add(kept)
    session.commit()
    again = status_over_time(session, NOW, SETTINGS, current, recorded, [Mid.network_id == green.id], {green.id})
    assert again[-2].counts["dormant"] == in_green[-2].counts["dormant"] + 7
    in_compact = status_over_time(session, NOW, SETTINGS, current, recorded, [Mid.network_id == compact.id],
                                  {compact.id})
    assert in_compact[-2].counts["dormant"] == 0


def test_only_filters_by_edition_or_network_keep_whole_networks(survival_world, session):
    green, compact, *_ = survival_world
    networks = _networks(session)
    assert MidFilters().whole_networks(networks) is None
    assert MidFilters(edition_id=green.edition_id, voivodeship="pomorskie").whole_networks(networks) is None
    assert MidFilters(network_id=green.id, size="under-20k").whole_networks(networks) is None
    assert MidFilters(edition_id=green.edition_id).whole_networks(networks) == {green.id}
    assert MidFilters(network_id=compact.id, text="Toruń").whole_networks(networks) == {compact.id}
    # A network outside the edition chosen: no MID is kept, as the conditions keep none.
    assert MidFilters(edition_id=green.edition_id, network_id=compact.id).whole_networks(networks) == frozenset()
