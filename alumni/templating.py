"""What every template can use: the filters and globals, registered in one place."""

from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_login import current_user

from . import calendar_feed, i18n, labels, policy, tokens
from .dashboard.labels import GLOBALS as DASHBOARD_LABELS
from .db import get_session
from .forms.connections import ApiTokenForm


def profile_connections():
    """What the profile page shows of one's connections: loaded only when a template asks."""
    db, user = get_session(), current_user._get_current_object()
    return {"tokens": tokens.tokens_of(db, user) if policy.can(user, policy.Permission.use_api) else [],
            "feed": calendar_feed.feed_of(db, user), "token_form": ApiTokenForm(prefix="token")}


def init_app(app):
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, number=format_decimal,
                                 pln=i18n.format_pln)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        language_url=i18n.language_url,
        format_datetime=format_datetime,
        format_percent=format_percent,
        can=policy.can,
        Permission=policy.Permission,
        profile_connections=profile_connections,
        **labels.GLOBALS,
        **DASHBOARD_LABELS,
    )
