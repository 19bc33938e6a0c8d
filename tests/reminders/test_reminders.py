"""Reminder planning: what goes out on which day, to whom, and never twice."""

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import OutboxMessage
from alumni.reminders import coordinator_steps, plan_reminders, write_plan
from jobs import reminders as reminders_job

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


def outbox(session):
    session.rollback()  # end the snapshot and forget what was loaded: see what the job committed
    session.expire_all()
    return session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def sent_on(rows):
    """{local day: sorted [(kind, recipient)]} of the e-mails in ``rows``."""
    days = {}
    for row in rows:
        if row.channel == "email":
            days.setdefault(row.created_at.astimezone(WARSAW).date(), []).append((row.kind, row.recipient))
    return {day: sorted(items) for day, items in days.items()}


def days(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@pytest.fixture
def create_mid(create_mid):
    """MIDs adopted long before the rounds these tests drive day by day: they are expected to report."""

    def create(*args, adopted_on=date(2024, 1, 15), **fields):
        return create_mid(*args, adopted_on=adopted_on, **fields)

    return create


@pytest.fixture
def programme(session, create_round, create_mid, create_network, create_action, create_user):
    """A round (opens on All Saints' Sunday, overdue on Christmas Eve) with MIDs and people."""
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 1), due_on=date(2026, 12, 21),
                          closes_on=date(2027, 1, 29))
    slupsk_green = create_mid(participant="Słupsk", title="Błękitno-zielona infrastruktura")
    slupsk_digital = create_mid(participant="Słupsk", title="Cyfrowy urząd",
                                network=create_network(name="Sieć Cyfrowa"))
    zory = create_mid(participant="Żory", title="Osiedle Gwarków", voivodeship="śląskie")
    raciborz = create_mid(participant="Racibórz", title="Adaptacja do zmian klimatu", voivodeship="śląskie")
    create_mid(participant="Lublin", title="Zielone Serce Miasta", voivodeship="lubelskie",
               abandoned_at=datetime(2026, 1, 10, tzinfo=WARSAW), abandoned_reason="Zmiana priorytetów")
    done = create_mid(participant="Gdańsk", title="Zielone skwery")
    create_action(done, status="done", progress=100)
    people = {
        "anna": create_user(email="anna@example.org", participants=("Słupsk",), name="Anna", password=None),
        "john": create_user(email="john@example.org", participants=("Słupsk", "Żory"), language="en",
                            password=None),
        "zofia": create_user(email="zofia@example.org", participants=("Żory",), password=None),
        "olga": create_user(email="olga@example.org", participants=("Słupsk", "Lublin", "Gdańsk"),
                            password=None),
        "marek": create_user(email="marek@example.org", role="ministry", password=None),
        "ada": create_user(email="ada@example.org", role="admin", language="en", password=None),
    }
    people["olga"].is_active = False
    session.add(people["olga"])
    session.commit()
    mids = {"slupsk_green": slupsk_green, "slupsk_digital": slupsk_digital, "zory": zory, "raciborz": raciborz}
    return round_, mids, people


def test_the_schedule_moves_days_off_to_the_next_working_day(app, programme):
    round_, _mids, _people = programme
    steps = coordinator_steps(round_, app.config)
    assert [(step.kind, step.send_at) for step in steps] == [
        ("opening", at(date(2026, 11, 2))),       # Sunday and All Saints' Day
        ("reminder-14", at(date(2026, 12, 7))),
        ("reminder-3", at(date(2026, 12, 18))),
        ("overdue", at(date(2026, 12, 28))),      # Christmas Eve, Christmas, the weekend
    ]


def test_one_round_day_by_day_sends_each_kind_once_on_working_days(app, session, programme, create_report):
    round_, mids, _people = programme
    calendar_ = {}
    for day in days(date(2026, 10, 30), date(2027, 2, 2)):
        if day == date(2026, 12, 10):  # Żory reports between the reminders
            create_report(mids["zory"], round_, submitted_at=at(day, 11))
        for hour in (8, 9, 17):
            reminders_job.run(app, at(day, hour))
    rows = outbox(session)
    calendar_ = sent_on(rows)
    assert calendar_ == {
        date(2026, 11, 2): [("opening", "anna@example.org"), ("opening", "john@example.org"),
                            ("opening", "zofia@example.org")],
        date(2026, 12, 7): [("reminder-14", "anna@example.org"), ("reminder-14", "john@example.org"),
                            ("reminder-14", "zofia@example.org")],
        date(2026, 12, 18): [("reminder-3", "anna@example.org"), ("reminder-3", "john@example.org")],
        date(2026, 12, 28): [("overdue", "anna@example.org"), ("overdue", "john@example.org")],
        date(2027, 1, 4): [("escalation", "ada@example.org"), ("escalation", "marek@example.org")],
    }
    assert all(row.created_at.astimezone(WARSAW).hour == 9 for row in rows)
    john = {row.kind: row for row in rows if row.recipient == "john@example.org"}
    # One e-mail per person and kind, listing every MID of theirs still missing.
    assert all(title in john["opening"].body_text
               for title in ("Błękitno-zielona infrastruktura", "Cyfrowy urząd", "Osiedle Gwarków"))
    assert "Osiedle Gwarków" not in john["reminder-3"].body_text
    assert "Zielone Serce Miasta" not in john["opening"].body_text  # abandoned
    digest = next(row for row in rows if row.recipient == "marek@example.org")
    assert "Adaptacja do zmian klimatu" in digest.body_text and "Osiedle Gwarków" not in digest.body_text
    assert "Zielone skwery" not in digest.body_text  # completed
    english_digest = next(row for row in rows if row.recipient == "ada@example.org")
    assert english_digest.subject == "Round 2026 H2: 3 MIDs have not reported"
    raciborz = english_digest.body_text.split("* Racibórz:")[1]
    assert raciborz.splitlines()[1].strip() == "Coordinators: no active coordinator"


