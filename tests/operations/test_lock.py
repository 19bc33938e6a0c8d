"""Deployments install the exact versions of requirements.lock, which covers what pyproject.toml requires."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)$")


def _pins():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            match = PIN.match(line)
            assert match, f"not an exact pin: {line}"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def test_the_lock_pins_every_requirement_of_the_service_and_its_deployment_within_their_bounds():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = _pins()
    for text in [*project["dependencies"], *project["optional-dependencies"]["deploy"]]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: refresh it (docs/deployment.md)"
        assert requirement.specifier.contains(pins[name], prereleases=True), (name, pins[name])


def test_the_dockerfile_installs_the_locked_versions_then_the_service_without_resolving_again():
    steps = [line.strip() for line in (ROOT / "deploy" / "Dockerfile").read_text().splitlines()]
    runs = [step for step in steps if step.startswith("RUN pip install")]
    assert runs[0] == "RUN pip install --no-cache-dir -r requirements.lock"
    assert all("--no-deps" in run for run in runs[1:]) and len(runs) == 2
    assert steps.index("COPY requirements.lock ./") < steps.index(runs[0])


def test_the_documented_installation_and_refresh_use_the_lock():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert "pip install -r /srv/pim-alumni/app/requirements.lock" in guide
    assert "pip install --no-deps /srv/pim-alumni/app" in guide
    assert "pip-compile --upgrade --extra deploy --strip-extras --no-emit-index-url --no-emit-find-links " \
           "-o requirements.lock pyproject.toml" in guide
