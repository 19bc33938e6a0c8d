"""Who may do what: the one place that decides every permission (views, API, jobs, CLI).

Roles: ``admin`` manages everything; ``ministry`` reads everything and exports,
and reviews reports, but edits no city data; ``coordinator`` reads and edits only the
MIDs of the participants they work for.
"""

import enum
from functools import wraps

from flask import abort
from flask_login import current_user

from .models import Role


class Permission(enum.StrEnum):
    view_mid = "view_mid"                  # a MID's page (needs the MID)
    edit_mid = "edit_mid"                  # actions, milestones, abandonment (needs the MID)
    report = "report"                      # fill in and submit a MID's report (needs the MID)
    edit_indicators = "edit_indicators"    # a MID's indicators and their values (needs the MID)
    request_extension = "request_extension"  # ask for more time in a round (needs the MID)
    view_all_mids = "view_all_mids"        # the list of every MID
    view_contacts = "view_contacts"        # a MID's coordinators to call, with their mail problems
    view_dashboard = "view_dashboard"
    view_reminder_analytics = "view_reminder_analytics"  # which messages brought reports in
    export = "export"
    review_reports = "review_reports"
    decide_extensions = "decide_extensions"  # grant or refuse a city's request for more time
    use_api = "use_api"
    manage_users = "manage_users"
    manage_rounds = "manage_rounds"
    manage_programme = "manage_programme"  # editions, networks, participants, MIDs, workshops
    view_outbox = "view_outbox"            # the outbox and the operations page (job runs, errors)
    retry_messages = "retry_messages"      # send a failed e-mail or webhook again
    manage_personal_data = "manage_personal_data"  # GDPR: export a person's data, anonymise them
    publish_mid = "publish_mid"            # the city's consent to show a MID publicly, and its budgets (needs the MID)
    withhold_mid = "withhold_mid"          # the ministry keeps a MID out of the public view whatever the city chose
    manage_public_view = "manage_public_view"  # switch the public view and open data on or off


_MINISTRY = {
    Permission.view_mid, Permission.view_all_mids, Permission.view_contacts, Permission.view_dashboard,
    Permission.export, Permission.review_reports, Permission.decide_extensions, Permission.use_api,
    Permission.view_reminder_analytics,
    Permission.withhold_mid,
}
_ADMIN = set(Permission)
_COORDINATOR_ON_OWN = {
    Permission.view_mid, Permission.edit_mid, Permission.edit_indicators, Permission.report,
    Permission.request_extension, Permission.publish_mid,
}


def can(user, permission, mid=None):
    """Whether ``user`` may do ``permission`` (on ``mid`` where the permission concerns one)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    role = user.role
    if role == Role.admin:
        return permission in _ADMIN
    if role == Role.ministry:
        return permission in _MINISTRY
    if role == Role.coordinator and permission in _COORDINATOR_ON_OWN:
        return mid is not None and mid.participant_id in participant_ids(user)
    return False


def participant_ids(user):
    """The participants a coordinator works for; None means every participant (ministry, admin)."""
    if user.role in (Role.admin, Role.ministry):
        return None
    return {participant.id for participant in user.participants}


def ensure(permission, mid=None, user=None):
    """Abort unless the current user (or ``user``) may do ``permission``: to sign in, or 403."""
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        from flask import current_app

        abort(current_app.login_manager.unauthorized())
    if not can(user, permission, mid):
        abort(403)


def requires(permission):
    """A view decorator for permissions that concern no single MID."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            ensure(permission)
            return view(*args, **kwargs)

        return wrapped

    return decorator
