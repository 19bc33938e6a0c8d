"""Commands that sign sessions or links refuse at once, in one clear line, without ALUMNI_SECRET_KEY."""

import os
import shutil
import subprocess
import sys

import pytest

from alumni import create_app
from alumni.config import use_demo_secret_key
from alumni.db import get_db
from tests.processes import free_port


def alumni(*args, environment, timeout=30):
    """Run the `alumni` console script as people do; a command that keeps running has not refused."""
    try:
        return subprocess.run([sys.executable, "-m", "alumni", *args],
                              env=environment, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`alumni {' '.join(args)}` kept running instead of refusing")


@pytest.fixture
def without_key(sqlite_template, tmp_path):
    shutil.copy(sqlite_template, tmp_path / "alumni.db")
    environment = {**os.environ, "ALUMNI_INSTANCE_PATH": str(tmp_path / "instance"),
                   "ALUMNI_DATABASE_URL": f"sqlite:///{tmp_path}/alumni.db"}
    environment.pop("ALUMNI_SECRET_KEY", None)
    environment.pop("FLASK_DEBUG", None)
    return environment


@pytest.mark.parametrize("command", [["scheduler"], ["serve", "--no-scheduler"], ["serve"]])
def test_commands_that_need_the_key_refuse_in_one_line(without_key, command):
    if command[0] == "serve":
        command = [*command, "--port", str(free_port())]
    result = alumni(*command, environment=without_key, timeout=20)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "ALUMNI_SECRET_KEY is not set" in lines[0], result.stderr
    assert "Scheduler running" not in result.stdout and "is running on" not in result.stdout


def test_jobs_on_the_demo_database_use_the_key_serve_demo_stored(without_key, tmp_path, monkeypatch):
    monkeypatch.setenv("ALUMNI_INSTANCE_PATH", without_key["ALUMNI_INSTANCE_PATH"])
    monkeypatch.delenv("ALUMNI_SECRET_KEY", raising=False)
    demo = create_app({"DATABASE_URL": without_key["ALUMNI_DATABASE_URL"]})
    use_demo_secret_key(demo)  # what `alumni serve --demo` does before serving
    get_db(demo).dispose()

    result = alumni("jobs", "run", "reminders", "--as-of", "2026-11-23", environment=without_key)
    assert result.returncode == 0, result.stderr
    again = create_app({"DATABASE_URL": without_key["ALUMNI_DATABASE_URL"]})
    assert again.config["SECRET_KEY"] == demo.config["SECRET_KEY"]


def test_the_demo_key_is_not_used_for_another_database(without_key, tmp_path, monkeypatch):
    monkeypatch.setenv("ALUMNI_INSTANCE_PATH", without_key["ALUMNI_INSTANCE_PATH"])
    monkeypatch.delenv("ALUMNI_SECRET_KEY", raising=False)
    use_demo_secret_key(create_app({"DATABASE_URL": without_key["ALUMNI_DATABASE_URL"]}))

    shutil.copy(tmp_path / "alumni.db", tmp_path / "production.db")
    other = {**without_key, "ALUMNI_DATABASE_URL": f"sqlite:///{tmp_path}/production.db"}
    result = alumni("jobs", "run", "reminders", "--as-of", "2026-11-23", environment=other)
    assert result.returncode != 0 and "ALUMNI_SECRET_KEY is not set" in result.stderr
    assert create_app({"DATABASE_URL": other["ALUMNI_DATABASE_URL"]}).config["SECRET_KEY"] is None
