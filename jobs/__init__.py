"""The scheduler's jobs: plain functions of (app, as_of), registered by name."""

from . import deliver, life_status, reminders, rounds, status_history, workshop_export
from .job import Job

# One module per job, each with a module-level JOB.
JOB_MODULES = (life_status, status_history, reminders, deliver, rounds, workshop_export)

__all__ = ["Job", "registry"]


def registry():
    """Every job, by name."""
    return {module.JOB.name: module.JOB for module in JOB_MODULES}
