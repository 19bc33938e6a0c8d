"""The deployment as configured in deploy/: gunicorn's workers on one SQLite file lose no write."""

import json
import re
import shutil
import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests
from sqlmodel import select

from alumni import create_app
from alumni.db import get_db, session_scope
from alumni.models import Action, AuditEvent, Mid, Participant, Report, SchedulerHeartbeat
from tests.conftest import FAST_HASH
from tests.pages import page_form
from tests.processes import DEPLOY, Gunicorn

ROUNDS = 5  # writes per writer


@pytest.fixture
def demo_database(sqlite_template, tmp_path):
    """A SQLite file with the demo data and a reporting round open today."""
    path = tmp_path / "alumni.db"
    shutil.copy(sqlite_template, path)
    url = f"sqlite:///{path}"
    app = create_app({"TESTING": True, "DATABASE_URL": url, "PASSWORD_HASH": FAST_HASH})
    runner = app.test_cli_runner()
    demo = runner.invoke(args=["demo", "--with-users"])
    assert demo.exit_code == 0, demo.output
    passwords = dict(re.findall(r"(\S+@example\.org)\s+password: (\S+)", demo.output))
    today = datetime.now(ZoneInfo(app.config["TIMEZONE"])).date()
    result = runner.invoke(args=["rounds", "create", "--name", "Runda próbna", "--opens", str(today),
                                 "--due", str(today + timedelta(days=14)), "--closes", str(today + timedelta(days=30))])
    assert result.exit_code == 0, result.output
    yield {"url": url, "app": app, "passwords": passwords}
    get_db(app).dispose()


class Browser:
    """One person's browser: a cookie jar, the forms as pages give them, every answer kept."""

    def __init__(self, base, email, password):
        self.base, self.http, self.answers = base, requests.Session(), []
        # A new connection per request, so that every worker gets a share (keep-alive pins one).
        self.http.headers["Connection"] = "close"
        self.submit("/login", {"email": email, "password": password})

    def get(self, path):
        response = self.http.get(self.base + path, timeout=60, allow_redirects=False)
        self.answers.append(("GET", path, response.status_code))
        return response

    def submit(self, path, changes, button=None):
        """Fill in the form on ``path`` as it stands, change some fields, send it; whether it was saved."""
        fields = {**page_form(self.get(path).text), **changes, **(button or {})}
        response = self.http.post(self.base + path, data=fields, timeout=60, allow_redirects=False)
        self.answers.append(("POST", path, response.status_code))
        return response.status_code == 302


