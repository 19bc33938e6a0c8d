"""The database itself refuses bad rows, whatever the form in front of it does."""

from datetime import date, datetime, timezone

import pytest
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import select

from alumni.models import Action, OutboxMessage, Report, ReportingRound, User


def refused(session, row):
    session.add(row)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_progress_outside_0_to_100_is_refused(session, create_mid):
    mid = create_mid()
    refused(session, Action(mid_id=mid.id, title="x", progress=101))
    refused(session, Action(mid_id=mid.id, title="x", progress=-1))


def test_unknown_action_status_is_refused(session, create_mid):
    refused(session, Action(mid_id=create_mid().id, title="x", status="finished"))


def test_done_action_must_have_full_progress(session, create_mid):
    refused(session, Action(mid_id=create_mid().id, title="x", status="done", progress=90))


def test_action_cannot_end_before_it_starts(session, create_mid):
    refused(session, Action(mid_id=create_mid().id, title="x", planned_start=date(2026, 5, 1),
                            planned_end=date(2026, 4, 30)))


def test_action_of_a_missing_mid_is_refused(session):
    refused(session, Action(mid_id=9999, title="x"))


def test_round_dates_must_be_ordered(session):
    refused(session, ReportingRound(name="bad", opens_on=date(2026, 5, 1), due_on=date(2026, 4, 1),
                                    closes_on=date(2026, 6, 1)))
    refused(session, ReportingRound(name="bad", opens_on=date(2026, 5, 1), due_on=date(2026, 6, 1),
                                    closes_on=date(2026, 5, 31)))


def test_one_report_per_mid_and_round(session, create_mid, create_round, create_report):
    mid, round_ = create_mid(), create_round()
    create_report(mid, round_)
    refused(session, Report(mid_id=mid.id, round_id=round_.id))


def test_submitted_report_needs_its_submission_time(session, create_mid, create_round):
    refused(session, Report(mid_id=create_mid().id, round_id=create_round().id, state="submitted"))


def test_user_email_is_unique_whatever_its_case(session, create_user):
    create_user(email="Koordynator@Example.org", role="ministry")
    refused(session, User(email="koordynator@example.org", role="ministry"))
    # A mixed-case address written past the domain layer is refused too.
    refused(session, User(email="Inny@example.org", role="ministry"))


def test_unknown_role_is_refused(session):
    refused(session, User(email="x@example.org", role="mayor"))


def test_outbox_idempotency_key_is_unique(session):
    row = {"channel": "email", "kind": "opening", "recipient": "a@example.org"}
    session.add(OutboxMessage(idempotency_key="opening:round=1:user=1", **row))
    session.commit()
    refused(session, OutboxMessage(idempotency_key="opening:round=1:user=1", **row))


def test_milestone_of_an_action_belongs_to_that_actions_mid(session, create_mid, create_action):
    first, second = create_mid(), create_mid(participant="Lublin", title="Zielone Serce Miasta")
    action = create_action(first)
    from alumni.models import Milestone

    refused(session, Milestone(mid_id=second.id, action_id=action.id, title="x", due_on=date(2026, 1, 1)))


def test_abandonment_needs_a_reason(session, create_mid):
    mid = create_mid()
    mid.abandoned_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(IntegrityError):
        session.commit()


def test_timestamps_come_back_as_utc(session, create_mid):
    mid = create_mid(created_at=datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc))
    session.expire_all()
    loaded = session.exec(select(type(mid)).where(type(mid).id == mid.id)).one()
    assert loaded.created_at == datetime(2026, 3, 1, 12, 30, tzinfo=timezone.utc)
    assert loaded.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(session, create_mid):
    mid = create_mid()
    mid.updated_at = datetime(2026, 3, 1, 12, 30)
    with pytest.raises(StatementError):
        session.commit()


def test_stale_action_update_is_refused_by_its_version(app, session, create_mid, create_action):
    from sqlalchemy.orm.exc import StaleDataError

    from alumni.db import get_db

    action = create_action(create_mid())
    other = get_db(app).session()
    theirs = other.get(Action, action.id)
    theirs.progress = 70
    other.commit()
    other.close()
    action.progress = 60
    with pytest.raises(StaleDataError):
        session.commit()
