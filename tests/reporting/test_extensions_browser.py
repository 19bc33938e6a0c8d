"""In Chromium: a coordinator asks for more time, the ministry grants it from its queue and reviews a report."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni.clock import Calendar
from alumni.models import DeadlineExtension, OutboxMessage, Report, utcnow
from tests.browser import check, expect, sign_in

pytestmark = pytest.mark.browser
TODAY = Calendar().local_date(utcnow())


@pytest.fixture
def city(create_mid, create_user, create_round, create_report):
    mid = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura Słupska")
    round_ = create_round(name="2026 H2", opens_on=TODAY - timedelta(days=5), due_on=TODAY + timedelta(days=20),
                          closes_on=TODAY + timedelta(days=60))
    create_report(create_mid(participant="Żory", title="Osiedle Gwarków"), round_)
    create_user(email="slupsk@example.org", participants=("Słupsk",))
    create_user(email="ministerstwo@example.org", role="ministry")
    return mid, round_


def test_a_coordinator_asks_for_more_time_and_the_ministry_grants_it_from_the_queue(
        chromium, page, live, city, session, browser_locale):
    mid, round_ = city
    sign_in(page, live, "slupsk@example.org")
    page.get_by_role("link", name="Błękitno-zielona infrastruktura Słupska").click()
    page.get_by_role("link", name="Poproś o więcej czasu").click()
    check(page, "extension-request")

    too_late = round_.closes_on + timedelta(days=1)
    page.get_by_label("Nowy termin").fill(too_late.isoformat())
    page.get_by_label("Dlaczego miasto potrzebuje więcej czasu").fill("Koordynatorka na urlopie macierzyńskim.")
    page.get_by_role("button", name="Poproś o więcej czasu").click()
    expect(page.get_by_role("alert")).to_contain_text("po zamknięciu rundy")
    expect(page.get_by_label("Dlaczego miasto potrzebuje więcej czasu")).to_have_value(
        "Koordynatorka na urlopie macierzyńskim.")
    check(page, "extension-request-error")

    asked = round_.due_on + timedelta(days=21)
    page.get_by_label("Nowy termin").fill(asked.isoformat())
    page.get_by_role("button", name="Poproś o więcej czasu").click()
    expect(page.get_by_text("Prośba została wysłana do ministerstwa.")).to_be_visible()

    ministry = chromium.new_context(bypass_csp=True, locale=browser_locale, viewport={"width": 1280, "height": 900})
    try:
        official = ministry.new_page()
        sign_in(official, live, "ministerstwo@example.org")
        official.get_by_role("link", name=re.compile(r"^Do przeglądu 1 czeka")).click()
        expect(official.get_by_role("heading", name="Raporty do przeglądu")).to_be_visible()
        check(official, "review-queue")
        official.get_by_role("link", name="1 prośba o więcej czasu czeka na decyzję").click()
        expect(official.get_by_text("Koordynatorka na urlopie macierzyńskim.")).to_be_visible()
        check(official, "extension-queue")

        granted = round_.due_on + timedelta(days=14)
        official.get_by_label("Decyzja").select_option(label="Przyznaj")
        official.get_by_label("Przyznany termin").fill(granted.isoformat())
        official.get_by_label("Komentarz dla miasta").fill("Dajemy dwa tygodnie.")
        official.get_by_role("button", name="Zapisz decyzję").click()
        expect(official.get_by_text("Decyzja jest zapisana")).to_be_visible()
        expect(official.get_by_text("Brak próśb oczekujących na decyzję.")).to_be_visible()

        official.get_by_role("link", name=re.compile(r"^Do przeglądu")).click()
        official.get_by_role("button", name="Przyjmij").click()
        expect(official.get_by_text("Zapisano ocenę.")).to_be_visible()
        expect(official.get_by_text("Żaden raport nie czeka na przegląd.")).to_be_visible()
        check(official, "review-queue-empty")
    finally:
        ministry.close()

    session.expire_all()
    extension = session.exec(select(DeadlineExtension)).one()
    assert (extension.requested_until, extension.granted_until) == (asked, granted)
    assert session.exec(select(Report)).one().state == "accepted"
    [mail] = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "extension-decision")).all()
    assert mail.recipient == "slupsk@example.org" and mail.subject.startswith("Przyznano więcej czasu")

    page.goto(f"{live.url}/mids/{mid.id}/extension")
    expect(page.get_by_text("Twoja prośba: przyznana.")).to_be_visible()
    check(page, "extension-granted")
