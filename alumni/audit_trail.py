"""The audit trail's page: events filtered by who, what kind of thing and when, a page at a time."""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from flask_babel import gettext as _, pgettext
from sqlalchemy import func
from sqlmodel import select

from .audit import entity_types
from .audit_sentences import describe
from .clock import Calendar
from .models import AuditEvent
from .paging import Paged

PER_PAGE = 50


def entity_type_label(name):
    """What an audited entity is called, in a menu."""
    return {
        "action": pgettext("entity type", "action"), "milestone": pgettext("entity type", "milestone"),
        "mid": pgettext("entity type", "MID"), "report": pgettext("entity type", "report"),
        "participant": pgettext("entity type", "participant"),
        "membership": pgettext("entity type", "membership of a network"),
        "reportinground": pgettext("entity type", "reporting round"), "user": pgettext("entity type", "user"),
        "workshop": pgettext("entity type", "workshop"),
    }.get(name, name)


@dataclass(frozen=True)
class TrailFilters:
    actor_id: int | None = None
    entity_type: str | None = None
    entity_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    typed: dict = field(default_factory=dict, compare=False)   # the dates as typed, shown back
    errors: dict = field(default_factory=dict, compare=False)  # field → message

    @classmethod
    def from_args(cls, args):
        """Read the filters from a query string; a date that does not parse is named in ``errors``."""
        typed = {key: (args.get(key) or "").strip()[:20] for key in ("from", "to")}
        dates, errors = {}, {}
        for key, text in typed.items():
            try:
                dates[key] = date.fromisoformat(text) if text else None
            except ValueError:
                dates[key] = None
                errors[key] = _("Invalid date “%(text)s”: write it as YYYY-MM-DD, e.g. 2026-12-02.", text=text)
        entity = args.get("entity")
        return cls(
            actor_id=args.get("person", type=int), entity_type=entity if entity in entity_types() else None,
            entity_id=args.get("id", type=int), date_from=dates["from"], date_to=dates["to"],
            page=max(args.get("page", default=1, type=int) or 1, 1), typed=typed, errors=errors,
        )

    def to_args(self, **changes):
        """The query string of these filters (changed as asked), defaults left out."""
        current = replace(self, **changes)
        args = {"person": current.actor_id, "entity": current.entity_type, "id": current.entity_id,
                "from": current.typed.get("from") or None, "to": current.typed.get("to") or None,
                "page": current.page if current.page > 1 else None}
        return {key: value for key, value in args.items() if value is not None}


@dataclass
class TrailPage(Paged):
    lines: list
    total: int
    page: int
    per_page: int


def _start_of(day, timezone):
    """The moment a local day starts (the programme's calendar)."""
    return Calendar(timezone).start_of_day(day)


def _where(query, filters, timezone):
    if filters.actor_id:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.entity_type:
        query = query.where(AuditEvent.entity_type == filters.entity_type)
    if filters.entity_id:
        query = query.where(AuditEvent.entity_id == filters.entity_id)
    if filters.date_from:
        query = query.where(AuditEvent.at >= _start_of(filters.date_from, timezone))
    if filters.date_to:
        query = query.where(AuditEvent.at < _start_of(filters.date_to + timedelta(days=1), timezone))
    return query


def trail_page(session, filters, timezone="Europe/Warsaw", per_page=PER_PAGE):
    """One page of events, newest first, as sentences; nothing when a filter does not parse."""
    if filters.errors:
        return TrailPage([], 0, filters.page, per_page)
    total = session.exec(_where(select(func.count(AuditEvent.id)), filters, timezone)).one()
    events = session.exec(_where(select(AuditEvent), filters, timezone).order_by(AuditEvent.id.desc())
                          .limit(per_page).offset((filters.page - 1) * per_page)).all()
    return TrailPage(describe(session, events), total, filters.page, per_page)
