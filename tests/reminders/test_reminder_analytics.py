"""Reminder analytics: a round driven day by day through the real jobs and a real SMTP server,
with reports submitted at known moments, counted by the message that preceded them."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from alumni.db import session_scope
from alumni.life_status import StatusSettings
from alumni.models import Mid, ReportingRound
from alumni.reminder_analytics import NO_MESSAGE, reminder_effect, rounds_opened
from alumni.reports import save_report
from jobs import deliver as deliver_job
from jobs import reminders as reminders_job
from tests.servers import SmtpServer

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


@pytest.fixture
def smtp(app):
    server = SmtpServer().start()
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=server.port)
    yield server
    server.stop()


@pytest.fixture
def create_mid(create_mid):
    """MIDs adopted long before the round: they are expected to report."""

    def create(*args, adopted_on=date(2024, 1, 15), **fields):
        return create_mid(*args, adopted_on=adopted_on, **fields)

    return create


@pytest.fixture
def programme(session, create_round, create_mid, create_network, create_user):
    """The round of tests/reminders: opening mailed Monday 2 November, reminder-14 on 7 December,
    reminder-3 on 18 December, overdue on 28 December, the ministry's digest on 4 January."""
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 1), due_on=date(2026, 12, 21),
                          closes_on=date(2027, 1, 29))
    mids = {
        "slupsk_green": create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura"),
        "slupsk_digital": create_mid(participant="Słupsk", title="Cyfrowy urząd",
                                     network=create_network(name="Sieć Cyfrowa")),
        "zory": create_mid(participant="Żory", title="Osiedle Gwarków", voivodeship="śląskie"),
        "kalisz": create_mid(participant="Kalisz", title="Park nad Prosną", voivodeship="wielkopolskie"),
        "opole": create_mid(participant="Opole", title="Wyspa Bolko", voivodeship="opolskie"),
        # No coordinator: only the ministry's digest is about it.
        "raciborz": create_mid(participant="Racibórz", title="Adaptacja do zmian klimatu", voivodeship="śląskie",
                               network=create_network(name="Miasto Kompaktowe", edition_code="PIM III")),
        "draft": create_mid(participant="Gniezno", title="Szkic", voivodeship="wielkopolskie"),
    }
    create_user(email="anna@example.org", participants=("Słupsk",), password=None)
    create_user(email="john@example.org", participants=("Słupsk", "Żory"), language="en", password=None)
    create_user(email="zofia@example.org", participants=("Żory",), password=None)
    create_user(email="kasia@example.org", participants=("Kalisz", "Gniezno"), password=None)
    create_user(email="ola@example.org", participants=("Opole",), password=None)
    create_user(email="marek@example.org", role="ministry", password=None)
    create_user(email="ada@example.org", role="admin", language="en", password=None)
    return round_, mids


# The first submissions, at known local moments.
SUBMISSIONS = {
    "opole": at(date(2026, 11, 1), 12),           # before any message
    "slupsk_green": at(date(2026, 11, 2), 15),    # six hours after the opening
    "kalisz": at(date(2026, 11, 20), 12),         # 18 days after the opening: no message in any window
    "zory": at(date(2026, 12, 9), 11),            # two days after reminder-14
    "slupsk_digital": at(date(2026, 12, 29), 10),  # a day and an hour after the overdue notice
    "raciborz": at(date(2027, 1, 4), 20),         # eleven hours after the ministry's digest
}


def submit(app, mid_id, round_id, moment):
    """Submit a report as the report form does, at ``moment``."""
    with app.app_context(), session_scope(app, via="web") as work:
        save_report(work, work.get(Mid, mid_id), work.get(ReportingRound, round_id), {"rows": []}, None,
                    moment, moment.date(), submit=True)


def drive(app, round_, mids, last_day):
    """Every day from before the opening: the reminders and delivery jobs at 9:00, 12:00 and 21:00,
    each report submitted at its moment (before the jobs that follow it)."""
    day, waiting = date(2026, 10, 30), dict(SUBMISSIONS)
    while day <= last_day:
        for hour in (9, 12, 21):
            moment = at(day, hour)
            for name, submitted_at in list(waiting.items()):
                if submitted_at <= moment:
                    submit(app, mids[name].id, round_.id, waiting.pop(name))
            reminders_job.run(app, moment)
            deliver_job.run(app, moment + timedelta(minutes=5))
        day += timedelta(days=1)


