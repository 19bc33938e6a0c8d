"""The private iCalendar feed: its address is the credential, so it needs no sign-in."""

from flask import Blueprint, Response, abort, current_app
from flask_babel import force_locale

from .. import calendar_feed
from ..config import site_url
from ..db import get_session
from ..models import utcnow

bp = Blueprint("calendar", __name__)


@bp.get("/calendar/<key>.ics")
def feed(key):
    session = get_session()
    user = calendar_feed.user_for_key(session, key)
    if user is None:
        abort(404)
    now = utcnow()
    rounds, milestones = calendar_feed.feed_entries(session, user, now, current_app.config["TIMEZONE"])
    with force_locale(user.language):
        body = calendar_feed.build_calendar(rounds, milestones, now, site_url(current_app, ""))
    return Response(body, mimetype="text/calendar", headers={
        "Cache-Control": "private, no-cache", "Content-Disposition": 'inline; filename="pim-alumni.ics"',
        "Referrer-Policy": "no-referrer"})
