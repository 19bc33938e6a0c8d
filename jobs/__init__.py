"""The scheduler's jobs: plain functions of (app, as_of), registered by name."""

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


def registry():
    """Every job, by name."""
    from . import life_status

    jobs = [life_status.JOB]
    return {job.name: job for job in jobs}
