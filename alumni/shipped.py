"""Folders shipped with the package: templates and migrations."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name):
    """A folder shipped beside the package (source checkout) or inside it (wheel)."""
    beside = _PACKAGE.parent / name
    return beside if beside.is_dir() else _PACKAGE / f"_{name}"