def effect_of(app, session, round_, as_of):
    settings = StatusSettings.from_app(app)
    with app.app_context():
        [result] = reminder_effect(session, [session.get(ReportingRound, round_.id)], as_of, settings)
    return result


def test_each_report_is_counted_after_the_last_message_about_its_mid(app, session, smtp, programme):
    round_, mids = programme
    with app.app_context(), session_scope(app, via="web") as work:  # a draft is not received
        save_report(work, work.get(Mid, mids["draft"].id), work.get(ReportingRound, round_.id),
                    {"rows": [], "achievements": "W toku"}, None, at(date(2026, 11, 3)), date(2026, 11, 3))
    drive(app, round_, mids, date(2027, 1, 8))
    assert {tuple(to) for to, _message in smtp.messages} >= {("anna@example.org",), ("marek@example.org",)}

    result = effect_of(app, session, round_, at(date(2027, 1, 8), 12))
    assert result.kinds == ["opening", "reminder-14", "reminder-3", "overdue", "escalation"]
    # E-mails that went out: opening to anna, john, zofia, kasia, ola... minus those already reported.
    assert result.sent == {"opening": 4, "reminder-14": 4, "reminder-3": 3, "overdue": 3, "escalation": 2}
    total = result.total
    assert total.received == 6
    assert {kind: total.counts(kind) for kind in result.rows} == {
        "opening": [1, 1, 1],       # Słupsk's first MID, six hours after it
        "reminder-14": [0, 1, 1],   # Żory, two days after it
        "reminder-3": [0, 0, 0],
        "overdue": [0, 1, 1],       # Słupsk's second MID, a day and an hour after it
        "escalation": [1, 1, 1],    # Racibórz, with no coordinator, hours after the ministry's digest
        NO_MESSAGE: [4, 2, 2],      # Opole before any message, Kalisz 18 days after the opening
    }
    # Each window's column adds up to the reports received.
    assert all(sum(total.counts(kind)[index] for kind in result.rows) == total.received for index in range(3))
    # Days from the opening day (1 November) to each first submission: 0, 1, 19, 38, 58, 64.
    assert total.median_days == 28.5

    # By edition and by network.
    raciborz, digital = session.get(Mid, mids["raciborz"].id), session.get(Mid, mids["slupsk_digital"].id)
    pim_iii = result.by_edition[raciborz.network.edition_id]
    assert (pim_iii.received, pim_iii.counts("escalation"), pim_iii.median_days) == (1, [1, 1, 1], 64)
    pim_ii = result.by_edition[digital.network.edition_id]
    assert pim_ii.received == 5 and pim_ii.counts("escalation") == [0, 0, 0]
    network = result.by_network[digital.network_id]
    assert (network.received, network.counts("overdue"), network.counts(NO_MESSAGE)) == (1, [0, 1, 1], [1, 0, 0])


def test_a_message_that_was_written_but_not_yet_sent_counts_for_nothing(app, session, programme):
    round_, mids = programme
    reminders_job.run(app, at(date(2026, 11, 2)))  # planned into the outbox; the delivery job never ran
    submit(app, mids["zory"].id, round_.id, at(date(2026, 11, 2), 12))
    result = effect_of(app, session, round_, at(date(2026, 11, 3), 12))
    assert result.sent == {} and result.kinds == []
    assert result.total.counts(NO_MESSAGE) == [1, 1, 1]


def test_only_the_rounds_opened_are_listed_latest_first(app, session, programme, create_round):
    round_, _mids = programme
    later = create_round(name="2027 H1", opens_on=date(2027, 5, 3), due_on=date(2027, 6, 14),
                         closes_on=date(2027, 7, 30))
    assert [r.id for r in rounds_opened(session, date(2026, 12, 1))] == [round_.id]
    assert [r.id for r in rounds_opened(session, date(2027, 5, 3))] == [later.id, round_.id]


def test_the_page_shows_the_ministry_the_counts_in_polish_and_refuses_a_coordinator(
        app, client, session, login, create_user, programme):
    round_, mids = programme
    for hour, minute in ((9, 0), (9, 5)):
        reminders_job.run(app, at(date(2026, 11, 2), hour, minute))
        deliver_job.run(app, at(date(2026, 11, 2), hour, minute))
    submit(app, mids["slupsk_green"].id, round_.id, at(date(2026, 11, 2), 15))
    submit(app, mids["kalisz"].id, round_.id, at(date(2026, 11, 21), 12))

    login(create_user(email="koordynator@example.org", participants=("Słupsk",)))
    assert client.get("/reminders/analytics").status_code == 403
    login(create_user(email="analityk@example.org", role="ministry"))
    page = client.get("/reminders/analytics?days=1").get_data(as_text=True)
    assert "Skuteczność przypomnień" in page
    assert "koordynatora trzech MID-ów" in page  # the attribution, in one sentence
    rows = rendered_rows(page)
    assert rows["otwarcie rundy"] == ["5", "1", "1", "1"]  # five e-mails, Słupsk's report six hours later
    assert rows["bez wiadomości w tym oknie"] == ["—", "1", "1", "1"]  # Kalisz, 19 days later
    assert rows["2026 H2"][3:6] == ["2", "1", "10,5"]  # received, after a message, median days (1 and 20)


