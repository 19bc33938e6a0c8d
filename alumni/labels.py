"""Human labels for the vocabularies, in the current language."""

from flask_babel import get_locale, lazy_gettext as _l
from markupsafe import Markup

from .models import ActionStatus, BarrierCategory, LifeStatus, ParticipantKind, ReportState, Role

ACTION_STATUS = {
    ActionStatus.planned: _l("planned"),
    ActionStatus.in_progress: _l("in progress"),
    ActionStatus.done: _l("done"),
    ActionStatus.delayed: _l("delayed"),
    ActionStatus.suspended: _l("suspended"),
    ActionStatus.dropped: _l("dropped"),
}

LIFE_STATUS = {
    LifeStatus.active: _l("active"),
    LifeStatus.at_risk: _l("at risk"),
    LifeStatus.dormant: _l("dormant"),
    LifeStatus.completed: _l("completed"),
    LifeStatus.abandoned: _l("abandoned"),
}

REPORT_STATE = {
    ReportState.draft: _l("draft"),
    ReportState.submitted: _l("submitted"),
    ReportState.returned: _l("returned for changes"),
    ReportState.accepted: _l("accepted"),
}

BARRIER = {
    BarrierCategory.financial: _l("financial"),
    BarrierCategory.legal: _l("legal"),
    BarrierCategory.staffing: _l("staffing"),
    BarrierCategory.organisational: _l("organisational"),
    BarrierCategory.political: _l("political"),
    BarrierCategory.social: _l("social"),
    BarrierCategory.technical: _l("technical"),
    BarrierCategory.public_procurement: _l("public procurement"),
    BarrierCategory.other: _l("other"),
}

PARTICIPANT_KIND = {
    ParticipantKind.city: _l("city"),
    ParticipantKind.municipality: _l("municipality"),
    ParticipantKind.mof: _l("functional urban area (MOF)"),
    ParticipantKind.association: _l("association of municipalities"),
}

ROLE = {
    Role.admin: _l("administrator"),
    Role.ministry: _l("ministry"),
    Role.coordinator: _l("city coordinator"),
}


DIRECTION = {
    "increase": _l("more is better"),
    "decrease": _l("less is better"),
}

FIELDS = {
    "title": _l("Title"),
    "description": _l("Description"),
    "planned_start": _l("Planned start"),
    "planned_end": _l("Planned end"),
    "responsible_unit": _l("Responsible unit"),
    "estimated_budget": _l("Estimated budget"),
    "funding_sources": _l("Funding sources"),
    "status": _l("Status"),
    "progress": _l("Progress"),
    "achievements": _l("Achievements"),
    "barriers_text": _l("Barriers"),
    "support_needed": _l("Support needed"),
    "good_practice": _l("Good practice"),
    "next_steps": _l("Next steps"),
    "state": _l("State"),
    "achieved_on": _l("Achieved on"),
    "evidence": _l("Evidence"),
    "abandoned_reason": _l("Reason for abandoning"),
    # A MID's indicators and their values.
    "unit": _l("Unit"),
    "direction": _l("Direction"),
    "baseline_value": _l("Baseline value"),
    "baseline_year": _l("Baseline year"),
    "target_value": _l("Target value"),
    "target_year": _l("Target year"),
    "source": _l("Source or method"),
    "value": _l("Value"),
    "comment": _l("Comment"),
    "measured_on": _l("Measured on"),
}


def life_status_badge(status):
    """A life status as a labelled badge (text, not colour alone)."""
    label = LIFE_STATUS.get(status, status)
    return Markup('<span class="badge life-{0}">{1}</span>').format(str(status), label)


def freshness_badge(value):
    from .freshness import LABELS

    return Markup('<span class="badge fresh-{0}">{1}</span>').format(str(value), LABELS.get(value, value))


def network_name(network):
    """A network's name in the current language."""
    return network.name_en if str(get_locale()) == "en" else network.name_pl


VIA = {
    "web": _l("web"),
    "email-link": _l("via e-mail link"),
    "cli": _l("command line"),
    "job": _l("scheduler"),
    "import": _l("import"),
    "system": _l("system"),
}


# The labels every template can use (registered by alumni.templating).
GLOBALS = dict(
    direction_label=lambda direction: DIRECTION.get(direction, direction),
    network_name=network_name,
    action_status_label=lambda value: ACTION_STATUS.get(value, value),
    life_status_label=lambda value: LIFE_STATUS.get(value, value),
    report_state_label=lambda value: REPORT_STATE.get(value, value),
    barrier_label=lambda value: BARRIER.get(value, value),
    participant_kind_label=lambda value: PARTICIPANT_KIND.get(value, value),
    role_label=lambda value: ROLE.get(value, value),
    life_status_badge=life_status_badge,
    freshness_badge=freshness_badge,
    field_label=lambda name: FIELDS.get(name, name),
    via_label=lambda via: VIA.get(via, via),
)
