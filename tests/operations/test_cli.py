"""The `alumni` commands, as other tools and people call them."""

import re
from datetime import date
import subprocess
import sys
from pathlib import Path

from sqlmodel import func, select

from alumni.models import Action, Mid, MidStatusRecord, Participant, Report, ReportingRound, User


def count(session, model):
    session.rollback()  # end the snapshot: see what the command committed
    return session.exec(select(func.count()).select_from(model)).one()


def test_demo_loads_the_real_programme(runner, session):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    titles = set(session.exec(select(Mid.title)))
    assert "Zielone Serce Miasta" in titles
    assert any("błękitno-zielonej infrastrukturze" in title for title in titles)
    slupsk = session.exec(select(Participant).where(Participant.name == "Słupsk")).one()
    assert slupsk.voivodeship == "pomorskie" and not slupsk.illustrative
    assert count(session, ReportingRound) == 3
    assert count(session, Report) > 0


def test_demo_twice_changes_nothing(runner, session):
    runner.invoke(args=["demo"])
    before = [count(session, model) for model in (Mid, Action, Participant, Report, User)]
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "(0 new)" in result.output
    assert [count(session, model) for model in (Mid, Action, Participant, Report, User)] == before


def test_demo_adds_no_users_unless_asked(runner, session):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert count(session, User) == 0 and "password" not in result.output


def test_demo_with_users_prints_random_passwords_that_sign_in_once_shown(app, runner, session):
    first = runner.invoke(args=["demo", "--with-users"])
    again = runner.invoke(args=["demo", "--with-users"])
    assert first.exit_code == again.exit_code == 0, first.output
    shown = [dict(re.findall(r"(\S+@example\.org)\s+password: (\S+)", result.output)) for result in (first, again)]
    assert sorted(shown[0]) == ["admin@example.org", "koordynator.lodz@example.org",
                                "koordynator.slupsk@example.org", "ministerstwo@example.org"]
    assert len(set(shown[0].values())) == 4 and not set(shown[0].values()) & set(shown[1].values())
    assert count(session, User) == 4
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page).group(1)
    for password, expected in ((shown[0]["admin@example.org"], 200), (shown[1]["admin@example.org"], 302)):
        response = client.post("/login", data={"csrf_token": token, "email": "admin@example.org",
                                               "password": password})
        assert response.status_code == expected


def test_demo_marks_pim_iii_members_as_illustrative(runner, session):
    runner.invoke(args=["demo"])
    invented = session.exec(select(Participant).where(Participant.name.like("%Przykładow%"))).all()
    assert invented and all(p.illustrative and "ilustracyjne" in p.name for p in invented)


def test_demo_scale_adds_synthetic_mids_once(runner, session):
    runner.invoke(args=["demo"])
    real = count(session, Mid)
    result = runner.invoke(args=["demo", "--scale", "30"])
    assert result.exit_code == 0, result.output
    assert count(session, Mid) == real + 30
    assert count(session, Action) >= (real + 30) * 3
    runner.invoke(args=["demo", "--scale", "30"])
    assert count(session, Mid) == real + 30


def test_users_create_makes_a_coordinator_for_named_participants(runner, session):
    runner.invoke(args=["demo"])
    result = runner.invoke(
        args=["users", "create", "--email", "Nowa@Example.org", "--role", "coordinator",
              "--participant", "Lublin", "--participant", "słupsk", "--password-stdin"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = session.exec(select(User).where(User.email == "nowa@example.org")).one()
    assert sorted(p.name for p in user.participants) == ["Lublin", "Słupsk"]
    assert user.password_hash.startswith("$argon2id$")


def test_users_create_explains_what_is_wrong(runner, session):
    runner.invoke(args=["demo", "--with-users"])
    unknown = runner.invoke(args=["users", "create", "--email", "x@example.org", "--role", "coordinator",
                                  "--participant", "Atlantyda"])
    assert unknown.exit_code != 0 and "Nie ma uczestnika o nazwie „Atlantyda”" in unknown.output
    short = runner.invoke(args=["users", "create", "--email", "x@example.org", "--role", "admin",
                                "--password-stdin"], input="short\n")
    assert short.exit_code != 0 and "co najmniej 12 znaków" in short.output
    twice = runner.invoke(args=["users", "create", "--email", "ADMIN@example.org", "--role", "admin"])
    assert twice.exit_code != 0 and "już istnieje" in twice.output
    assert count(session, User) == 4


def test_rounds_create_and_list(runner):
    created = runner.invoke(args=["rounds", "create", "--name", "2027 H1", "--opens", "2027-05-03",
                                  "--due", "2027-06-15", "--closes", "2027-07-30"])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(args=["rounds", "list"])
    assert "2027 H1" in listed.output and "due 2027-06-15" in listed.output


def test_rounds_create_refuses_dates_out_of_order(runner, session):
    result = runner.invoke(args=["rounds", "create", "--name", "zła", "--opens", "2027-05-03",
                                 "--due", "2027-04-15", "--closes", "2027-07-30"])
    assert result.exit_code != 0 and "w kolejności" in result.output
    assert count(session, ReportingRound) == 0


def test_jobs_list_and_run_life_status(runner, session):
    runner.invoke(args=["demo"])
    assert "life-status" in runner.invoke(args=["jobs", "list"]).output
    dry = runner.invoke(args=["jobs", "run", "life-status", "--as-of", "2026-11-23", "--dry-run"])
    assert dry.exit_code == 0 and "would record" in dry.output
    recorded = select(func.count()).where(MidStatusRecord.recorded_on == date(2026, 11, 22))
    assert session.exec(recorded).one() == 0
    result = runner.invoke(args=["jobs", "run", "life-status", "--as-of", "2026-11-23T10:00"])
    assert result.exit_code == 0, result.output
    assert session.exec(recorded).one() == count(session, Mid)


def test_jobs_run_names_unknown_jobs_and_bad_dates(runner):
    assert "No job named 'nope'" in runner.invoke(args=["jobs", "run", "nope"]).output
    assert "not DATE" in runner.invoke(args=["jobs", "run", "life-status", "--as-of", "jutro"]).output


def test_console_script_is_installed_and_lists_the_commands():
    script = Path(sys.executable).parent / "alumni"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    for command in ("init-db", "demo", "serve", "scheduler", "jobs", "users", "rounds"):
        assert command in result.stdout
