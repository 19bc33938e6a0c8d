"""`alumni serve --demo` as the README starts it: a real process answering on a port."""

import os
import re
import socket
import subprocess
import sys
import time

import requests

from alumni.demo import DEMO_PASSWORD


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_demo_answers_with_the_real_mids(tmp_path):
    port = _free_port()
    env = {**os.environ, "ALUMNI_DATABASE_URL": f"sqlite:///{tmp_path}/alumni.db"}
    env.pop("ALUMNI_SECRET_KEY", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "alumni", "serve", "--demo", "--port", str(port)],
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
        assert health.json()["status"] == "ok"
        browser = requests.Session()
        login_page = browser.get(f"http://127.0.0.1:{port}/login", timeout=5)
        token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', login_page.text).group(1)
        browser.post(f"http://127.0.0.1:{port}/login", timeout=5, data={
            "csrf_token": token, "email": "ministerstwo@example.org", "password": DEMO_PASSWORD})
        page = browser.get(f"http://127.0.0.1:{port}/mids", timeout=5)
        assert "Zielone Serce Miasta" in page.text
        assert page.headers["Server"] == "pim-alumni"  # waitress, not the development server
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=10)
    assert "Demo logins" in output and "admin@example.org" in output
