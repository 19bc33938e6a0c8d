"""Deadline extensions: a city asks for more time, the ministry decides, the city is told, reminders follow."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni.extensions import effective_due_on
from alumni.clock import Calendar
from alumni.models import AuditEvent, DeadlineExtension, OutboxMessage, User, utcnow
from alumni.tokens import create_api_token
from jobs import deliver as deliver_job
from jobs import reminders as reminders_job
from tests.pages import csrf
from tests.servers import SmtpServer

WARSAW = ZoneInfo("Europe/Warsaw")
TODAY = Calendar().local_date(utcnow())
ADOPTED = date(2024, 1, 15)  # long before the rounds the reminder tests drive day by day


def at(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=WARSAW)


@pytest.fixture
def open_round(create_round):
    return create_round(name="Bieżąca", opens_on=TODAY - timedelta(days=10), due_on=TODAY + timedelta(days=10),
                        closes_on=TODAY + timedelta(days=40))


@pytest.fixture
def slupsk(create_mid, create_user, login):
    mid = create_mid(participant="Słupsk")
    login(create_user(email="slupsk@example.org", participants=("Słupsk",), name="Anna Nowak"))
    return mid


@pytest.fixture
def ministry(app, create_user):
    """A second browser: a ministry official signed in."""
    client = app.test_client()
    user = create_user(email="ministerstwo@example.org", role="ministry")
    with client.session_transaction() as cookie:
        cookie["_user_id"] = user.get_id()
    return client


def ask(client, mid, until, reason="Zmiana w zespole: koordynatorka na urlopie."):
    path = f"/mids/{mid.id}/extension"
    return client.post(path, data={"csrf_token": csrf(client, path), "requested_until": until.isoformat(),
                                   "reason": reason})


def decide(client, extension_id, **fields):
    token = csrf(client, "/profile")  # one token per session, whatever the form
    data = {f"x{extension_id}-csrf_token": token, **{f"x{extension_id}-{k}": v for k, v in fields.items()}}
    return client.post(f"/extensions/{extension_id}/decision", data=data)


def extension_rows(session):
    session.expire_all()
    return session.exec(select(DeadlineExtension)).all()


def test_a_coordinator_asks_for_more_time_from_the_mid_page_and_it_is_audited(client, slupsk, open_round, session):
    page = client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    assert f'href="/mids/{slupsk.id}/extension"' in page and "Poproś o więcej czasu" in page
    assert f'href="/mids/{slupsk.id}/extension"' in client.get(f"/mids/{slupsk.id}/report").get_data(as_text=True)
    response = ask(client, slupsk, open_round.due_on + timedelta(days=14))
    assert response.status_code == 302 and response.headers["Location"] == f"/mids/{slupsk.id}"
    [extension] = extension_rows(session)
    assert (extension.requested_until, extension.decided_at) == (open_round.due_on + timedelta(days=14), None)
    assert extension.reason == "Zmiana w zespole: koordynatorka na urlopie."
    event = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "deadlineextension")).one()
    assert (event.action, event.mid_id, event.via) == ("create", slupsk.id, "web")
    assert "prośbę o więcej czasu" in client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    again = client.get(f"/mids/{slupsk.id}/extension").get_data(as_text=True)
    assert "oczekuje na decyzję ministerstwa" in again and "<form method=\"post\" novalidate" not in again


def test_a_date_after_the_round_closes_is_refused_in_polish_and_what_was_typed_is_kept(
        client, slupsk, open_round, session):
    response = ask(client, slupsk, open_round.closes_on + timedelta(days=1), reason="Powódź w urzędzie")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nowy termin nie może przypadać po zamknięciu rundy" in page
    assert "Powódź w urzędzie" in page and (open_round.closes_on + timedelta(days=1)).isoformat() in page
    too_early = ask(client, slupsk, open_round.due_on).get_data(as_text=True)
    assert "Nowy termin musi przypadać po terminie rundy" in too_early
    no_reason = ask(client, slupsk, open_round.due_on + timedelta(days=3), reason="  ").get_data(as_text=True)
    assert "Napisz, dlaczego miasto potrzebuje więcej czasu" in no_reason
    assert extension_rows(session) == []


def test_a_submitted_report_needs_no_extension(client, slupsk, open_round, create_report, session):
    create_report(slupsk, open_round)
    page = client.get(f"/mids/{slupsk.id}/extension").get_data(as_text=True)
    assert "jest już złożony" in page
    assert ask(client, slupsk, open_round.due_on + timedelta(days=3)).status_code == 200
    assert extension_rows(session) == []
    assert f'href="/mids/{slupsk.id}/extension"' not in client.get(f"/mids/{slupsk.id}").get_data(as_text=True)


def test_the_ministry_grants_another_date_and_the_coordinator_is_told_in_polish_over_smtp(
        app, client, slupsk, open_round, ministry, session, create_user):
    create_user(email="john@example.org", participants=("Słupsk",), language="en")
    ask(client, slupsk, open_round.due_on + timedelta(days=20))
    [extension] = extension_rows(session)
    queue = ministry.get("/extensions").get_data(as_text=True)
    assert slupsk.title in queue and "Zmiana w zespole" in queue
    granted = open_round.due_on + timedelta(days=14)
    response = decide(ministry, extension.id, decision="grant", granted_until=granted.isoformat(),
                      comment="Dajemy dwa tygodnie.")
    assert response.status_code == 302 and response.headers["Location"] == "/extensions"
    [extension] = extension_rows(session)
    assert extension.granted_until == granted and extension.decided_at is not None
    assert effective_due_on(session, slupsk, open_round, utcnow()) == granted
    assert "Przyznano więcej czasu: termin " in client.get(f"/mids/{slupsk.id}").get_data(as_text=True)
    assert "Przyznano więcej czasu: termin " in client.get(f"/mids/{slupsk.id}/report").get_data(as_text=True)
    assert "Brak próśb" in ministry.get("/extensions").get_data(as_text=True)

    server = SmtpServer().start()
    try:
        app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
        assert "2 sent, 0 to retry, 0 failed" in deliver_job.run(app, utcnow() + timedelta(minutes=1))
    finally:
        server.stop()
    mails = {recipients[0]: message for recipients, message in server.messages}
    polish, english = mails["slupsk@example.org"], mails["john@example.org"]
    assert polish["Subject"].startswith("Przyznano więcej czasu: raport") and polish["Subject"].endswith(
        str(granted.year))
    text = polish.get_body(("plain",)).get_content()
    html = polish.get_body(("html",)).get_content()
    assert "Ministerstwo przyznało więcej czasu" in text and "Dajemy dwa tygodnie." in text
    assert f"http://alumni.example.org/mids/{slupsk.id}/report" in text and "Ministerstwo przyznało" in html
    assert english["Subject"].startswith("More time granted: the report of")


def test_refusing_needs_a_comment_writes_nothing_without_one_and_tells_the_city(
        client, slupsk, open_round, ministry, session):
    ask(client, slupsk, open_round.due_on + timedelta(days=5))
    [extension] = extension_rows(session)
    response = decide(ministry, extension.id, decision="refuse", granted_until="", comment="")
    assert response.status_code == 400
    assert "Napisz, dlaczego prośba jest odrzucana" in response.get_data(as_text=True)
    assert extension_rows(session)[0].decided_at is None
    assert session.exec(select(OutboxMessage)).all() == []
    decide(ministry, extension.id, decision="refuse", comment="Termin jest ustawowy.")
    [extension] = extension_rows(session)
    assert extension.decided_at is not None and extension.granted_until is None
    assert extension.decision_comment == "Termin jest ustawowy."
    [mail] = session.exec(select(OutboxMessage)).all()
    assert mail.recipient == "slupsk@example.org" and mail.subject.startswith("Odmówiono przedłużenia terminu")
    assert "Termin jest ustawowy." in mail.body_text
    assert decide(ministry, extension.id, decision="grant").status_code == 400  # decided already
    page = client.get(f"/mids/{slupsk.id}/extension").get_data(as_text=True)
    assert "odrzucona" in page and "Termin jest ustawowy." in page
    ask(client, slupsk, open_round.due_on + timedelta(days=2), reason="Jednak prosimy o dwa dni.")
    assert extension_rows(session)[0].decided_at is None  # asked again after the refusal


def test_a_grant_outside_the_round_is_refused_and_keeps_the_typed_date(client, slupsk, open_round, ministry,
                                                                         session):
    ask(client, slupsk, open_round.due_on + timedelta(days=5))
    [extension] = extension_rows(session)
    late = open_round.closes_on + timedelta(days=3)
    response = decide(ministry, extension.id, decision="grant", granted_until=late.isoformat(), comment="Ok")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "po zamknięciu rundy" in page and late.isoformat() in page
    assert extension_rows(session)[0].decided_at is None


def test_reminders_follow_the_extended_due_date(app, session, create_round, create_mid, create_user):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    slupsk = create_mid(participant="Słupsk", adopted_on=ADOPTED)
    create_mid(participant="Żory", title="Osiedle Gwarków", adopted_on=ADOPTED)
    anna = create_user(email="anna@example.org", participants=("Słupsk",), password=None)
    create_user(email="zofia@example.org", participants=("Żory",), password=None)
    session.add(DeadlineExtension(mid_id=slupsk.id, round_id=round_.id, requested_until=date(2027, 1, 11),
                                  reason="Urlop", requested_by_id=anna.id, requested_at=at(date(2026, 11, 25)),
                                  granted_until=date(2027, 1, 11), decided_at=at(date(2026, 12, 1), 12)))
    session.commit()
    day = date(2026, 11, 1)
    while day <= date(2027, 1, 29):
        reminders_job.run(app, at(day))
        day += timedelta(days=1)
    session.expire_all()
    rows = session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    sent = sorted((row.created_at.astimezone(WARSAW).date(), row.kind, row.recipient) for row in rows)
    assert sent == sorted([
        (date(2026, 11, 2), "opening", "anna@example.org"), (date(2026, 11, 2), "opening", "zofia@example.org"),
        (date(2026, 11, 30), "reminder-14", "anna@example.org"),
        (date(2026, 11, 30), "reminder-14", "zofia@example.org"),
        (date(2026, 12, 11), "reminder-3", "zofia@example.org"),
        (date(2026, 12, 17), "overdue", "zofia@example.org"),
        # Słupsk's report is due on 11 January now: its reminders count from there.
        (date(2026, 12, 28), "reminder-14", "anna@example.org"),
        (date(2027, 1, 8), "reminder-3", "anna@example.org"),
        (date(2027, 1, 14), "overdue", "anna@example.org"),
    ])
    extended = [row for row in rows if row.recipient == "anna@example.org" and row.created_at > at(date(2026, 12, 2))]
    assert all("11 stycznia 2027" in row.subject for row in extended)
    assert len({row.idempotency_key for row in rows}) == len(rows)


def test_a_pending_or_refused_request_does_not_move_the_reminders(app, session, create_round, create_mid):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    pending, refused, granted = (create_mid(participant=name, adopted_on=ADOPTED) for name in ("Słupsk", "Żory", "Racibórz"))
    asked = at(date(2026, 11, 20))
    session.add_all([
        DeadlineExtension(mid_id=pending.id, round_id=round_.id, requested_until=date(2027, 1, 11),
                          requested_at=asked),
        DeadlineExtension(mid_id=refused.id, round_id=round_.id, requested_until=date(2027, 1, 11),
                          requested_at=asked, decided_at=asked, decision_comment="Nie"),
        DeadlineExtension(mid_id=granted.id, round_id=round_.id, requested_until=date(2027, 1, 11),
                          requested_at=asked, decided_at=asked, granted_until=date(2027, 1, 4)),
    ])
    session.commit()
    assert [effective_due_on(session, mid, round_, at(date(2026, 12, 1))) for mid in (pending, refused, granted)] \
        == [date(2026, 12, 14), date(2026, 12, 14), date(2027, 1, 4)]
    # Granted after the moment asked about: not yet in force.
    assert effective_due_on(session, granted, round_, at(date(2026, 11, 19))) == date(2026, 12, 14)


def test_the_api_lists_the_extensions(app, client, session, slupsk, open_round, ministry):
    ask(client, slupsk, open_round.due_on + timedelta(days=5))
    [extension] = extension_rows(session)
    decide(ministry, extension.id, decision="grant", comment="")
    official = session.exec(select(User).where(User.email == "ministerstwo@example.org")).one()
    secret, _token = create_api_token(session, official, utcnow())
    session.commit()
    response = app.test_client().get("/api/v1/extensions", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    [item] = response.get_json()["items"]
    assert item["mid_id"] == slupsk.id and item["round_id"] == open_round.id and item["state"] == "granted"
    assert item["requested_until"] == item["granted_until"] == (open_round.due_on + timedelta(days=5)).isoformat()
    assert re.match(r"\d{4}-\d\d-\d\dT", item["decided_at"]) and item["reason"].startswith("Zmiana w zespole")


def test_the_ministrys_digest_leaves_out_a_mid_whose_granted_date_is_still_ahead(app, session, create_round,
                                                                                create_mid, create_user):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    extended = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura", adopted_on=ADOPTED)
    create_mid(participant="Żory", title="Osiedle Gwarków", adopted_on=ADOPTED)
    create_user(email="marek@example.org", role="ministry", password=None)
    session.add(DeadlineExtension(mid_id=extended.id, round_id=round_.id, requested_until=date(2027, 1, 11),
                                  requested_at=at(date(2026, 11, 25)), granted_until=date(2027, 1, 11),
                                  decided_at=at(date(2026, 12, 1))))
    session.commit()
    reminders_job.run(app, at(date(2026, 12, 28)))
    session.expire_all()
    [digest] = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "escalation")).all()
    assert "Osiedle Gwarków" in digest.body_text
    assert "Błękitno-zielona infrastruktura" not in digest.body_text and "1 MID" in digest.subject


def test_two_requests_at_once_make_one_and_the_second_is_told(app, backend, session, slupsk, open_round):
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time: the second request reads the first one's row")
    import threading
    import time as clock

    from sqlalchemy import text
    from sqlmodel import Session

    from alumni.db import get_db
    from alumni.extensions import ExtensionError, request_extension

    user = session.exec(select(User).where(User.email == "slupsk@example.org")).one()
    until = open_round.due_on + timedelta(days=3)
    first, second = Session(get_db(app).engine), Session(get_db(app).engine)
    outcome = {}

    def ask_too():
        with app.test_request_context():
            try:
                request_extension(second, slupsk, open_round, until, "Drugie kliknięcie", user, utcnow(), TODAY)
                second.commit()
                outcome["second"] = "made"
            except ExtensionError as error:
                second.rollback()
                outcome["second"] = str(error)

    with app.test_request_context():
        request_extension(first, slupsk, open_round, until, "Pierwsze kliknięcie", user, utcnow(), TODAY)
        thread = threading.Thread(target=ask_too)
        thread.start()
        deadline = clock.monotonic() + 10
        # The second request has read no row and waits on the first one's key.
        while not session.exec(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).one()[0]:
            assert clock.monotonic() < deadline and thread.is_alive()
            clock.sleep(0.05)
        first.commit()
        thread.join(10)
    first.close()
    second.close()
    assert outcome["second"] == "Ten MID już prosił o więcej czasu w rundzie Bieżąca."
    assert [row.reason for row in extension_rows(session)] == ["Pierwsze kliknięcie"]


def test_two_officials_deciding_at_once_decide_once(app, backend, session, slupsk, open_round, ministry):
    if backend != "postgresql":
        pytest.skip("SQLite takes one writer at a time: the second decision reads the first")
    import threading
    import time as clock

    from sqlalchemy import text
    from sqlmodel import Session

    from alumni.db import get_db
    from alumni.extensions import ExtensionError, decide as decide_extension

    extension = DeadlineExtension(mid_id=slupsk.id, round_id=open_round.id, requested_until=open_round.due_on +
                                  timedelta(days=3), reason="Urlop", requested_at=utcnow())
    session.add(extension)
    session.commit()
    official = session.exec(select(User).where(User.email == "ministerstwo@example.org")).one()
    first, second = Session(get_db(app).engine), Session(get_db(app).engine)
    outcome = {}

    def refuse_too():
        with app.test_request_context():
            try:
                decide_extension(second, app, second.get(DeadlineExtension, extension.id), False, None, "Nie",
                                 official, utcnow())
                second.commit()
                outcome["second"] = "made"
            except ExtensionError as error:
                second.rollback()
                outcome["second"] = str(error)

    with app.test_request_context():
        decide_extension(first, app, first.get(DeadlineExtension, extension.id), True, None, "", official, utcnow())
        thread = threading.Thread(target=refuse_too)
        thread.start()
        deadline = clock.monotonic() + 10
        while not session.exec(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).one()[0]:
            assert clock.monotonic() < deadline and thread.is_alive()
            clock.sleep(0.05)
        first.commit()
        thread.join(10)
    first.close()
    second.close()
    assert outcome["second"] == "O tej prośbie już zdecydowano."
    [row] = extension_rows(session)
    assert row.granted_until == open_round.due_on + timedelta(days=3)
    assert len(session.exec(select(OutboxMessage)).all()) == 1
