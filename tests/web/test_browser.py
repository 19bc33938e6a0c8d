"""End to end in Debian's Chromium: people's main paths, checked for accessibility on the way.

The CSP of the app forbids inline scripts; axe-core is injected by the test through the
DevTools protocol, which the CSP does not govern (bypass_csp).
"""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from alumni.clock import Calendar
from alumni.models import Action, OutboxMessage, Report, utcnow
from tests.browser import PASSWORD, check, expect, screenshot, serious_violations, sign_in

pytestmark = pytest.mark.browser
TODAY = Calendar().local_date(utcnow())


@pytest.fixture
def city(create_mid, create_action, create_user, create_round):
    mid = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura Słupska")
    create_action(mid, title="Ogrody deszczowe", progress=40, position=0)
    create_action(mid, title="Zbiorniki retencyjne", status="planned", progress=0, position=1)
    create_round(name="2026 H2", opens_on=TODAY - timedelta(days=5), due_on=TODAY + timedelta(days=20),
                 closes_on=TODAY + timedelta(days=60))
    create_user(email="slupsk@example.org", participants=("Słupsk",))
    create_user(email="ministerstwo@example.org", role="ministry")
    create_user(email="admin@example.org", role="admin")
    return mid


def test_coordinator_updates_an_action_and_submits_a_report(page, live, city, session):
    page.goto(f"{live.url}/login")
    assert page.locator("html").get_attribute("lang") == "pl"
    check(page, "login")
    sign_in(page, live, "slupsk@example.org")
    expect(page.get_by_role("heading", name="Moje MID-y")).to_be_visible()
    check(page, "my-mids")

    page.get_by_role("link", name="Błękitno-zielona infrastruktura Słupska").click()
    check(page, "mid")
    page.get_by_role("link", name=re.compile(r"^Edytuj.*Ogrody deszczowe")).click()
    page.get_by_label("Postęp (%)").fill("65")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Zapisano działanie.")).to_be_visible()
    assert session.exec(select(Action).where(Action.title == "Ogrody deszczowe")).one().progress == 65

    page.get_by_role("link", name="Wypełnij raport").click()
    check(page, "report-form")
    page.get_by_label("Osiągnięcia od ostatniego raportu").fill("Zakończono projekt ogrodów deszczowych.")
    page.get_by_label("finansowe").check()
    page.get_by_role("button", name="Złóż raport").click()
    expect(page.get_by_text("Raport został złożony. Dziękujemy!")).to_be_visible()
    report = session.exec(select(Report)).one()
    assert report.state == "submitted" and report.achievements.startswith("Zakończono")


def test_ministry_sees_a_dormant_mid_come_back_to_life_on_the_dashboard(chromium, page, live, create_mid, create_action,
                                                                         create_user, browser_locale):
    two_years_ago = utcnow() - timedelta(days=730)
    mid = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura Słupska", created_at=two_years_ago)
    create_action(mid, title="Ogrody deszczowe", progress=40, updated_at=two_years_ago)
    create_user(email="slupsk@example.org", participants=("Słupsk",))
    create_user(email="ministerstwo@example.org", role="ministry")
    # The first count of each status in the dashboard's tables is the whole programme's.
    dormant = 'section#status td a[href*="status=dormant"]'
    active = 'section#status td a[href*="status=active"]'

    sign_in(page, live, "ministerstwo@example.org")
    expect(page.locator(dormant).first).to_have_text("1")
    assert page.locator(active).count() == 0

    coordinator = chromium.new_context(locale=browser_locale).new_page()
    sign_in(coordinator, live, "slupsk@example.org")
    coordinator.get_by_role("link", name="Błękitno-zielona infrastruktura Słupska").click()
    coordinator.get_by_role("link", name=re.compile(r"^Edytuj.*Ogrody deszczowe")).click()
    coordinator.get_by_label("Postęp (%)").fill("70")
    coordinator.get_by_role("button", name="Zapisz").click()
    expect(coordinator.get_by_text("Zapisano działanie.")).to_be_visible()
    coordinator.context.close()

    page.reload()
    expect(page.locator(active).first).to_have_text("1")
    assert page.locator(dormant).count() == 0
    check(page, "dashboard-after-update")


