"""In Chromium: a coordinator records an indicator's value in the report form, and the ministry sees it on track."""

from datetime import timedelta
from decimal import Decimal

import pytest

from alumni.clock import Calendar
from alumni.indicators.kept import count_indicators, kept_counts
from alumni.models import Indicator, IndicatorValue, utcnow
from tests.browser import check, expect, sign_in

pytestmark = pytest.mark.browser
TODAY = Calendar().local_date(utcnow())


@pytest.fixture
def city(session, create_mid, create_user, create_round):
    mid = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura Słupska")
    round_ = create_round(name="Runda bieżąca", opens_on=TODAY - timedelta(days=5),
                          due_on=TODAY + timedelta(days=20), closes_on=TODAY + timedelta(days=60))
    year = round_.opens_on.year
    indicator = Indicator(mid_id=mid.id, name="Objętość retencji wód opadowych", unit="m³", direction="increase",
                          baseline_value=Decimal(1000), baseline_year=year - 3, target_value=Decimal(11000),
                          target_year=year + 3, source="Wodociągi Słupsk (dane ilustracyjne)")
    session.add(indicator)
    session.flush()
    session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=year - 1, value=Decimal(2000)))
    session.commit()
    create_user(email="slupsk@example.org", participants=("Słupsk",))
    create_user(email="ministerstwo@example.org", role="ministry")
    count_indicators(session, Calendar().local_date(utcnow()))  # as the night's life-status job counts the day: kept from then on
    session.commit()
    return mid


def test_a_value_recorded_in_the_report_puts_the_indicator_on_track_on_the_dashboard(
        chromium, page, live, city, browser_locale, session):
    sign_in(page, live, "slupsk@example.org")
    page.get_by_role("link", name="Błękitno-zielona infrastruktura Słupska").click()
    indicators = page.locator("#indicators")
    expect(indicators.get_by_role("heading", name="Objętość retencji wód opadowych")).to_contain_text("opóźniony")
    expect(indicators.locator("svg[role=img] title")).to_have_text("Objętość retencji wód opadowych (m³)")
    check(page, "indicators-mid-page")
    page.get_by_role("link", name="Edytuj wskaźnik").click()
    check(page, "indicators-form")
    page.go_back()

    page.get_by_role("link", name="Wypełnij raport").click()
    value = page.get_by_label("Wartość w tej rundzie")
    expect(value).to_have_value("2 000")
    value.fill("9 500,5")
    page.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(page.get_by_text("Zapisano wersję roboczą.")).to_be_visible()
    expect(page.locator("#indicators h3")).to_contain_text("na dobrej drodze")

    ministry = chromium.new_context(bypass_csp=True, locale=browser_locale, viewport={"width": 1280, "height": 900})
    try:
        official = ministry.new_page()
        sign_in(official, live, "ministerstwo@example.org")
        official.goto(live.url + "/dashboard#indicators")
        expect(official.locator("#indicators-headline")).to_have_text(
            "Osiągnięte lub na dobrej drodze: 1 z 1 wskaźników.")
        assert kept_counts(session, Calendar().local_date(utcnow()))[city.network_id].on_track == 1  # read from the day's counts
        check(official, "indicators-dashboard")
    finally:
        ministry.close()
