"""Human labels for the vocabularies, in the current language."""

from flask_babel import get_locale, lazy_gettext as _l

from . import policy
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


def actor_label(event, people):
    """Who made an audited change: their address, or how it was made."""
    by_id = {person.id: person.email for person in people}
    who = by_id.get(event.actor_id)
    via = VIA.get(event.via, event.via)
    return f"{who} ({via})" if who and event.via != "web" else (who or via)


def init_app(app):
    app.jinja_env.globals.update(
        network_name=network_name,
        action_status_label=lambda value: ACTION_STATUS.get(value, value),
        life_status_label=lambda value: LIFE_STATUS.get(value, value),
        report_state_label=lambda value: REPORT_STATE.get(value, value),
        barrier_label=lambda value: BARRIER.get(value, value),
        participant_kind_label=lambda value: PARTICIPANT_KIND.get(value, value),
        role_label=lambda value: ROLE.get(value, value),
        actor_label=actor_label,
        can=policy.can,
        Permission=policy.Permission,
    )
