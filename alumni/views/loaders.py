"""Load what a view works on, or answer 404/403: the one place views do both."""

from flask import abort

from .. import mids
from ..db import get_session
from ..models import Action, Mid, Milestone
from ..policy import ensure


def mid_or_404(mid_id, permission):
    """The MID with what its pages show, if the current user may do ``permission`` on it."""
    mid = mids.load_mid(get_session(), mid_id)
    if mid is None:
        abort(404)
    ensure(permission, mid)
    return mid


def mid_row_or_404(mid_id, permission):
    """The MID's own row (enough to decide and to tag its page), if the current user may do ``permission`` on it."""
    mid = get_session().get(Mid, mid_id)
    if mid is None:
        abort(404)
    ensure(permission, mid)
    return mid


def part_or_404(model, part_id, mid):
    """An action or milestone of ``mid`` (404 if it belongs to another MID)."""
    part = get_session().get(model, part_id)
    if part is None or part.mid_id != mid.id:
        abort(404)
    return part


__all__ = ["Action", "Milestone", "mid_or_404", "part_or_404"]
