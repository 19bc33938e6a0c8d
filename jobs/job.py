"""What a scheduled job is: a plain function of (app, as_of) with its name and schedule."""

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
    # Also run once when the scheduler starts (besides interval jobs, which always do).
    at_start: bool = False
