"""What people do with their accounts: sign in, accept an invitation, reset or change a password."""

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l

from .. import passwords
from ..config import site_url
from ..people import find_user, normalise_email
from ..sessions import end_all_sessions
from . import links, throttle
from .mail import queue_account_email


@dataclass
class SignIn:
    user: object = None
    wait: timedelta = timedelta(0)  # how long this account waits before trying again from this address

    @property
    def throttled(self):
        return self.wait > timedelta(0)


def sign_in(session, email, password, address, now):
    """Check the credentials; the same failure whether the address is unknown or the password wrong."""
    email = normalise_email(email)
    wait = throttle.wait_left(session, email, address, now)
    if wait:
        return SignIn(wait=wait)
    user = find_user(session, email)
    matches, new_hash = passwords.check_password(user.password_hash if user else None, password)
    if user is None or not matches or not user.is_active:
        if user is None:
            # Spend the same time as a real check, so timing tells nothing either.
            passwords.check_password(_dummy_hash(), password)
        throttle.record_failure(session, email, address, now)
        return SignIn()
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = now
    throttle.clear_failures(session, email, address)
    return SignIn(user=user)


@cache
def _dummy_hash():
    return passwords.hash_password("a password nobody has, used to spend time")


def link_url(path, token):
    """An absolute link built from ALUMNI_BASE_URL, never from the request's Host header."""
    return site_url(current_app, f"{path}/{token}")


def invite(session, user, now):
    """Send ``user`` a single-use link to set their password."""
    token = links.issue(session, current_app.config["SECRET_KEY"], user, "invitation", now)
    queue_account_email(
        session, user, "invitation", f"invitation:user={user.id}:at={now.timestamp():.6f}",
        _l("Your PIM Alumni account"), "invitation", now, url=link_url("/invitation", token),
        expires=now + links.LIFETIME["invitation"],
    )


def request_password_reset(session, email, address, now):
    """Send a reset link if the address belongs to an active user; say nothing either way.

    Past a few requests an hour for one account, or from one address, nothing more is sent
    (and the last link sent keeps working).
    """
    if not throttle.allow_password_reset(session, normalise_email(email), address, now):
        return
    user = find_user(session, email)
    if user is None or not user.is_active:
        return
    token = links.issue(session, current_app.config["SECRET_KEY"], user, "password_reset", now)
    queue_account_email(
        session, user, "password_reset", f"password-reset:user={user.id}:at={now.timestamp():.6f}",
        _l("Resetting your PIM Alumni password"), "password_reset", now,
        url=link_url("/password/reset", token), expires=now + links.LIFETIME["password_reset"],
    )


def set_password_with_link(session, token, purpose, password, now):
    """Use an invitation or reset link to set a password; ends the user's other sessions."""
    user = links.redeem(session, current_app.config["SECRET_KEY"], token, purpose, now)
    set_password(user, password)
    return user


def set_password(user, password):
    """Store a new password (already checked against the policy) and end every session."""
    user.password_hash = passwords.hash_password(password)
    end_all_sessions(user)


PASSWORD_MISMATCH = _l("The passwords do not match.")
