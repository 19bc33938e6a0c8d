"""Signed reminder links: a capability to open one MID's report form in one round, nothing else.

The token names the round, the MID and the recipient, and the last day it works (the day
the round closes, Europe/Warsaw). It gives no session: the page that honours it acts as
that recipient, via e-mail, on that one form only.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer

from .config import site_url

# A salt of its own: no other signed value of the app (session, CSRF) can pass for a link.
_SALT = "alumni.report-link.v1"
PATH = "/reports/by-link/"


class ReportLinkError(ValueError):
    """A reminder link that cannot be honoured, with a message for the person."""


class InvalidReportLink(ReportLinkError):
    """The token was not made by this service, or was altered."""


class ExpiredReportLink(ReportLinkError):
    """The round the token was made for has closed."""


@dataclass(frozen=True)
class ReportLink:
    round_id: int
    mid_id: int
    user_id: int
    expires_at: datetime  # aware: the end of the round's closing day, local time


def _serializer(app):
    key = app.config.get("SECRET_KEY")
    if not key:
        raise RuntimeError("ALUMNI_SECRET_KEY is not set: reminder links cannot be signed")
    return URLSafeSerializer(key, salt=_SALT)


def link_expiry(closes_on, timezone="Europe/Warsaw"):
    """When a link for a round closing on ``closes_on`` stops working: midnight after that day."""
    return datetime.combine(closes_on + timedelta(days=1), time(0), tzinfo=ZoneInfo(timezone))


def make_report_token(app, round_, mid, user):
    """The signed token for ``user`` to open ``mid``'s report form in ``round_``."""
    payload = [round_.id, mid.id, user.id, round_.closes_on.isoformat()]
    return _serializer(app).dumps(payload)


def make_report_link(app, round_, mid, user):
    """The absolute URL (built from ``BASE_URL``) of ``mid``'s report form in ``round_`` for ``user``."""
    return site_url(app, PATH + make_report_token(app, round_, mid, user))


def read_report_token(app, token, as_of):
    """The ids a token grants at ``as_of`` (aware), or ReportLinkError saying why it does not."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    try:
        payload = _serializer(app).loads(token)
        round_id, mid_id, user_id, closes_on = payload
        ids = [int(round_id), int(mid_id), int(user_id)]
        expires_at = link_expiry(date.fromisoformat(closes_on), app.config["TIMEZONE"])
    except (BadSignature, TypeError, ValueError) as error:
        raise InvalidReportLink(_l("This link is not valid. Sign in to open the report form.")) from error
    if as_of >= expires_at:
        raise ExpiredReportLink(
            _l("This link expired when the reporting round closed on %(day)s. Sign in to see the MID.",
               day=closes_on)
        )
    return ReportLink(*ids, expires_at=expires_at)
