"""Edges where the homes of the rules meet: recorded days, the night job, reminders after the due date."""

from datetime import date, datetime, timedelta, timezone

from alumni.life_status import LifeStatus, StatusSettings, record_statuses, status_of
from alumni.models import Mid, MidStatusRecord
from alumni.reporting.completeness import completeness, missing
from jobs import life_status as life_status_job
from jobs import reminders as reminders_job
from sqlmodel import select

SETTINGS = StatusSettings()
DUE = date(2026, 6, 15)


def at(day, hour=12):
    return SETTINGS.start_of_day(day) + timedelta(hours=hour)


def counts(session, round_, as_of):
    [result] = completeness(session, [round_], as_of, SETTINGS)
    return result.total.expected, result.total.received, result.total.on_time


def test_a_mid_entered_after_its_due_day_was_recorded_is_still_expected(app, session, create_round, create_mid):
    round_ = create_round("2026 H1", date(2026, 5, 4), DUE, date(2026, 7, 31))
    create_mid(participant="Słupsk", created_at=at(DUE - timedelta(days=300)))
    life_status_job.run(app, at(DUE + timedelta(days=1), 2))  # the night after the due day records it
    session.expire_all()
    assert session.exec(select(MidStatusRecord.recorded_on).distinct()).all() == [DUE]
    # Entered in the service later, but adopted before the due date: it had to report.
    late = create_mid(participant="Lublin", created_at=at(DUE + timedelta(days=5)), adopted_on=date(2026, 3, 1))
    as_of = at(DUE + timedelta(days=10))
    assert counts(session, round_, as_of) == (2, 0, 0)
    assert late.id in missing(session, round_, as_of, SETTINGS)


def test_a_recorded_due_day_holds_the_status_at_its_end(app, session, create_round, create_mid):
    round_ = create_round("2026 H1", date(2026, 5, 4), DUE, date(2026, 7, 31))
    create_mid(participant="Słupsk", created_at=at(DUE - timedelta(days=300)),
               abandoned_at=at(DUE, 14), abandoned_reason="Zmiana priorytetów")
    as_of = at(DUE + timedelta(days=10))
    computed = counts(session, round_, as_of)
    life_status_job.run(app, at(DUE + timedelta(days=1), 2))
    session.expire_all()
    # Abandoned in the afternoon of the due day: not expected, recorded or not.
    assert counts(session, round_, as_of) == computed == (0, 0, 0)


def test_a_day_recorded_long_after_it_ended_is_not_kept_as_on_the_day(app, session, create_mid):
    mid = create_mid(participant="Słupsk")
    record_statuses(session, app, SETTINGS, date(2025, 3, 31), at(date(2026, 11, 22)))
    record_statuses(session, app, SETTINGS, date(2026, 11, 21), at(date(2026, 11, 22), 2))
    session.commit()
    kept = dict(session.exec(select(MidStatusRecord.recorded_on, MidStatusRecord.on_the_day)
                             .where(MidStatusRecord.mid_id == mid.id)).all())
    assert kept == {date(2025, 3, 31): False, date(2026, 11, 21): True}


def test_at_risk_reads_the_first_submission_as_completeness_does(session, create_round, create_mid,
                                                                 create_action, create_report):
    round_ = create_round("2026 H1", date(2026, 5, 4), DUE, date(2026, 7, 31))
    mid = create_mid(participant="Słupsk", created_at=at(DUE - timedelta(days=300)))
    create_action(mid, updated_at=at(DUE - timedelta(days=20)))
    # Sent on 10 June, returned, sent again on 30 June: as of 20 June it was received.
    create_report(mid, round_, submitted_at=at(date(2026, 6, 30)), first_submitted_at=at(date(2026, 6, 10)))
    as_of = at(date(2026, 6, 20))
    assert counts(session, round_, as_of) == (1, 1, 1)
    assert status_of(session, SETTINGS, mid.id, as_of) == LifeStatus.active


def test_no_more_reminders_for_a_mid_abandoned_after_the_due_date(app, session, create_round, create_mid,
                                                                  create_user):
    round_ = create_round("2026 H2", date(2026, 11, 2), date(2026, 12, 14), date(2027, 1, 29))
    mid = create_mid(participant="Żory", adopted_on=date(2024, 1, 15))
    create_user(email="zofia@example.org", participants=("Żory",), password=None)
    session.commit()
    stored = session.get(Mid, mid.id)
    stored.abandoned_at, stored.abandoned_reason = datetime(2026, 12, 15, 10, tzinfo=timezone.utc), "Brak środków"
    session.commit()
    overdue_day = at(date(2026, 12, 17), 9)
    summary = reminders_job.run(app, overdue_day)
    assert "wrote 0 e-mail" in summary
    # It stays missing in the round's figures: it was expected on the due date.
    assert counts(session, round_, overdue_day) == (1, 0, 0)