def test_ministry_sees_the_mid_list_and_reviews_a_report(page, live, city, session, create_report):
    from alumni.reports import open_round

    create_report(city, open_round(session, TODAY))
    sign_in(page, live, "ministerstwo@example.org")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check(page, "dashboard")
    page.goto(f"{live.url}/mids")
    check(page, "mid-list")
    page.get_by_role("link", name="Błękitno-zielona infrastruktura Słupska").click()
    page.get_by_role("link", name="2026 H2").click()
    page.get_by_label("Decyzja").select_option("return")
    page.get_by_label("Komentarz dla miasta").fill("Proszę dopisać źródła finansowania.")
    page.get_by_role("button", name="Zapisz ocenę").click()
    expect(page.get_by_text("Zapisano ocenę.")).to_be_visible()
    assert session.exec(select(Report)).one().state == "returned"


def test_invitation_link_from_the_email_sets_a_password(page, live, city, session, chromium):
    sign_in(page, live, "admin@example.org")
    page.goto(f"{live.url}/admin/users/new")
    check(page, "invite-user")
    page.get_by_label("E-mail").fill("nowa.koordynatorka@example.org")
    page.get_by_label("Rola").select_option("coordinator")
    page.get_by_label("Uczestnicy (dla koordynatorów)").select_option(label="Słupsk")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    expect(page.get_by_text("Zaproszono nowa.koordynatorka@example.org")).to_be_visible()

    message = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "invitation")).one()
    link = re.search(r"/invitation/\S+", message.body_text).group(0)
    newcomer = chromium.new_context(bypass_csp=True, locale="pl-PL").new_page()
    newcomer.goto(live.url + link)
    check(newcomer, "set-password")
    newcomer.get_by_label("Nowe hasło", exact=True).fill("zielona droga do retencji")
    newcomer.get_by_label("Powtórz nowe hasło").fill("zielona droga do retencji")
    newcomer.get_by_role("button", name="Ustaw hasło").click()
    expect(newcomer.get_by_text("Hasło zostało ustawione.")).to_be_visible()
    newcomer.get_by_label("E-mail").fill("nowa.koordynatorka@example.org")
    newcomer.get_by_label("Hasło").fill("zielona droga do retencji")
    newcomer.get_by_role("button", name="Zaloguj się").click()
    expect(newcomer.get_by_role("heading", name="Moje MID-y")).to_be_visible()


def test_keyboard_alone_reaches_the_main_content_and_the_login_form(page, live, city):
    page.goto(f"{live.url}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") in ("email", "main")


def test_admin_creates_a_round_and_retries_a_failed_message(page, live, city, session):
    session.add(OutboxMessage(idempotency_key="test:refused", channel="email", kind="reminder-3",
                              recipient="slupsk@example.org", subject="Przypomnienie", status="failed", attempts=6,
                              last_error="SMTP 550 5.1.1 No such user"))
    session.commit()
    sign_in(page, live, "admin@example.org")
    page.goto(f"{live.url}/admin/rounds?lang=en")
    check(page, "rounds")
    page.get_by_role("link", name="New round").click()
    page.get_by_label("Name").fill("2059 H1")
    page.get_by_label("Opens on").fill("2059-05-04")
    page.get_by_label("Reports due on").fill("2059-06-15")
    page.get_by_label("Closes on").fill("2059-06-01")
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_text("The round cannot close before reports are due.").first).to_be_visible()
    check(page, "round-form-error")
    page.get_by_label("Closes on").fill("2059-07-31")
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_text("Round 2059 H1 is created.")).to_be_visible()
    check(page, "round")

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Outbox").click()
    check(page, "outbox")
    page.get_by_role("button", name="Send again to slupsk@example.org").click()
    expect(page.get_by_text("will be sent again in a minute")).to_be_visible()
    session.rollback()
    assert session.exec(select(OutboxMessage)).one().status == "pending"
