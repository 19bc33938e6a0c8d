"""Real server processes for the tests: a free loopback port, a wait until /healthz answers, a clean stop."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn with the deployment's own configuration (deploy/gunicorn.conf.py), on a loopback port."""

    def __init__(self, log_path, environment, workers=3, threads=2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        self.environment = {**os.environ, **environment, "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                            "GUNICORN_WORKERS": str(workers), "GUNICORN_THREADS": str(threads)}
        self.process = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py")],
            env=self.environment, stdout=self.log, stderr=subprocess.STDOUT, cwd=self.log_path.parent,
        )
        try:
            wait_until_healthy(self.url, self.process, self.log_path)
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def output(self):
        return self.log_path.read_text()


def wait_until_healthy(url, process, log_path, limit=60):
    """Poll ``url``/healthz until it answers 200; fail with the server's output if it dies or never does."""
    deadline = time.monotonic() + limit
    while True:
        try:
            if requests.get(f"{url}/healthz", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        assert process.poll() is None, f"the server stopped:\n{Path(log_path).read_text()}"
        assert time.monotonic() < deadline, f"the server did not answer:\n{Path(log_path).read_text()}"
        time.sleep(0.2)
