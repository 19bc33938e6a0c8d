"""The past the dashboard charts is recorded when data arrives, so no page computes a past day.

The demo, an import and the scheduler's start fill the month ends, due days and anniversaries
that hold no record yet; the dashboard then reads every past point from the record.
"""

from datetime import datetime, timezone

from sqlmodel import func, select

from alumni.clock import utcnow
from alumni.dashboard.page import build_dashboard
from alumni.dashboard.trends import RECORDED
from alumni.life_status import StatusSettings, charted_days, recorded_days
from alumni.models import MidStatusRecord
from jobs import registry
from jobs.scheduler import build_scheduler


def _unrecorded(session, app):
    days = charted_days(session, utcnow(), StatusSettings.from_app(app))
    return days - recorded_days(session, days)


def test_the_demo_records_the_past_it_brings(runner, session, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert _unrecorded(session, app) == set()
    with app.app_context():
        dashboard = build_dashboard(session, utcnow(), StatusSettings.from_app(app))
    assert [point.source for point in dashboard.history[:-1]] == [RECORDED] * (len(dashboard.history) - 1)


def test_an_import_records_the_past_of_the_mids_already_there(runner, session, app, create_mid, tmp_path):
    create_mid(participant="Słupsk")
    assert _unrecorded(session, app)  # a MID, and no record of any past day yet
    path = tmp_path / "uczestnicy.csv"
    path.write_bytes("nazwa;rodzaj;województwo;liczba mieszkańców;TERYT\r\n"
                     "Iława;miasto;warmińsko-mazurskie;32000;\r\n".encode())
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    assert _unrecorded(session, app) == set()


def test_a_dry_run_import_records_nothing(runner, session, app, create_mid, tmp_path):
    create_mid(participant="Słupsk")
    path = tmp_path / "uczestnicy.csv"
    path.write_bytes("nazwa;rodzaj;województwo;liczba mieszkańców;TERYT\r\n"
                     "Iława;miasto;warmińsko-mazurskie;32000;\r\n".encode())
    before = _unrecorded(session, app)
    assert runner.invoke(args=["import", str(path), "--dry-run"]).exit_code == 0
    assert _unrecorded(session, app) == before


def test_the_scheduler_fills_the_past_as_soon_as_it_starts(app):
    scheduler = build_scheduler(app)
    scheduler.start(paused=True)  # next run times are set when it starts
    try:
        assert scheduler.get_job("status-history").next_run_time <= datetime.now(timezone.utc)
        assert scheduler.get_job("life-status").next_run_time > datetime.now(timezone.utc)
    finally:
        scheduler.shutdown(wait=False)


def test_mids_added_after_a_day_was_recorded_are_recorded_on_it_too(app, session, create_mid):
    """A day recorded before some MIDs arrived lacked them: every page computed them with the rule."""
    first = create_mid(participant="Słupsk")
    settings = StatusSettings.from_app(app)
    days = sorted(charted_days(session, utcnow(), settings))
    job = registry()["status-history"]
    assert f"recorded {len(days)} past days" in job.func(app, utcnow())
    later = create_mid(participant="Iława", voivodeship="warmińsko-mazurskie")
    assert f"recorded {len(days)} past days" in job.func(app, utcnow())
    assert "recorded 0 past days" in job.func(app, utcnow())
    held = session.exec(select(MidStatusRecord.mid_id, func.count()).group_by(MidStatusRecord.mid_id)).all()
    assert dict(held) == {first.id: len(days), later.id: len(days)}
    # Filled in later, so not a record kept on the day (the survival curves read only those).
    assert not session.exec(select(MidStatusRecord).where(MidStatusRecord.on_the_day.is_(True))).first()


def test_postgresql_counts_the_rows_again_before_the_past_is_filled(app, session, create_mid, statements):
    """Its planner otherwise trusts counts from before thousands of MIDs arrived (47 s instead of 5 s
    at 10,000 MIDs, docs/benchmarks.md); SQLite keeps no statistics to refresh."""
    create_mid(participant="Słupsk")
    statements.clear()
    registry()["status-history"].func(app, utcnow())
    analyzed = [statement for statement in statements if statement.startswith("ANALYZE")]
    if session.get_bind().dialect.name == "postgresql":
        assert analyzed == ['ANALYZE "mid"', 'ANALYZE "midstatusrecord"']
    else:
        assert analyzed == []
    statements.clear()
    registry()["status-history"].func(app, utcnow())  # nothing missing: nothing to count again
    assert not [statement for statement in statements if statement.startswith("ANALYZE")]


def test_init_db_records_the_past_of_an_upgraded_installation(runner, session, app, create_mid):
    create_mid(participant="Słupsk")  # MIDs from a version that kept no daily record
    assert _unrecorded(session, app)
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Recorded the life statuses of" in result.output
    assert _unrecorded(session, app) == set()
    assert "Recorded" not in runner.invoke(args=["init-db"]).output  # nothing missing the second time
