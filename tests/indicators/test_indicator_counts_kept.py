"""The day's indicators on track, kept by network (alumni/indicators/kept.py): equal to counting them
after every kind of change, read by the dashboard, and counted there when not kept."""

from datetime import timedelta
from decimal import Decimal as D

from sqlmodel import select

from alumni.clock import Calendar
from alumni.db import get_db
from alumni.dashboard.indicators import indicator_overview
from alumni.dashboard.page import programme
from alumni.indicators.counted import counted_by_network
from alumni.indicators.keeping import add_indicator, record_value, update_indicator
from alumni.indicators.kept import count_indicators, kept_counts
from alumni.life_status import fill_the_past
from alumni.mids import MidFilters
from alumni.models import IndicatorCount, Mid, utcnow
from jobs import registry

TREES = {"name": "Drzewa posadzone", "unit": "szt.", "direction": "increase", "baseline_value": D(0),
         "baseline_year": 2020, "target_value": D(1000), "target_year": 2030}


def _today(app):
    return Calendar.from_app(app).local_date(utcnow())


def test_every_change_keeps_the_days_counts_equal_to_counting_them(app, session, create_mid, create_network):
    today = _today(app)
    mid = create_mid()
    other = create_network("Sieć Druga")
    fill_the_past(session, app, utcnow())  # as the demo, an import and `alumni init-db` do
    session.commit()
    assert kept_counts(session, today) == counted_by_network(session, today) == {}
    indicator = add_indicator(session, mid, TREES)
    session.commit()
    assert kept_counts(session, today) == counted_by_network(session, today)
    assert kept_counts(session, today)[mid.network_id].no_data == 1
    record_value(session, indicator, 2025, D(900))
    session.commit()
    assert kept_counts(session, today) == counted_by_network(session, today)
    assert kept_counts(session, today)[mid.network_id].on_track == 1
    update_indicator(session, mid, indicator, {**TREES, "target_value": D(900)}, indicator.version)
    session.commit()
    assert kept_counts(session, today)[mid.network_id].achieved == 1
    mid = session.get(Mid, mid.id)
    first_network, mid.network_id = mid.network_id, other.id  # the MID moved to another network
    session.add(mid)
    session.commit()
    assert kept_counts(session, today) == counted_by_network(session, today)
    assert other.id in kept_counts(session, today) and first_network not in kept_counts(session, today)


def test_a_change_undone_leaves_the_counts_as_they_were(app, session, create_mid):
    today = _today(app)
    mid = create_mid()
    fill_the_past(session, app, utcnow())
    session.commit()
    with get_db(app).session() as writing:
        add_indicator(writing, writing.get(Mid, mid.id), TREES)
        writing.rollback()
    assert kept_counts(session, today) == counted_by_network(session, today) == {}


def test_a_day_not_counted_is_counted_on_reading_then_kept_by_the_nightly_job(app, session, create_mid):
    today = _today(app)
    mid = create_mid()
    indicator = add_indicator(session, mid, TREES)
    record_value(session, indicator, 2025, D(900))
    session.commit()
    assert kept_counts(session, today) is None  # not counted yet: a change does not start it
    editions, networks = programme(session)
    read = indicator_overview(session, today, editions, networks)
    assert read.total.on_track == 1
    count_indicators(session, today - timedelta(days=1))
    session.commit()
    registry()["life-status"].func(app, utcnow())
    assert kept_counts(session, today) == counted_by_network(session, today)
    assert kept_counts(session, today - timedelta(days=1)) is None  # a day past is not kept


def test_the_dashboard_reads_the_kept_counts_unless_some_network_has_none(app, session, create_mid,
                                                                          create_network):
    today = _today(app)
    mid = create_mid()
    create_network("Sieć Druga")
    add_indicator(session, mid, TREES)
    session.commit()
    count_indicators(session, today)
    session.commit()
    editions, networks = programme(session)
    assert indicator_overview(session, today, editions, networks).total.no_data == 1
    kept = session.exec(select(IndicatorCount).where(IndicatorCount.network_id == mid.network_id,
                                                     IndicatorCount.progress == "no_data")).one()
    kept.indicators = 7  # read, not counted again
    session.add(kept)
    session.commit()
    assert indicator_overview(session, today, editions, networks).total.no_data == 7
    # Narrowed by the dashboard's filters, it is counted; narrowed to whole networks (an edition, a
    # network), their kept counts are read, the others' left out.
    assert indicator_overview(session, today, editions, networks, [Mid.id == mid.id]).total.no_data == 1
    own = MidFilters(network_id=mid.network_id)
    every_network = [network for edition in editions for network in networks[edition.id]]
    assert indicator_overview(session, today, editions, networks, own.mid_conditions(),
                              own.whole_networks(every_network)).total.no_data == 7
    other = MidFilters(network_id=next(n.id for n in every_network if n.id != mid.network_id))
    assert indicator_overview(session, today, editions, networks, other.mid_conditions(),
                              other.whole_networks(every_network)).total.total == 0
    session.exec(IndicatorCount.__table__.delete().where(IndicatorCount.network_id == mid.network_id))
    session.commit()
    assert indicator_overview(session, today, editions, networks).total.no_data == 1
