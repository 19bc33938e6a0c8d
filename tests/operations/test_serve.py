"""`alumni serve --demo` as the README starts it: a real process answering on a port."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
import requests

from tests.processes import free_port

ALUMNI = [sys.executable, "-m", "alumni"]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """`alumni serve --demo --port P` on a new SQLite file, without ALUMNI_SECRET_KEY or ALUMNI_BASE_URL."""
    folder = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {**os.environ, "ALUMNI_DATABASE_URL": f"sqlite:///{folder}/alumni.db",
           "ALUMNI_INSTANCE_PATH": str(folder / "instance")}
    for name in ("ALUMNI_SECRET_KEY", "ALUMNI_BASE_URL"):
        env.pop(name, None)
    with open(folder / "stdout", "w") as stdout, open(folder / "stderr", "w") as stderr:
        process = subprocess.Popen([*ALUMNI, "serve", "--demo", "--port", str(port)], env=env, stdout=stdout,
                                   stderr=stderr, text=True, cwd=folder)
    server = {"url": f"http://127.0.0.1:{port}", "port": port, "env": env, "folder": folder,
              "stdout": lambda: (folder / "stdout").read_text(), "stderr": lambda: (folder / "stderr").read_text()}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                server["health"] = requests.get(f"{server['url']}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, server["stdout"]() + server["stderr"]()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


def _password_of(output, email):
    return re.search(rf"{re.escape(email)}\s+password: (\S+)", output).group(1)


def _sign_in(server, email, password):
    browser = requests.Session()
    login_page = browser.get(f"{server['url']}/login", timeout=5)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', login_page.text).group(1)
    response = browser.post(f"{server['url']}/login", timeout=5, allow_redirects=False,
                            data={"csrf_token": token, "email": email, "password": password})
    return browser, response


def test_serve_demo_answers_with_the_real_mids(demo_server):
    assert demo_server["health"].json()["status"] == "ok"
    output = demo_server["stdout"]()
    assert "Demo logins" in output and "admin@example.org" in output
    browser, response = _sign_in(demo_server, "ministerstwo@example.org",
                                 _password_of(output, "ministerstwo@example.org"))
    assert response.status_code == 302
    page = browser.get(f"{demo_server['url']}/mids", timeout=5)
    assert "Zielone Serce Miasta" in page.text
    assert page.headers["Server"] == "pim-alumni"  # waitress, not the development server


def test_the_demo_passwords_are_random_and_the_old_fixed_one_is_gone(demo_server):
    output = demo_server["stdout"]()
    passwords = {_password_of(output, email) for email in ("admin@example.org", "ministerstwo@example.org")}
    assert len(passwords) == 2 and all(len(password) >= 16 for password in passwords)
    assert _sign_in(demo_server, "admin@example.org", "alumni-demo-2026")[1].status_code == 200


def test_each_log_line_is_written_once(demo_server):
    requests.get(f"{demo_server['url']}/a-page-asked-for-once", timeout=5)
    time.sleep(0.5)
    lines = [line for line in demo_server["stderr"]().splitlines() if "/a-page-asked-for-once" in line]
    assert len(lines) == 1, lines


def test_email_links_lead_to_the_port_serve_listens_on(demo_server):
    client = requests.Session()
    page = client.get(f"{demo_server['url']}/password/reset", timeout=5)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', page.text).group(1)
    client.post(f"{demo_server['url']}/password/reset", timeout=5,
                data={"csrf_token": token, "email": "koordynator.lodz@example.org"})
    with sqlite3.connect(demo_server["folder"] / "alumni.db") as database:
        [body] = database.execute("SELECT body_text FROM outboxmessage WHERE kind = 'password_reset'").fetchone()
    assert f"http://127.0.0.1:{demo_server['port']}/password/reset/" in body


def test_jobs_run_on_the_demo_database_find_the_key_serve_stored(demo_server):
    result = subprocess.run([*ALUMNI, "jobs", "run", "reminders"], env=demo_server["env"], capture_output=True,
                            text=True, timeout=120, cwd=demo_server["folder"])
    assert result.returncode == 0, result.stderr
    assert "ALUMNI_SECRET_KEY" not in result.stderr


def test_serve_demo_adds_no_demo_users_to_a_database_it_did_not_make(sqlite_template, tmp_path):
    shutil.copy(sqlite_template, tmp_path / "alumni.db")
    env = {**os.environ, "ALUMNI_DATABASE_URL": f"sqlite:///{tmp_path}/alumni.db",
           "ALUMNI_INSTANCE_PATH": str(tmp_path / "instance"), "ALUMNI_SECRET_KEY": "k" * 64}
    created = subprocess.run([*ALUMNI, "users", "create", "--email", "urzednik@example.org", "--role", "ministry"],
                             env=env, capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    port = free_port()
    with open(tmp_path / "stdout", "w") as stdout:
        process = subprocess.Popen([*ALUMNI, "serve", "--demo", "--no-scheduler", "--port", str(port)], env=env,
                                   stdout=stdout, stderr=subprocess.DEVNULL, text=True, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while "is running on" not in (tmp_path / "stdout").read_text():
            assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "stdout").read_text()
            time.sleep(0.2)
        time.sleep(0.5)
    finally:
        process.terminate()
        process.wait(timeout=10)
    output = (tmp_path / "stdout").read_text()
    assert "no demo users were added" in output and "password:" not in output
    with sqlite3.connect(tmp_path / "alumni.db") as database:
        emails = [email for (email,) in database.execute("SELECT email FROM user")]
    assert emails == ["urzednik@example.org"]
