"""`alumni serve --demo` as the README starts it: a real process answering on a port."""

import os
import socket
import sqlite3
import subprocess
import sys
import time

import requests


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


_AGENT = "pim-alumni-tests"


def _ministry_session_cookie(path, url):
    """The session cookie of the demo's ministry user, signed with the demo's key, as a login would set it."""
    from flask_login.utils import _create_identifier

    from alumni import create_app
    from alumni.config import use_demo_secret_key

    app = create_app({"DATABASE_URL": url})
    use_demo_secret_key(app)
    with sqlite3.connect(path) as connection:
        user_id, version = connection.execute(
            "SELECT id, session_version FROM user WHERE email = 'ministerstwo@example.org'").fetchone()
    with app.test_request_context(environ_base={"REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": _AGENT}):
        identifier = _create_identifier()
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.dumps({"_user_id": f"{user_id}:{version}", "_fresh": True, "_id": identifier})


def test_serve_demo_answers_with_the_real_mids(tmp_path):
    port = _free_port()
    env = {**os.environ, "ALUMNI_DATABASE_URL": f"sqlite:///{tmp_path}/alumni.db"}
    env.pop("ALUMNI_SECRET_KEY", None)
    process = subprocess.Popen(
        [sys.executable, "-c", "from alumni.cli import main; main()", "serve", "--demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert health.json() == {"status": "ok"}
        cookie = _ministry_session_cookie(tmp_path / "alumni.db", env["ALUMNI_DATABASE_URL"])
        page = requests.get(f"http://127.0.0.1:{port}/mids", cookies={"session": cookie},
                            headers={"User-Agent": _AGENT}, timeout=5)
        assert "Zielone Serce Miasta" in page.text
        assert page.headers["Server"] == "pim-alumni"  # waitress, not the development server
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Demo logins" in output and "admin@example.org" in output
