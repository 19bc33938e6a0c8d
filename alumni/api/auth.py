"""Who an API request comes from: a personal token in ``Authorization: Bearer ...``."""

from datetime import timedelta

from flask_babel import gettext as _

from ..models import ApiToken
from ..policy import Permission, can
from ..tokens import token_and_user
from . import ApiError

# Recording every use would turn each read into a write; once in a while is enough to show it.
LAST_USED_RESOLUTION = timedelta(hours=1)


def authenticate(session, header):
    """The token and its user; raise ApiError 401 (no or bad token) or 403 (not allowed)."""
    scheme, _sep, secret = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise ApiError(401, "authentication_required", _(
            "Send your personal API token in the header: Authorization: Bearer <token>."))
    token, user = token_and_user(session, secret.strip())
    if token is None or not user.is_active:
        raise ApiError(401, "invalid_token", _(
            "The API token is not valid: it is mistyped, was revoked, or its user was deactivated."))
    if not can(user, Permission.use_api):
        raise ApiError(403, "forbidden", _("Your role does not give access to the API."))
    return token, user


def record_use(write_session, token, now):
    """Note when a token was last used, at most once per LAST_USED_RESOLUTION."""
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    stored = write_session.get(ApiToken, token.id)
    if stored is not None:
        stored.last_used_at = now
        write_session.commit()
