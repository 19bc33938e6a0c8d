"""Indicator values in a reporting round's form: pre-filled with the last value, recorded when changed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from alumni.models import AuditEvent, Indicator, IndicatorValue, Report, utcnow
from tests.pages import page_form


@pytest.fixture
def world(create_mid, create_user, create_round, login, session):
    mid = create_mid(participant="Słupsk")
    today = utcnow().date()
    round_ = create_round("Runda bieżąca", today - timedelta(days=3), today + timedelta(days=20),
                          today + timedelta(days=40))
    indicator = Indicator(mid_id=mid.id, name="Udział rowerów w podróżach", unit="%", direction="increase",
                          baseline_value=Decimal(4), baseline_year=2020, target_value=Decimal(12), target_year=2030)
    session.add(indicator)
    session.flush()
    session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=2023, value=Decimal("6.5")))
    session.commit()
    login(create_user(email="slupsk@example.org", participants=("Słupsk",)))
    return mid, round_, indicator


def _form(client, mid):
    return page_form(client.get(f"/mids/{mid.id}/report").get_data(as_text=True))


def test_the_form_is_prefilled_with_the_last_value_and_an_unchanged_one_is_not_recorded(client, world, session):
    mid, round_, indicator = world
    fields = _form(client, mid)
    assert fields["indicators-rows-0-value"] == "6,5"
    assert client.post(f"/mids/{mid.id}/report", data={**fields, "draft": "1"}).status_code == 302
    assert session.exec(select(IndicatorValue.year)).all() == [2023]


def test_a_changed_value_is_recorded_for_the_round_year_with_its_comment_and_audited(client, world, session):
    mid, round_, indicator = world
    fields = {**_form(client, mid), "indicators-rows-0-value": "7,25", "indicators-rows-0-comment": "badanie ruchu"}
    assert client.post(f"/mids/{mid.id}/report", data={**fields, "submit": "1"}).status_code == 302
    recorded = session.exec(select(IndicatorValue).where(IndicatorValue.year == round_.opens_on.year)).one()
    assert (recorded.value, recorded.comment) == (Decimal("7.2500"), "badanie ruchu")
    assert session.exec(select(AuditEvent).where(AuditEvent.entity_type == "indicatorvalue",
                                                 AuditEvent.entity_id == recorded.id)).one().action == "create"
    # the form now shows this year's value, and saving it again changes nothing
    again = _form(client, mid)
    assert again["indicators-rows-0-value"] == "7,25"


def test_a_value_outside_its_unit_keeps_the_form_and_saves_nothing(client, world, session):
    mid, round_, indicator = world
    fields = {**_form(client, mid), "indicators-rows-0-value": "140", "achievements": "Nowe drogi rowerowe."}
    response = client.post(f"/mids/{mid.id}/report", data={**fields, "submit": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "od 0 do 100" in page and 'value="140"' in page
    assert "Nowe drogi rowerowe." in page
    assert session.exec(select(IndicatorValue.year)).all() == [2023]
    assert session.exec(select(Report)).all() == []
