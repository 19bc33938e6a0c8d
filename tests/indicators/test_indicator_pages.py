"""A MID's indicators through the pages: add one, record values (Polish numbers), stale edits, the chart."""

from decimal import Decimal

import pytest
from sqlalchemy import event
from sqlmodel import select

from alumni.db import get_db
from alumni.models import AuditEvent, Indicator, IndicatorValue
from tests.pages import csrf

RETENTION = {"name": "Objętość retencji", "unit_choice": "m³", "unit_other": "", "direction": "increase",
             "action_id": "", "baseline_value": "1 200", "baseline_year": "2022", "target_value": "12 000,5",
             "target_year": "2030", "source": "Wodociągi Słupsk, pomiar roczny"}


@pytest.fixture
def slupsk(create_mid, create_user, login):
    mid = create_mid(participant="Słupsk")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    return mid


def _add(client, mid, **changes):
    path = f"/mids/{mid.id}/indicators/new"
    return client.post(path, data={"csrf_token": csrf(client, path), **RETENTION, **changes})


def _record(client, mid, indicator, year, value, comment="", version=""):
    path = f"/mids/{mid.id}/indicators/{indicator.id}/values"
    return client.post(path, data={"csrf_token": csrf(client, path), "year": str(year), "value": value,
                                   "comment": comment, "version": version})


def test_coordinator_adds_an_indicator_and_records_a_value_with_a_decimal_comma(client, slupsk, session):
    assert _add(client, slupsk).status_code == 302
    indicator = session.exec(select(Indicator).where(Indicator.mid_id == slupsk.id)).one()
    assert (indicator.unit, indicator.baseline_value, indicator.target_value) == (
        "m³", Decimal("1200.0000"), Decimal("12000.5000"))
    assert _record(client, slupsk, indicator, 2025, "7 450,25", "po budowie zbiornika").status_code == 302
    value = session.exec(select(IndicatorValue)).one()
    assert (value.year, value.value, value.mid_id) == (2025, Decimal("7450.2500"), slupsk.id)
    audited = session.exec(select(AuditEvent.entity_type, AuditEvent.mid_id)
                           .where(AuditEvent.entity_type.in_(["indicator", "indicatorvalue"]))).all()
    assert sorted(audited) == [("indicator", slupsk.id), ("indicatorvalue", slupsk.id)]

    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    assert "Objętość retencji" in page and "7\u00a0450,25" in page
    assert 'class="on-track-band"' in page and "<desc" in page
    # 2022 → 2030 at 7450 of 12 000 m³ is far ahead of the time elapsed
    assert "na dobrej drodze" in page
    assert "wskaźnik „Objętość retencji”" in page and "wartość z 2025 r. wskaźnika „Objętość retencji”" in page


@pytest.mark.parametrize("value, message", [
    ("dużo", "Wpisz liczbę"), ("-5", "od 0"), ("12,5,1", "Wpisz liczbę")])
def test_a_bad_value_is_refused_with_a_message_and_the_typed_text_kept(client, slupsk, session, value, message):
    _add(client, slupsk)
    indicator = session.exec(select(Indicator)).one()
    response = _record(client, slupsk, indicator, 2025, value)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and f'value="{value}"' in page
    assert session.exec(select(IndicatorValue)).all() == []


def test_units_bound_values_percent_to_100_and_counts_to_whole_numbers(client, slupsk, session):
    assert _add(client, slupsk, unit_choice="%", baseline_value="40", target_value="120").status_code == 200
    assert _add(client, slupsk, unit_choice="szt.", baseline_value="10,5", target_value="100").status_code == 200
    assert _add(client, slupsk, unit_choice="other", unit_other="drzewa", baseline_value="-3",
                target_value="100").status_code == 302
    assert session.exec(select(Indicator.unit)).all() == ["drzewa"]


def test_a_target_on_the_wrong_side_of_the_baseline_is_refused(client, slupsk, session):
    response = _add(client, slupsk, direction="decrease")
    assert response.status_code == 200
    assert "poniżej" in response.get_data(as_text=True)
    assert session.exec(select(Indicator)).all() == []


def test_a_value_someone_else_recorded_for_that_year_is_not_overwritten(client, slupsk, session):
    _add(client, slupsk)
    indicator = session.exec(select(Indicator)).one()
    _record(client, slupsk, indicator, 2025, "5000")
    response = _record(client, slupsk, indicator, 2025, "6000")  # a new value for a year that has one
    assert response.status_code == 409
    assert session.exec(select(IndicatorValue.value)).one() == Decimal("5000.0000")
    stored = session.exec(select(IndicatorValue)).one()
    assert _record(client, slupsk, indicator, 2025, "6000", version=str(stored.version)).status_code == 302
    session.refresh(stored)
    assert (stored.value, stored.version) == (Decimal("6000.0000"), 2)


def test_the_ministry_reads_indicators_but_cannot_record(client, create_mid, create_user, login, session):
    mid = create_mid(participant="Słupsk")
    session.add(Indicator(mid_id=mid.id, name="Drzewa posadzone", unit="szt.", direction="increase"))
    session.commit()
    login(create_user(email="ministerstwo@example.org", role="ministry"))
    page = client.get(f"/mids/{mid.id}").get_data(as_text=True)
    assert "Drzewa posadzone" in page and "Dodaj wskaźnik" not in page
    indicator = session.exec(select(Indicator)).one()
    assert client.get(f"/mids/{mid.id}/indicators/{indicator.id}/values").status_code == 403


def test_the_mid_page_costs_the_same_statements_with_one_indicator_or_ten(app, client, slupsk, session):
    app.config["PAGE_CACHE_ENTRIES"] = 0  # the page built each time, not kept (``http_cache``)

    def count_statements():
        counted = []
        listener = lambda *_args: counted.append(1)  # noqa: E731
        event.listen(get_db(app).engine, "before_cursor_execute", listener)
        assert client.get(f"/mids/{slupsk.id}").status_code == 200
        event.remove(get_db(app).engine, "before_cursor_execute", listener)
        return len(counted)

    def add(count):
        for n in range(count):
            indicator = Indicator(mid_id=slupsk.id, name=f"Wskaźnik {n}", unit="szt.", direction="increase",
                                  baseline_value=Decimal(10), baseline_year=2022, target_value=Decimal(100),
                                  target_year=2030, position=n)
            session.add(indicator)
            session.flush()
            for year in (2023, 2024, 2025):
                session.add(IndicatorValue(indicator_id=indicator.id, mid_id=slupsk.id, year=year,
                                           value=Decimal(year - 2000)))
        session.commit()

    add(1)
    client.get(f"/mids/{slupsk.id}")
    one = count_statements()
    add(9)
    assert count_statements() == one


def test_a_value_for_a_year_still_to_come_is_refused(client, slupsk, session):
    _add(client, slupsk)
    indicator = session.exec(select(Indicator)).one()
    response = _record(client, slupsk, indicator, 2055, "5000")
    assert response.status_code == 200 and "tylko dla bieżącego lub wcześniejszego roku" in response.get_data(
        as_text=True)
    assert session.exec(select(IndicatorValue)).all() == []