def test_second_reminder_is_not_sent_after_report_submitted(app, session, create_round, create_mid,
                                                             create_user, create_report):
    round_ = create_round(name="2026 H2", opens_on=date(2026, 11, 2), due_on=date(2026, 12, 14),
                          closes_on=date(2027, 1, 29))
    mid = create_mid(participant="Słupsk")
    create_user(email="anna@example.org", participants=("Słupsk",), password=None)
    reminders_job.run(app, at(date(2026, 11, 30)))
    create_report(mid, round_, submitted_at=at(date(2026, 12, 2), 13))
    for day in days(date(2026, 12, 1), date(2027, 1, 29)):
        reminders_job.run(app, at(day))
    assert [(row.kind, row.recipient) for row in outbox(session)] == [("reminder-14", "anna@example.org")]


def test_a_returned_report_does_not_stop_the_reminders(app, session, programme, create_report):
    round_, mids, _people = programme
    create_report(mids["zory"], round_, state="returned", submitted_at=at(date(2026, 12, 1), 12))
    reminders_job.run(app, at(date(2026, 12, 18)))
    zofia = [row for row in outbox(session) if row.recipient == "zofia@example.org"]
    assert [row.kind for row in zofia] == ["reminder-3"]


def test_catching_up_after_downtime_sends_only_the_latest_kind_due(app, session, programme):
    reminders_job.run(app, at(date(2026, 12, 21), 14))  # down since before the round opened
    assert sent_on(outbox(session)) == {date(2026, 12, 21): [
        ("reminder-3", "anna@example.org"), ("reminder-3", "john@example.org"), ("reminder-3", "zofia@example.org"),
    ]}
    for day in days(date(2026, 12, 22), date(2027, 1, 10)):
        reminders_job.run(app, at(day))
    kinds = sorted((row.kind, row.recipient) for row in outbox(session))
    assert [kind for kind, _ in kinds].count("opening") == 0
    assert [kind for kind, _ in kinds].count("reminder-14") == 0
    assert [kind for kind, _ in kinds].count("overdue") == 3


def test_a_reminder_waits_for_the_minimum_gap(app, session, create_round, create_mid, create_user):
    # Opens on Wednesday 10 June, due Monday 15 June: reminder-3 would come two days after the opening.
    create_round(name="2026 lato", opens_on=date(2026, 6, 10), due_on=date(2026, 6, 15),
                 closes_on=date(2026, 7, 31))
    create_mid(participant="Słupsk")
    create_user(email="anna@example.org", participants=("Słupsk",), password=None)
    for day in days(date(2026, 6, 8), date(2026, 6, 26)):
        reminders_job.run(app, at(day))
    assert sent_on(outbox(session)) == {
        date(2026, 6, 10): [("opening", "anna@example.org")],
        date(2026, 6, 15): [("reminder-3", "anna@example.org")],   # five days after the opening
        date(2026, 6, 22): [("overdue", "anna@example.org")],      # due on the 18th; the gap, then a weekend
    }


def test_nothing_goes_out_on_a_day_off_or_before_the_send_hour(app, session, programme):
    for as_of in (at(date(2026, 12, 24)), at(date(2026, 12, 19)), at(date(2026, 12, 18), 8, 59)):
        summary = reminders_job.run(app, as_of)
        assert "nothing goes out now" in summary
    assert outbox(session) == []


def test_dry_run_prints_the_plan_and_writes_nothing(app, session, programme):
    summary = reminders_job.run(app, at(date(2026, 12, 7)), dry_run=True)
    assert "would write 3 e-mail(s)" in summary
    assert "reminder-14 -> john@example.org [en]: 3 MID(s)" in summary
    assert "Żory: Osiedle Gwarków" in summary
    assert outbox(session) == []


def test_writing_the_same_plan_twice_writes_it_once(app, session, programme):
    with app.app_context(), session_scope(app) as work:
        plan = plan_reminders(work, app, at(date(2026, 12, 7)))
        assert write_plan(work, app, plan) == 3
        assert write_plan(work, app, plan) == 0
    assert len(outbox(session)) == 3


