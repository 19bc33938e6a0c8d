"""The audit trail listens on the app's own sessions, and names who acted without loading anyone."""

from datetime import date

from flask_login import login_user
from sqlmodel import Session, select

from alumni.db import get_db, get_session
from alumni.models import AuditEvent, ReportingRound, User
from alumni.security import csrf


def _round(name):
    return ReportingRound(name=name, opens_on=date(2026, 5, 4), due_on=date(2026, 6, 15), closes_on=date(2026, 7, 31))


def _events(session, entity_type="reportinground"):
    return session.exec(select(AuditEvent).where(AuditEvent.entity_type == entity_type)).all()


def test_changes_in_the_apps_read_and_write_sessions_are_audited(app, session):
    for write in (True, False):
        with get_db(app).session(write=write) as work:
            work.add(_round(f"2026 H{int(write) + 1}"))
            work.commit()
    events = _events(session)
    assert [(event.action, event.via, event.actor_id) for event in events] == [("create", "system", None)] * 2


def test_a_bare_session_on_the_same_database_is_not_audited(app, session):
    with Session(get_db(app).engine) as bare:
        bare.add(_round("2026 H1"))
        bare.commit()
    assert session.exec(select(ReportingRound.name)).all() == ["2026 H1"]
    assert _events(session) == []


def test_one_apps_listeners_do_not_audit_another_apps_sessions(app, session):
    from alumni import create_app

    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "x"})
    try:
        with get_db(other).session() as work:
            work.add(_round("2026 H1"))
            work.commit()
    finally:
        get_db(other).dispose()
    assert len(_events(session)) == 1  # one event from the other app's own listeners, not two


def test_a_change_right_after_signing_in_is_audited_as_that_person(app, session, create_user):
    user_id = create_user(email="admin@example.org", role="admin").id

    @app.post("/test/sign-in-and-write")
    @csrf.exempt
    def sign_in_and_write():
        db = get_session()
        login_user(db.get(User, user_id))
        db.add(_round("2026 H1"))
        db.commit()
        return ""

    assert app.test_client().post("/test/sign-in-and-write").status_code == 200
    [event] = _events(session)
    assert (event.actor_id, event.via) == (user_id, "web")


def test_a_change_in_a_request_with_nobody_signed_in_has_no_actor(app, session):
    @app.post("/test/write")
    @csrf.exempt
    def write():
        db = get_session()
        db.add(_round("2026 H1"))
        db.commit()
        return ""

    assert app.test_client().post("/test/write").status_code == 200
    [event] = _events(session)
    assert (event.actor_id, event.via) == (None, "web")
