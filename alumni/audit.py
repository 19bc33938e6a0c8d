"""The audit trail: every change to the programme's data becomes an AuditEvent in the same flush.

Listening on the app's sessions (rather than calling a function in each view) means no write
path can forget it: views, jobs, the CLI and e-mail links are audited alike. ``init_app``
listens on the app's own session factories, so a session opened elsewhere is not audited.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from flask import has_request_context
from sqlalchemy import event, func, inspect
from sqlmodel import select

from .db import get_db
from .models import (
    Action, AuditEvent, DeadlineExtension, Indicator, IndicatorValue, Membership, Mid, Milestone, Participant, Report,
    ReportingRound, Setting, User, Workshop,
)
from .sessions import signed_in_user_id

AUDITED = (Participant, Membership, Mid, Action, Milestone, Report, ReportingRound, User, Workshop, DeadlineExtension,
           Setting, Indicator, IndicatorValue)
_IGNORED = {"updated_at", "version", "last_login_at", "session_version", "created_at"}
_SECRET = {"password_hash"}
_PENDING = "alumni.audit.pending"


def act_as(session, actor_id=None, via="web"):
    """Name who the session's changes are made by, and how (web, email-link, cli, job, import)."""
    session.info["actor_id"] = actor_id
    session.info["via"] = via


def json_value(value):
    """A value as JSON holds it: enums by value, dates in ISO 8601, amounts as text, rows by id."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return sorted(json_value(item) for item in value)
    if hasattr(value, "id") and not isinstance(value, (str, int, float, bool)):
        return value.id
    return value


def _changes(obj, action):
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _IGNORED:
            continue
        history = state.attrs[key].history
        if action == "update" and not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else (
            getattr(obj, key) if action == "delete" else None)
        after = None if action == "delete" else (history.added[0] if history.added else getattr(obj, key))
        if key in _SECRET:
            before, after = ("•••" if before else None), ("•••" if after else None)
        if action == "update" or (before if action == "delete" else after) is not None:
            changes[key] = {"before": json_value(before), "after": json_value(after)}
    if isinstance(obj, User) and state.attrs["participants"].history.has_changes():
        history = state.attrs["participants"].history
        changes["participants"] = {
            "before": json_value([p.id for p in history.unchanged + history.deleted]),
            "after": json_value([p.id for p in history.unchanged + history.added]),
        }
    return changes


def _mid_id(obj):
    if isinstance(obj, Mid):
        return obj.id
    return getattr(obj, "mid_id", None)


def _actor(session):
    if "actor_id" in session.info or "via" in session.info:
        return session.info.get("actor_id"), session.info.get("via", "web")
    if has_request_context():
        # Only who this request already signed in or loaded: loading a user here would query mid-flush.
        return signed_in_user_id(), "web"
    return None, "system"


def init_app(app):
    """Audit every session the app opens, read or write."""
    for factory in get_db(app).session_factories:
        event.listen(factory, "before_flush", _collect)
        event.listen(factory, "after_flush", _write)


def _collect(session, _context, _instances):
    pending = session.info.setdefault(_PENDING, [])
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, AUDITED) and (action != "update" or session.is_modified(obj)):
                changes = _changes(obj, action)
                if changes or action != "update":
                    pending.append((obj, action, changes))


def _write(session, _context):
    pending = session.info.pop(_PENDING, [])
    if not pending:
        return
    actor_id, via = _actor(session)
    for obj, action, changes in pending:
        if action == "create":
            changes.setdefault("id", {"before": None, "after": obj.id})
        session.add(AuditEvent(
            actor_id=actor_id, via=via, entity_type=type(obj).__name__.lower(), entity_id=obj.id,
            mid_id=None if isinstance(obj, Mid) and action == "delete" else _mid_id(obj),
            action=action, changes=changes,
        ))


def events(session, entity_type=None, entity_id=None, actor_id=None, mid_id=None, limit=200, before_id=None):
    """Audit events, newest first, filtered by entity, person or MID."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if entity_type:
        query = query.where(AuditEvent.entity_type == entity_type)
    if entity_id:
        query = query.where(AuditEvent.entity_id == entity_id)
    if actor_id:
        query = query.where(AuditEvent.actor_id == actor_id)
    if mid_id:
        query = query.where(AuditEvent.mid_id == mid_id)
    if before_id:
        query = query.where(AuditEvent.id < before_id)
    return session.exec(query).all()


def entity_types():
    """The names of the audited entities, for filters."""
    return sorted(model.__name__.lower() for model in AUDITED)


# Audit ids counted below the newest by ``change_marks``.
RECENT = 1000


def change_marks():
    """Two scalar subqueries that move with every audited change: the newest event's id and how many
    events there are among the last ``RECENT`` ids (on PostgreSQL a transaction holding a lower id
    may commit after a higher one was seen; the count changes when it does). Caches of pages and
    figures compare them, in one small query on the primary key."""
    newest = select(func.coalesce(func.max(AuditEvent.id), 0)).scalar_subquery()
    recent = select(func.count()).select_from(AuditEvent).where(AuditEvent.id > newest - RECENT).scalar_subquery()
    return newest, recent