def test_two_planners_racing_over_one_database_send_nothing_twice(app, session, programme):
    apps = [app] + [create_app({**app.config, "TESTING": True}) for _ in range(2)]
    errors = []

    def planner(each_app, as_of, barrier):
        try:
            barrier.wait()
            reminders_job.run(each_app, as_of)
        except Exception as error:  # reported below, with the thread's exception
            errors.append(error)

    try:
        for day in (date(2026, 11, 2), date(2026, 12, 7), date(2026, 12, 18), date(2026, 12, 28), date(2027, 1, 4)):
            barrier = threading.Barrier(len(apps))
            threads = [threading.Thread(target=planner, args=(each, at(day), barrier)) for each in apps]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        for other in apps[1:]:
            get_db(other).dispose()
    assert errors == []
    rows = outbox(session)
    assert len(rows) == 3 + 3 + 3 + 3 + 2
    assert len({(row.kind, row.recipient) for row in rows}) == len(rows)


def test_reminders_dry_run_on_the_demo_data_prints_a_readable_plan(runner, session):
    runner.invoke(args=["demo", "--with-users"])
    result = runner.invoke(args=["jobs", "run", "reminders", "--as-of", "2026-12-01", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "reminders as of 2026-12-01 09:00 Europe/Warsaw: would write 2 e-mail(s)" in result.output
    assert "round 2026 H2: opens 2026-11-02, due 2026-12-14" in result.output
    assert "reminder-14 -> koordynator.slupsk@example.org [pl]" in result.output
    assert "- Słupsk: " in result.output
    assert outbox(session) == []


def test_the_ministry_digest_counts_by_network_and_lists_the_mids_silent_longest(
        app, session, programme, create_round, create_report, create_user, monkeypatch):
    """The digest names every network's count, only the MIDs silent longest, and links to the rest."""
    round_, mids, _people = programme
    create_user(email="ewa@example.org", role="ministry", password=None)  # Polish, as marek
    earlier = create_round(name="2026 H1", opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15),
                           closes_on=date(2026, 7, 31))
    create_report(mids["slupsk_green"], earlier, submitted_at=at(date(2026, 6, 10), 12))
    create_report(mids["zory"], earlier, submitted_at=at(date(2026, 6, 12), 12))
    monkeypatch.setattr("alumni.reminder_digest.LONGEST", 2)
    rendered = []
    monkeypatch.setattr("alumni.reminders.render_bodies",
                        lambda template, **context: rendered.append(template) or ("text", "<p>html</p>"))
    reminders_job.run(app, at(date(2027, 1, 4)))
    # One rendering per language of the round's digest (marek and ewa: Polish, ada: English), not per recipient.
    assert rendered.count("escalation") == 2
    assert sorted(row.recipient for row in outbox(session) if row.kind == "escalation") == [
        "ada@example.org", "ewa@example.org", "marek@example.org"]
    monkeypatch.undo()
    monkeypatch.setattr("alumni.reminder_digest.LONGEST", 2)
    session.execute(OutboxMessage.__table__.delete())
    session.commit()
    reminders_job.run(app, at(date(2027, 1, 4), 10))
    digest = next(row for row in outbox(session) if row.recipient == "ada@example.org")
    assert digest.subject == "Round 2026 H2: 4 MIDs have not reported"
    text = digest.body_text
    for network in ("Sieć Słupsk", "Sieć Cyfrowa", "Sieć Żory", "Sieć Racibórz"):
        assert f"* PIM II, {network}: 1" in text
    # Never reported first (by participant and title), then the oldest last report: two of four.
    assert "The 2 MIDs silent longest:" in text
    listed = [line.split(":")[0].lstrip("* ") for line in text.splitlines() if line.startswith("* ") and "(" in line]
    assert listed == ["Racibórz", "Słupsk"]
    assert "Cyfrowy urząd" in text and "No report received yet." in text
    assert "Błękitno-zielona infrastruktura" not in text and "Osiedle Gwarków" not in text
    assert "http://alumni.example.org/dashboard/silent\n" in text
    html = digest.body_html
    assert f'href="http://alumni.example.org/dashboard/silent?network={mids["zory"].network_id}"' in html
    assert ">never</td>" in html and "Błękitno-zielona" not in html
    # With room for all four, the latest report comes last, with its day.
    monkeypatch.setattr("alumni.reminder_digest.LONGEST", 25)
    session.execute(OutboxMessage.__table__.delete())
    session.commit()
    reminders_job.run(app, at(date(2027, 1, 4), 11))
    text = next(row for row in outbox(session) if row.recipient == "ada@example.org").body_text
    assert "The MIDs, silent longest first:" in text
    assert text.index("Osiedle Gwarków") > text.index("Błękitno-zielona infrastruktura") > text.index("Cyfrowy urząd")
    assert "Last report received on June 12, 2026." in text
