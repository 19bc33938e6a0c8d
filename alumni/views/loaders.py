"""Load what a view works on, or answer 404/403: the one place views do both."""

from flask import abort

from .. import mids
from ..db import get_session
from ..models import Action, Mid, Milestone
from ..policy import ensure


def mid_or_404(mid_id, permission, whole=True):
    """The MID, if the current user may do ``permission`` on it: with its participant, network, edition,
    actions and milestones, or (``whole=False``) its own row alone, enough to decide and to tag its page."""
    session = get_session()
    mid = mids.load_mid(session, mid_id) if whole else session.get(Mid, mid_id)
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