def rendered_rows(page):
    """{row header: [cells]} of the page's tables (the first table that has the header wins)."""
    import re

    rows = {}
    for header, cells in re.findall(r'<th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', page, re.S):
        values = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
        rows.setdefault(re.sub(r"<[^>]+>", "", header).strip(), values)
    return rows


def test_the_workshop_export_has_a_reminder_effect_sheet_and_csv_table(app, session, programme, tmp_path):
    from openpyxl import load_workbook

    from alumni.db import get_db
    from alumni.workshop.aggregate import workshop_picture
    from alumni.workshop.export import write_export

    round_, mids = programme
    for hour, minute in ((9, 0), (9, 5)):
        reminders_job.run(app, at(date(2026, 11, 2), hour, minute))
        deliver_job.run(app, at(date(2026, 11, 2), hour, minute))
    submit(app, mids["slupsk_green"].id, round_.id, at(date(2026, 11, 2), 15))
    submit(app, mids["kalisz"].id, round_.id, at(date(2026, 11, 21), 12))
    clock = at(date(2026, 12, 28), 12)
    with app.app_context(), get_db(app).session(write=False) as reader:
        picture = workshop_picture(reader, 2026, clock)
        write_export(reader, picture, "xlsx", tmp_path / "export.xlsx", "pl")
        write_export(reader, picture, "csv", tmp_path / "effect.csv", "pl", table="reminder_effect")

    sheet = load_workbook(tmp_path / "export.xlsx")["Skutki przypomnień"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][4:9] == ["Wiadomość", "Wysłane e-maile", "Raporty w ciągu 1 dnia", "Raporty w ciągu 3 dni",
                            "Raporty w ciągu 7 dni"]
    total = {row[4]: row[5:] for row in rows if row[2] == "Razem"}
    assert total["otwarcie rundy"] == [5, 1, 1, 1, None]
    assert total["bez wiadomości w tym oknie"] == [None, 1, 1, 1, None]
    assert total["Wszystkie otrzymane raporty"] == [5, 2, 2, 2, 10.5]
    assert sheet.freeze_panes == "E2" and sheet.auto_filter.ref == f"A1:J{len(rows)}"
    # Only the networks with a report received: Słupsk's (after the opening) and Kalisz's (no message).
    networks = {row[3] for row in rows[1:] if row[2] == "PIM II"}
    assert networks == {"Sieć Słupsk", "Sieć Kalisz", "Wszystkie sieci edycji"}
    slupsk = {row[4]: row[5:] for row in rows if row[3] == "Sieć Słupsk"}
    assert slupsk["otwarcie rundy"] == [None, 1, 1, 1, None]  # e-mails sent only on the total's rows
    assert slupsk["Wszystkie otrzymane raporty"] == [None, 1, 1, 1, 1]

    text = (tmp_path / "effect.csv").read_text(encoding="utf-8-sig")
    assert "2026 H2;2026-12-21;Razem;Wszystkie edycje;Wszystkie otrzymane raporty;5;2;2;2;10,5" in text


def test_the_rounds_pages_link_an_admin_to_the_round_analytics(app, client, login, create_user, programme):
    round_, _mids = programme
    login(create_user(email="admin@example.org", role="admin"))
    assert 'href="/reminders/analytics"' in client.get("/admin/rounds").get_data(as_text=True)
    round_page = client.get(f"/admin/rounds/{round_.id}").get_data(as_text=True)
    assert f'href="/reminders/analytics?round={round_.id}#round-detail"' in round_page
    assert client.get(f"/reminders/analytics?round={round_.id}").status_code == 200


def test_before_any_round_opens_the_page_says_so(client, login, create_user):
    login(create_user(email="analityk@example.org", role="ministry"))
    page = client.get("/reminders/analytics?lang=en").get_data(as_text=True)
    assert "No reporting round has opened yet." in page and "<table" not in page
