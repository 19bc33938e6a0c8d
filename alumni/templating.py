"""What every template can use: the filters and globals, registered in one place."""

from urllib.parse import urlencode

from flask_babel import format_date, format_datetime, get_locale
from flask_login import current_user

from flask import current_app, g, url_for

from . import calendar_feed, extensions, i18n, labels, policy, review_queue, tokens
from .charts import FILLS, map_words
from .clock import Calendar, request_now
from .dashboard.indicators import indicator_overview, remembered_overview
from .dashboard.labels import GLOBALS as DASHBOARD_LABELS
from .db import get_session
from .http_cache import data_version
from .forms.connections import ApiTokenForm
from .forms.errors import form_errors
from .indicators import PROGRESS_LABEL
from .indicators import page as indicators_page
from .forms.publication import PublicationForm, WithholdForm
from .public import visibility
from .reporting.states import is_received


def profile_connections():
    """What the profile page shows of one's connections: loaded only when a template asks."""
    db, user = get_session(), current_user._get_current_object()
    return {"tokens": tokens.tokens_of(db, user) if policy.can(user, policy.Permission.use_api) else [],
            "feed": calendar_feed.feed_of(db, user), "token_form": ApiTokenForm(prefix="token")}


def waiting_reviews():
    """The number of reports waiting for review, counted once per request (the menu asks on every page)."""
    if "waiting_reviews" not in g:
        g.waiting_reviews = review_queue.waiting_count(get_session())
    return g.waiting_reviews


def extension_for(mid, round_):
    """The MID's request for more time in ``round_``, or None."""
    return extensions.extension_of(get_session(), mid.id, round_.id)


def mid_indicators(mid):
    """The MID page's indicators section (``indicators.page``): loaded only when the page asks, in two statements."""
    return indicators_page.mid_section(get_session(), mid.id, Calendar.from_app(current_app).local_date(request_now()))


def dashboard_indicators(dashboard, filters):
    """The dashboard's indicators on track (``dashboard.indicators``), for the MIDs its filters select."""
    today = Calendar.from_app(current_app).local_date(dashboard.as_of)
    # Counting every indicator costs about a third of the rest of the page at 10,000 MIDs; the figures
    # change only with an audited edit or the day, so each process keeps them for the data version and filters.
    key = (data_version(get_session()), today, tuple(sorted(filters.where_args().items())))
    return remembered_overview(key, lambda: indicator_overview(
        get_session(), today, dashboard.editions, dashboard.networks, filters.mid_conditions(),
        filters.whole_networks(dashboard.all_networks())))


def publication_choices(mid):
    """What a MID's page shows of its publication: the installation's switch and the two choices' forms."""
    return {"view_enabled": visibility.view_enabled(get_session()),
            "publication": PublicationForm(formdata=None, data={"consent": mid.public_consent,
                                                                 "budget": mid.public_budget}),
            "withhold": WithholdForm(formdata=None, data={"withheld": mid.public_withheld})}


def mids_link(**args):
    """``url_for("mids.list_mids", **args)``, the list's path built once per request: the dashboard
    links each of its counts to the MIDs behind it, about two hundred links a page."""
    if "mids_list_path" not in g:
        g.mids_list_path = url_for("mids.list_mids")
    # As Werkzeug writes a query: in the order given, no empty values, its safe characters.
    query = urlencode([(key, value) for key, value in args.items() if value is not None], safe="!$'()*,/:;?@")
    return f"{g.mids_list_path}?{query}" if query else g.mids_list_path


def public_url(endpoint, **values):
    """An address of the public view in the page's language (Polish needs no ``lang``)."""
    language = get_locale().language
    return url_for(endpoint, **values, **({"lang": language} if language != "pl" else {}))


def init_app(app):
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, number=i18n.format_number,
                                 pln=i18n.format_pln)
    app.jinja_env.globals.update(
        get_locale=get_locale,
        language_url=i18n.language_url,
        format_datetime=format_datetime,
        format_percent=i18n.format_percent,
        mids_link=mids_link,
        tile_words=map_words.tile_words,
        counts_words=map_words.counts_words,
        can=policy.can,
        Permission=policy.Permission,
        profile_connections=profile_connections,
        form_errors=form_errors,
        waiting_reviews=waiting_reviews,
        extension_for=extension_for,
        mid_indicators=mid_indicators,
        dashboard_indicators=dashboard_indicators,
        indicator_number=indicators_page.number_text,
        progress_label=lambda progress: PROGRESS_LABEL.get(progress, progress),
        publication_choices=publication_choices,
        public_url=public_url,
        extension_state=extensions.state_of,
        chart_fills=FILLS,
        **labels.GLOBALS,
        **DASHBOARD_LABELS,
    )
    # ``report.state is received``: the report states that count (``reporting.states``).
    app.jinja_env.tests["received"] = is_received
