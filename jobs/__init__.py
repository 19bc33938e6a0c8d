"""The scheduler's jobs: plain functions of (app, as_of), registered by name."""

import importlib
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable  # func(app, as_of, dry_run=False) -> str (a readable summary)
    description: str
    # APScheduler trigger arguments for the scheduler process.
    trigger: str
    trigger_args: dict


# One module per job, each with a module-level JOB.
JOB_MODULES = ["life_status", "status_history", "reminders", "deliver", "rounds", "workshop_export"]


def registry():
    """Every job, by name."""
    modules = [importlib.import_module(f"{__name__}.{name}") for name in JOB_MODULES]
    return {module.JOB.name: module.JOB for module in modules}
