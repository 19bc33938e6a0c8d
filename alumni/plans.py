"""Keeping a MID's action plan current: actions, milestones, abandonment.

Every change is checked against the version the person saw (optimistic locking), so two
coordinators editing one action never overwrite each other silently.
"""

from calendar import monthrange
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import select

from .models import Action, ActionStatus, Mid, Milestone

EDITABLE = ("title", "description", "planned_start", "planned_end", "responsible_unit", "estimated_budget",
            "funding_sources", "status", "progress")


class PlanError(ValueError):
    """A change that cannot be made, with a message for the person."""


@dataclass
class Conflict(Exception):
    """Someone else saved first: what they changed, as {field: (theirs_now, yours)}."""

    current: object
    changes: dict = field(default_factory=dict)


def month_end(day):
    return day.replace(day=monthrange(day.year, day.month)[1]) if day else None


def normalise_state(status, progress):
    """``done`` means 100%; the other statuses keep the progress given."""
    status = ActionStatus(status)
    return status, 100 if status == ActionStatus.done else int(progress or 0)


def seen(version):
    """The version a form says its page showed, or None when it says none (empty or not a number)."""
    text = str(version if version is not None else "").strip()
    return int(text) if text.isdigit() else None


def lock(session, model, row_id):
    """``model``'s row ``row_id`` as now committed, locked until the transaction ends.

    Checking a version and then writing must see what others committed meanwhile, with no one
    writing in between: on PostgreSQL, simultaneous saves wait here and then find the newer
    version (a clean conflict) instead of failing at the UPDATE. SQLite's write transactions
    are serialised already (BEGIN IMMEDIATE), and it ignores the lock clause.
    """
    return session.exec(select(model).where(model.id == row_id).with_for_update(key_share=True)
                        .execution_options(populate_existing=True)).one()


def check_version(obj, seen_version, submitted, fields=EDITABLE):
    """Raise Conflict unless ``obj`` is still the version ``seen_version`` the person loaded.

    A missing version is never a pass: the page it came from cannot show what the person saw.
    """
    if seen(seen_version) == obj.version:
        return
    changes = {name: (getattr(obj, name), submitted.get(name)) for name in fields
               if name in submitted and getattr(obj, name) != submitted.get(name)}
    raise Conflict(current=obj, changes=changes)


def _apply(action, data):
    for name in EDITABLE:
        if name in data:
            setattr(action, name, data[name])
    action.planned_end = month_end(action.planned_end)
    if action.planned_start:
        action.planned_start = action.planned_start.replace(day=1)
    action.status, action.progress = normalise_state(action.status, action.progress)
    if action.planned_start and action.planned_end and action.planned_start > action.planned_end:
        raise PlanError(_l("The planned end comes before the planned start."))


def add_action(session, mid, data):
    """Append an action at the end of the MID's plan."""
    last = session.exec(select(func.max(Action.position)).where(Action.mid_id == mid.id)).one()
    action = Action(mid_id=mid.id, position=(last if last is not None else -1) + 1, title=data["title"])
    _apply(action, data)
    session.add(action)
    session.flush()
    return action


def update_action(session, action, data, seen_version):
    """Save an edit made on version ``seen_version`` of the action."""
    lock(session, Action, action.id)
    check_version(action, seen_version, data)
    _apply(action, data)
    session.flush()
    return action


def move_action(session, action, offset, seen_version):
    """Move an action, as the person saw it, up (-1) or down (+1) in its MID's plan."""
    lock(session, Mid, action.mid_id)  # one reordering of a plan at a time
    siblings = session.exec(select(Action).where(Action.mid_id == action.mid_id)
                            .order_by(Action.position, Action.id).execution_options(populate_existing=True)).all()
    check_version(action, seen_version, {}, fields=())
    index = siblings.index(action)
    target = index + offset
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
    session.flush()


def drop_action(session, action, seen_version):
    """Mark an action dropped (kept in the plan's history, not deleted); work already done stays done."""
    lock(session, Action, action.id)
    if action.status == ActionStatus.done:
        raise PlanError(_l("A done action cannot be dropped."))
    check_version(action, seen_version, {"status": ActionStatus.dropped})
    action.status = ActionStatus.dropped
    session.flush()


def add_milestone(session, mid, data):
    action_id = data.get("action_id") or None
    if action_id and session.get(Action, action_id) not in mid.actions:
        raise PlanError(_l("That action belongs to another MID."))
    milestone = Milestone(mid_id=mid.id, action_id=action_id, title=data["title"], due_on=data["due_on"])
    session.add(milestone)
    session.flush()
    return milestone


MILESTONE_FIELDS = ("achieved_on", "evidence")


def record_milestone(session, milestone, achieved_on, evidence, seen_version):
    """Record a milestone as achieved on a day, with evidence (or clear it with ``achieved_on=None``)."""
    lock(session, Milestone, milestone.id)
    check_version(milestone, seen_version, {"achieved_on": achieved_on, "evidence": evidence or ""},
                  fields=MILESTONE_FIELDS)
    milestone.achieved_on = achieved_on
    milestone.evidence = evidence or ""
    session.flush()


def abandon(session, mid, reason, now, seen_version):
    if not (reason or "").strip():
        raise PlanError(_l("Say why the MID is abandoned."))
    lock(session, Mid, mid.id)
    check_version(mid, seen_version, {"abandoned_reason": reason.strip()}, fields=("abandoned_reason",))
    mid.abandoned_at, mid.abandoned_reason = now, reason.strip()
    session.flush()


def undo_abandon(session, mid, seen_version):
    lock(session, Mid, mid.id)
    check_version(mid, seen_version, {}, fields=())
    mid.abandoned_at = mid.abandoned_reason = None
    session.flush()