def test_gunicorn_workers_on_sqlite_lose_no_acknowledged_write(demo_database, tmp_path):
    app = demo_database["app"]
    with session_scope(app) as session:
        def mids_of(name):
            return session.exec(select(Mid.id).join(Participant).where(Participant.name == name)
                                .order_by(Mid.id)).all()

        slupsk, (lodz_report, lodz_plan) = mids_of("Słupsk")[0], mids_of("Łódź")[:2]
        edited = session.exec(select(Action.id).where(Action.mid_id == lodz_plan).order_by(Action.id)).first()
    environment = {"ALUMNI_DATABASE_URL": demo_database["url"], "ALUMNI_SECRET_KEY": "s" * 64,
                   "ALUMNI_PASSWORD_HASH": json.dumps(FAST_HASH)}
    saved = {}  # writer -> what each acknowledged write left in the database

    def report_writer(name, email, mid_id):
        browser, saved[name] = Browser(server.url, email, demo_database["passwords"][email]), []
        for number in range(ROUNDS):
            text = f"{name}: osiągnięcie {number}"
            if browser.submit(f"/mids/{mid_id}/report", {"achievements": text}, {"submit": "1"}):
                saved[name].append(text)
        return browser

    def action_adder(name, email, mid_id):
        browser, saved[name] = Browser(server.url, email, demo_database["passwords"][email]), []
        for number in range(ROUNDS):
            title = f"{name}: nowe działanie {number}"
            if browser.submit(f"/mids/{mid_id}/actions/new", {"title": title, "status": "planned", "progress": "0"}):
                saved[name].append(title)
        return browser

    def action_editor(name, email, mid_id):
        browser, saved[name] = Browser(server.url, email, demo_database["passwords"][email]), []
        for number in range(ROUNDS):
            title = f"{name}: działanie po zmianie {number}"
            if browser.submit(f"/mids/{mid_id}/actions/{edited}", {"title": title, "progress": str(10 * number)}):
                saved[name].append(title)
        return browser

    writers = [
        (report_writer, "slupsk-report", "koordynator.slupsk@example.org", slupsk),
        (report_writer, "lodz-report", "koordynator.lodz@example.org", lodz_report),
        (action_adder, "slupsk-plan", "koordynator.slupsk@example.org", slupsk),
        (action_adder, "lodz-plan", "koordynator.lodz@example.org", lodz_plan),
        (action_editor, "lodz-edit", "koordynator.lodz@example.org", lodz_plan),
    ]
    browsers, failures = [], []

    def run(writer, *args):
        try:
            browsers.append(writer(*args))
        except Exception as error:  # reported below, with the other threads' results
            failures.append(repr(error))

    with Gunicorn(tmp_path / "gunicorn.log", environment, workers=3, threads=2) as server:
        threads = [threading.Thread(target=run, args=writer) for writer in writers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        health = requests.get(f"{server.url}/healthz", timeout=10).json()
    output = server.output()

    assert failures == []
    answers = [answer for browser in browsers for answer in browser.answers]
    assert [answer for answer in answers if answer[2] >= 500] == []
    assert {name: len(texts) for name, texts in saved.items()} == {name: ROUNDS for _, name, _, _ in writers}
    with session_scope(app) as session:
        for name, mid_id in (("slupsk-report", slupsk), ("lodz-report", lodz_report)):
            report = session.exec(select(Report).where(Report.mid_id == mid_id).order_by(Report.id.desc())).first()
            assert (report.state, report.achievements) == ("submitted", saved[name][-1])
        titles = set(session.exec(select(Action.title)))
        assert set(saved["slupsk-plan"] + saved["lodz-plan"]) <= titles
        assert session.get(Action, edited).title == saved["lodz-edit"][-1]
        added = session.exec(select(AuditEvent).where(AuditEvent.entity_type == "action",
                                                      AuditEvent.action == "create")).all()
        assert len([event for event in added if event.changes["title"]["after"] in titles
                    and "nowe działanie" in event.changes["title"]["after"]]) == 2 * ROUNDS
        assert session.exec(select(SchedulerHeartbeat)).all() == []  # web workers run no scheduler
    assert health["status"] == "ok" and health["scheduler"] == "unknown"
    assert len(set(re.findall(r"Booting worker with pid: (\d+)", output))) >= 3
    writers_pids = set(re.findall(r"alumni\.request \[(\d+)\] method=POST path=/mids/", output))
    assert len(writers_pids) >= 2, "the writes were not spread over several workers"
    assert "Traceback" not in output


def test_compose_runs_postgresql_a_mail_catcher_web_workers_and_exactly_one_scheduler():
    text = (DEPLOY / "compose.yaml").read_text()
    services = re.findall(r"^  ([a-z]+):$", text.split("\nservices:\n", 1)[1].split("\nvolumes:\n")[0], re.M)
    assert services == ["db", "mailpit", "migrate", "web", "scheduler"]
    scheduler = text.split("\n  scheduler:\n", 1)[1]
    assert 'command: ["alumni", "scheduler"]' in scheduler and "replicas: 1" in scheduler
    assert "ALUMNI_SECRET_KEY: ${ALUMNI_SECRET_KEY:?" in text  # refuses to start without a key
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert 'CMD ["gunicorn", "-c", "/srv/pim-alumni/app/deploy/gunicorn.conf.py"]' in dockerfile
