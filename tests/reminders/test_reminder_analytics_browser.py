"""In Debian's Chromium: the ministry finds which reminders brought the reports in (with axe-core)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from alumni.db import session_scope
from alumni.models import OutboxMessage
from alumni.outbox import enqueue
from tests.browser import check, sign_in

pytestmark = pytest.mark.browser
WARSAW = ZoneInfo("Europe/Warsaw")


def at(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=WARSAW)


def test_the_ministry_reads_the_reminder_analytics_from_the_dashboard(
        page, live, app, session, create_round, create_mid, create_network, create_user, create_report):
    # The page reads the wall clock: a round already closed.
    round_ = create_round(name="2026 H1", opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15),
                          closes_on=date(2026, 7, 31))
    slupsk = create_mid(participant="Słupsk", adopted_on=date(2024, 1, 15))
    zory = create_mid(participant="Żory", title="Osiedle Gwarków", adopted_on=date(2024, 1, 15),
                      network=create_network(name="Miasto Kompaktowe", edition_code="PIM III"))
    anna = create_user(email="anna@example.org", participants=("Słupsk", "Żory"))
    create_user(email="analityk@example.org", role="ministry")
    with session_scope(app, via="job") as work:
        for kind, day in (("opening", date(2026, 5, 4)), ("reminder-14", date(2026, 6, 1))):
            enqueue(work, key=f"{kind}:round={round_.id}:user={anna.id}", channel="email", kind=kind,
                    recipient=anna.email, user_id=anna.id, round_id=round_.id, as_of=at(day))
        work.exec(update(OutboxMessage).values(status="sent", sent_at=OutboxMessage.created_at))
    create_report(slupsk, round_, submitted_at=at(date(2026, 5, 4), 14), first_submitted_at=at(date(2026, 5, 4), 14))
    create_report(zory, round_, submitted_at=at(date(2026, 6, 5), 11), first_submitted_at=at(date(2026, 6, 5), 11))

    sign_in(page, live, "analityk@example.org")
    page.goto(f"{live.url}/dashboard")
    page.get_by_role("link", name="Które przypomnienia przyniosły raporty").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Skuteczność przypomnień", level=1).is_visible()
    by_message = page.get_by_role("table", name="Runda 2026 H1: otrzymane raporty według ostatniej wiadomości przed nimi")
    opening = by_message.get_by_role("row", name="otwarcie rundy")
    assert [cell.inner_text() for cell in opening.get_by_role("cell").all()] == ["1", "1", "1", "1"]
    reminder = by_message.get_by_role("row", name="przypomnienie 14 dni przed terminem")
    assert [cell.inner_text() for cell in reminder.get_by_role("cell").all()] == ["1", "0", "0", "1"]
    check(page, "reminder-analytics")

    page.get_by_role("link", name="7 dni").click()
    page.wait_for_load_state()
    network = page.get_by_role("row", name="Miasto Kompaktowe")
    assert [cell.inner_text() for cell in network.get_by_role("cell").all()] == ["1", "0", "1", "0", "32"]
