"""Admin pages: reporting rounds (create, edit, close) and the outbox (failed messages, retry)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni.delivery import INTERRUPTED
from alumni.models import OutboxMessage, ReportingRound, User
from tests.pages import csrf

WARSAW = ZoneInfo("Europe/Warsaw")


def today():
    return datetime.now(WARSAW).date()


@pytest.fixture
def admin(create_user, login):
    return login(create_user(email="admin@example.org", role="admin", language="en", password=None))


def rounds(session):
    session.rollback()  # end the snapshot and forget what was loaded: see what the request committed
    session.expire_all()
    return session.exec(select(ReportingRound).order_by(ReportingRound.id)).all()


def test_admin_creates_a_round_and_lands_on_its_page(client, session, admin):
    response = client.post("/admin/rounds/new", data={
        "csrf_token": csrf(client, "/admin/rounds/new"), "name": "2027 H1",
        "opens_on": "2027-05-04", "due_on": "2027-06-14", "closes_on": "2027-07-30"})
    [created] = rounds(session)
    assert (created.name, created.opens_on, created.due_on, created.closes_on) == (
        "2027 H1", date(2027, 5, 4), date(2027, 6, 14), date(2027, 7, 30))
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/rounds/{created.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Round 2027 H1 is created." in page
    # The schedule, on working days at the send hour.
    assert "reminder 14 days before the due date" in page and "May 31, 2027, 09:00" in page
    assert "digest for the ministry" in page and "June 28, 2027, 09:00" in page


def test_dates_out_of_order_are_refused_on_their_field_and_the_entries_survive(client, session, admin):
    response = client.post("/admin/rounds/new", data={
        "csrf_token": csrf(client, "/admin/rounds/new"), "name": "2027 H1",
        "opens_on": "2027-05-04", "due_on": "2027-06-14", "closes_on": "2027-06-01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and rounds(session) == []
    assert 'aria-describedby="closes_on-hint closes_on-error"' in page
    assert "The round cannot close before reports are due." in page
    assert 'value="2027 H1"' in page and 'value="2027-06-01"' in page


def test_a_second_round_with_the_same_name_is_refused(client, session, admin, create_round):
    create_round(name="2027 H1")
    response = client.post("/admin/rounds/new", data={
        "csrf_token": csrf(client, "/admin/rounds/new"), "name": "2027 H1",
        "opens_on": "2027-05-04", "due_on": "2027-06-14", "closes_on": "2027-07-30"})
    assert "A round named &#39;2027 H1&#39; already exists." in response.get_data(as_text=True)
    assert len(rounds(session)) == 1


def test_admin_edits_a_round(client, session, admin, create_round):
    round_ = create_round(name="2026 H1")
    client.post(f"/admin/rounds/{round_.id}", data={
        "csrf_token": csrf(client, f"/admin/rounds/{round_.id}"), "name": "2026 wiosna",
        "opens_on": "2026-05-04", "due_on": "2026-06-22", "closes_on": "2026-07-31"})
    [edited] = rounds(session)
    assert (edited.name, edited.due_on) == ("2026 wiosna", date(2026, 6, 22))


def test_admin_closes_an_open_round_today(client, session, admin, create_round):
    round_ = create_round(name="now", opens_on=today() - timedelta(days=10), due_on=today() + timedelta(days=10),
                          closes_on=today() + timedelta(days=40))
    page = client.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    assert "Close the round today" in page
    client.post(f"/admin/rounds/{round_.id}/close", data={"csrf_token": csrf(client, "/admin/rounds")})
    [closed] = rounds(session)
    assert (closed.due_on, closed.closes_on) == (today(), today())


def test_the_rounds_list_shows_states_and_reporting_completeness(client, admin, create_round, create_mid,
                                                            create_report):
    past = create_round(name="2025 H2", opens_on=date(2025, 11, 3), due_on=date(2025, 12, 15),
                        closes_on=date(2026, 1, 30))
    create_report(create_mid(participant="Słupsk", adopted_on=date(2024, 5, 1)), past)  # sent late
    create_round(name="2099 H1", opens_on=date(2099, 5, 4), due_on=date(2099, 6, 15), closes_on=date(2099, 7, 31))
    page = client.get("/admin/rounds").get_data(as_text=True)
    rows = {re.search(r">(\d{4} H\d)<", row).group(1): row for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)
            if re.search(r">(\d{4} H\d)<", row)}

    def counts(row):
        return [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)]

    # Expected, received, on time: the one definition of reporting completeness.
    assert "closed for reports" in rows["2025 H2"] and counts(rows["2025 H2"]) == [1, 1, 0]
    # Not due yet: "so far", against the MIDs expected now.
    assert "not open yet" in rows["2099 H1"] and counts(rows["2099 H1"]) == [1, 0, 0]


@pytest.fixture
def failed_messages(session, create_user):
    bounced = create_user(email="gone@example.org", role="ministry", password=None)
    bounced.mail_bounced_at = datetime(2026, 11, 20, 9, tzinfo=WARSAW)
    session.add(bounced)
    for key, error in (("test:refused", "SMTP 550 5.1.1 No such user"), ("test:crashed", INTERRUPTED)):
        session.add(OutboxMessage(idempotency_key=key, channel="email", kind="reminder-3", recipient="gone@example.org",
                                  subject="Przypomnienie", status="failed", attempts=6, last_error=error))
    session.commit()


def test_the_outbox_shows_failed_messages_interruptions_and_bounced_addresses(client, admin, failed_messages):
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "SMTP 550 5.1.1 No such user" in page
    assert "Interrupted while sending: it may already have been delivered." in page
    assert "reminder 3 days before the due date" in page
    assert page.count('aria-label="Send again to gone@example.org"') == 2
    assert 'href="/admin/users/' in page and "gone@example.org" in page


def test_admin_sends_a_failed_message_again(client, session, admin, failed_messages):
    message = session.exec(select(OutboxMessage).where(OutboxMessage.idempotency_key == "test:refused")).one()
    response = client.post(f"/admin/outbox/{message.id}/retry",
                           data={"csrf_token": csrf(client, "/admin/outbox")})
    assert response.status_code == 302
    session.rollback()
    session.refresh(message)
    assert (message.status, message.attempts) == ("pending", 0)
    again = client.post(f"/admin/outbox/{message.id}/retry", data={"csrf_token": csrf(client, "/admin/outbox")},
                        follow_redirects=True)
    assert "Only a failed message can be sent again." in again.get_data(as_text=True)


def test_admin_marks_a_refusing_address_as_working_again(client, session, admin, failed_messages):
    gone = session.exec(select(User).where(User.email == "gone@example.org")).one()
    client.post(f"/admin/outbox/bounced/{gone.id}/clear", data={"csrf_token": csrf(client, "/admin/outbox")})
    session.rollback()
    session.refresh(gone)
    assert gone.mail_bounced_at is None


def test_admins_see_the_rounds_and_outbox_in_the_menu(client, admin):
    page = client.get("/admin/rounds").get_data(as_text=True)
    nav = page[page.index('aria-label="Main menu"'):page.index("</nav>")]
    assert 'href="/admin/rounds" aria-current="page">Rounds</a>' in nav and 'href="/admin/outbox">Outbox</a>' in nav


def test_a_bounced_user_is_kept_off_the_reminders(app, session, create_round, create_mid, create_user):
    from jobs import reminders as reminders_job

    create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14), closes_on=date(2027, 1, 29))
    create_mid(participant="Słupsk")
    create_user(email="ok@example.org", participants=("Słupsk",), password=None)
    gone = create_user(email="gone@example.org", participants=("Słupsk",), password=None)
    session.get(User, gone.id).mail_bounced_at = datetime(2026, 11, 20, tzinfo=WARSAW)
    session.commit()
    reminders_job.run(app, datetime(2026, 11, 30, 9, tzinfo=WARSAW))
    session.rollback()
    assert [m.recipient for m in session.exec(select(OutboxMessage))] == ["ok@example.org"]
