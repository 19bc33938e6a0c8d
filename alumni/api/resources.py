"""What the API answers, as plain JSON-ready dicts; each answer in a fixed number of queries."""

from dataclasses import replace
from sqlmodel import select

from .. import mids
from ..life_status import StatusSettings, mid_facts
from ..models import Edition, Mid, Network, ReportingRound
from ..reporting.completeness import completeness
from ..statistics import year_statistics
from ..workshop.window import WindowError


def none_or_iso(value):
    """A date or an aware datetime as ISO 8601 text (RFC 3339 for datetimes), or None."""
    return None if value is None else value.isoformat()


class Settings:
    """The app settings the answers depend on, and the clock."""

    def __init__(self, app, now):
        self.status = StatusSettings.from_app(app)
        self.dormant_after_days = app.config["DORMANT_AFTER_DAYS"]
        self.timezone = app.config["TIMEZONE"]
        self.now = now


def mid_page(session, filters, per_page, settings):
    """One page of MIDs with their life status, filtered and sorted as the MID list does."""
    page = mids.mid_list_page(session, filters, settings.now, settings.status, None, per_page)
    total = page.total
    if not page.rows and filters.page > 1:
        # Past the last page the list's query returns no row to carry the count.
        total = mids.mid_list_page(session, replace(filters, page=1), settings.now, settings.status, None, 1).total
    return {
        "items": [mid_summary(row.mid, row.participant, row.network, row.edition, row.status,
                              row.last_activity_at, row.outcome) for row in page.rows],
        "page": filters.page,
        "per_page": per_page,
        "total": total,
        "pages": (total + per_page - 1) // per_page,
    }


def mid_summary(mid, participant, network, edition, status, last_activity_at, outcome):
    return {
        "id": mid.id,
        "title": mid.title,
        "participant": {
            "id": participant.id, "name": participant.name, "kind": participant.kind,
            "voivodeship": participant.voivodeship, "population": participant.population,
            "teryt": participant.teryt, "latitude": participant.latitude, "longitude": participant.longitude,
        },
        "network": {"id": network.id, "name_pl": network.name_pl, "name_en": network.name_en},
        "edition": {"id": edition.id, "code": edition.code},
        "life_status": status,
        "outcome": outcome,
        "adopted_on": none_or_iso(mid.adopted_on),
        "abandoned_at": none_or_iso(mid.abandoned_at),
        "last_activity_at": none_or_iso(last_activity_at),
        "updated_at": none_or_iso(mid.updated_at),
        "illustrative": mid.illustrative,
    }


def mid_detail(session, mid_id, settings):
    """One MID with its plan (actions, milestones) and life status, or None."""
    mid = mids.load_mid(session, mid_id)
    if mid is None:
        return None
    facts = mid_facts(settings.now, settings.status).where(Mid.id == mid_id).subquery("facts")
    row = session.exec(select(*facts.c)).one()
    latest = max((at for at in (row.last_action_at, row.last_milestone_at, row.last_report_at) if at), default=None)
    detail = mid_summary(mid, mid.participant, mid.network, mid.network.edition, row.status, latest, row.outcome)
    detail.update(
        challenge=mid.challenge, goals=mid.goals, stakeholders=mid.stakeholders, document_url=mid.document_url,
        abandoned_reason=mid.abandoned_reason,
        lineage=None if mid.lineage_kind is None else {
            "kind": mid.lineage_kind, "successor_mid_id": mid.successor_mid_id,
            "successor_strategy": mid.successor_strategy,
        },
        actions=[_action(action) for action in mid.actions],
        milestones=[_milestone(milestone) for milestone in mid.milestones],
    )
    return detail


def _action(action):
    return {
        "id": action.id, "position": action.position, "title": action.title, "description": action.description,
        "planned_start": none_or_iso(action.planned_start), "planned_end": none_or_iso(action.planned_end),
        "responsible_unit": action.responsible_unit,
        "estimated_budget": None if action.estimated_budget is None else f"{action.estimated_budget:.2f}",
        "funding_sources": action.funding_sources, "status": action.status, "progress": action.progress,
        "updated_at": none_or_iso(action.updated_at),
    }


def _milestone(milestone):
    return {
        "id": milestone.id, "action_id": milestone.action_id, "title": milestone.title,
        "due_on": none_or_iso(milestone.due_on), "achieved_on": none_or_iso(milestone.achieved_on),
        "evidence": milestone.evidence,
    }


def rounds_with_completeness(session, settings):
    """Every reporting round with its reporting completeness (``alumni.reporting.completeness``)."""
    rounds = session.exec(select(ReportingRound).order_by(ReportingRound.opens_on.desc(), ReportingRound.id)).all()
    items = []
    for result in completeness(session, rounds, settings.now, settings.status):
        round_, counts = result.round, result.total
        items.append({
            "id": round_.id, "name": round_.name, "opens_on": round_.opens_on.isoformat(),
            "due_on": round_.due_on.isoformat(), "closes_on": round_.closes_on.isoformat(),
            "is_due": result.is_due,
            "expected": counts.expected, "received": counts.received, "submitted": counts.received,
            "on_time": counts.on_time,
            "reporting_rate": _rate(counts.reporting_rate), "on_time_rate": _rate(counts.on_time_rate),
            "completeness": _rate(counts.reporting_rate),
        })
    return {"items": items}


def _rate(value):
    return None if value is None else round(value, 4)


def statistics(session, year, settings):
    """The year's statistics, or None for a year not yet begun."""
    try:
        stats = year_statistics(session, year, settings.now, settings.dormant_after_days, settings.timezone)
    except WindowError:
        return None
    stats["as_of"] = stats["as_of"].isoformat()
    return stats


def editions(session):
    """Every edition with its networks: the ids the MID filters take."""
    rows = session.exec(
        select(Edition, Network).outerjoin(Network, Network.edition_id == Edition.id)
        .order_by(Edition.start_year, Edition.id, Network.name_pl)
    ).all()
    found = {}
    for edition, network in rows:
        entry = found.setdefault(edition.id, {
            "id": edition.id, "code": edition.code, "name": edition.name,
            "start_year": edition.start_year, "end_year": edition.end_year, "networks": [],
        })
        if network is not None:
            entry["networks"].append({"id": network.id, "name_pl": network.name_pl, "name_en": network.name_en,
                                      "ended_on": none_or_iso(network.ended_on)})
    return {"items": list(found.values())}
