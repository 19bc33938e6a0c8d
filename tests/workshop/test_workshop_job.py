"""The `workshop-export` job: the export built ahead of the workshop and one e-mail per ministry user."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook
from sqlmodel import select

from alumni.models import AuditEvent, OutboxMessage, Workshop
from jobs.scheduler import run_job
from tests.workshop_fixture import programme  # noqa: F401

WARSAW = ZoneInfo("Europe/Warsaw")


def on(day, hour=7):
    return datetime(2026, 11, day, hour, tzinfo=WARSAW)


@pytest.fixture
def ministry(create_user, session):
    # No passwords: hashing them would only slow the tests down.
    admin = create_user("admin@example.org", "admin", password=None, name="Anna Administratorka")
    reader = create_user("ministerstwo@example.org", "ministry", password=None, name="Marek", language="en")
    create_user("koordynator@example.org", "coordinator", password=None)
    gone = create_user("odszedl@example.org", "ministry", password=None)
    gone.is_active = False
    session.commit()
    return admin, reader


def _messages(session):
    session.rollback()  # end the snapshot: see what the job committed
    return session.exec(select(OutboxMessage).order_by(OutboxMessage.recipient)).all()


def test_nothing_is_due_more_than_the_set_number_of_days_before(app, session, programme, ministry):
    summary = run_job(app, "workshop-export", on(16, 23))
    assert "no workshop within 21 days of 2026-11-16" in summary
    assert _messages(session) == []


def test_export_is_built_and_each_ministry_user_gets_one_link(app, session, programme, ministry):
    summary = run_job(app, "workshop-export", on(17))
    assert "2026: export built (6 MIDs, as of 2026-11-17)" in summary and "queued 2 e-mail(s)" in summary
    workbook = load_workbook(f"{app.instance_path}/exports/workshop-2026.xlsx")
    assert "MID-y" in workbook.sheetnames
    admin, reader = _messages(session)
    assert [admin.recipient, reader.recipient] == ["admin@example.org", "ministerstwo@example.org"]
    assert admin.idempotency_key == f"workshop-export:year=2026:user={ministry[0].id}"
    assert (admin.channel, admin.kind, admin.status) == ("email", "workshop_export", "pending")
    link = "http://alumni.example.org/exports/workshop/2026/sent.xlsx"
    assert link in admin.body_text and f'href="{link}"' in admin.body_html
    report = "http://alumni.example.org/exports/workshop/2026.html"
    assert report in admin.body_text and f'href="{report}"' in admin.body_html
    assert admin.body_text.startswith("Dzień dobry,\n") and "8 grudnia 2026" in admin.body_text
    with app.app_context(), force_locale("en"):
        assert reader.subject == gettext("PIM Alumni: the %(year)s workshop export is ready", year=2026)
    assert "December 8, 2026" in reader.body_text
    workshop = session.exec(select(Workshop)).one()
    assert workshop.export_built_at is not None
    audit = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "workshop",
                                                 AuditEvent.action == "update")).one()
    assert audit.via == "job" and "export_built_at" in audit.changes


def test_the_e_mailed_link_downloads_the_export_as_it_was_built(app, client, login, session, programme, ministry):
    login(ministry[1])
    assert client.get("/exports/workshop/2026/sent.xlsx").status_code == 404  # not built yet
    run_job(app, "workshop-export", on(17))
    built = (Path(app.instance_path) / "exports" / "workshop-2026.xlsx").read_bytes()
    path = _messages(session)[1].body_text.split("http://alumni.example.org", 1)[1].split()[0]
    with client.get(path) as response:  # closing the response closes the file it streams
        assert response.status_code == 200 and response.data == built
        assert "filename=pim-alumni-warsztaty-2026.xlsx" in response.headers["Content-Disposition"]
    assert f'href="{path}"' in client.get("/exports").get_data(as_text=True)
    # The live export is drawn anew; the one sent stays as it was.
    assert client.get("/exports/workshop/2026.xlsx").data != built


def test_a_second_run_sends_nothing_twice_and_keeps_the_export(app, session, programme, ministry):
    run_job(app, "workshop-export", on(17))
    built = session.exec(select(Workshop)).one().export_built_at
    summary = run_job(app, "workshop-export", on(18))
    assert "queued 0 e-mail(s); 2 sent before" in summary and "export built" not in summary
    assert len(_messages(session)) == 2
    session.rollback()
    assert session.exec(select(Workshop)).one().export_built_at == built


def test_dry_run_changes_nothing(app, session, programme, ministry):
    summary = run_job(app, "workshop-export", on(20), dry_run=True)
    assert "would build the export" in summary and "would queue 2 e-mail(s)" in summary
    assert _messages(session) == []
    assert session.exec(select(Workshop)).one().export_built_at is None


def test_no_export_once_the_workshop_has_started(app, session, programme, ministry):
    summary = run_job(app, "workshop-export", datetime(2026, 12, 8, 7, tzinfo=WARSAW))
    assert "no workshop within" in summary and _messages(session) == []


def test_the_job_runs_from_the_command_line(runner, session, programme, ministry):
    assert "workshop-export" in runner.invoke(args=["jobs", "list"]).output
    result = runner.invoke(args=["jobs", "run", "workshop-export", "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert "queued 2 e-mail(s)" in result.output and len(_messages(session)) == 2
