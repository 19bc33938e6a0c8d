"""Single-use, short-lived links (invitation, password reset): a signed nonce kept in the database."""

import secrets
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import update
from sqlmodel import select

from ..models import OneTimeToken, User

LIFETIME = {"invitation": timedelta(days=7), "password_reset": timedelta(hours=2)}


class LinkError(ValueError):
    """The link cannot be used: ``reason`` is ``invalid``, ``expired`` or ``used``."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _serializer(secret_key, purpose):
    return URLSafeSerializer(secret_key, salt=f"alumni.{purpose}")


def issue(session, secret_key, user, purpose, now):
    """A new token for ``user``; earlier unused tokens of the same purpose stop working."""
    for old in session.exec(select(OneTimeToken).where(
            OneTimeToken.user_id == user.id, OneTimeToken.purpose == purpose,
            OneTimeToken.used_at.is_(None))):
        old.used_at = now
    nonce = secrets.token_urlsafe(24)
    session.add(OneTimeToken(nonce=nonce, purpose=purpose, user_id=user.id, created_at=now,
                             expires_at=now + LIFETIME[purpose]))
    session.flush()
    return _serializer(secret_key, purpose).dumps(nonce)


def _find(session, secret_key, token, purpose, now):
    try:
        nonce = _serializer(secret_key, purpose).loads(token)
    except BadSignature as error:
        raise LinkError("invalid") from error
    row = session.exec(select(OneTimeToken).where(OneTimeToken.nonce == nonce,
                                                  OneTimeToken.purpose == purpose)).first()
    if row is None:
        raise LinkError("invalid")
    if row.used_at is not None:
        raise LinkError("used")
    if row.expires_at <= now:
        raise LinkError("expired")
    return row


def peek(session, secret_key, token, purpose, now):
    """The user a valid link is for, without using it up."""
    return session.get(User, _find(session, secret_key, token, purpose, now).user_id)


def redeem(session, secret_key, token, purpose, now):
    """Use the link up and return its user; LinkError if it cannot be used."""
    row = _find(session, secret_key, token, purpose, now)
    # A conditional update: of two requests racing with one link, only one succeeds.
    used = session.exec(update(OneTimeToken).where(OneTimeToken.id == row.id, OneTimeToken.used_at.is_(None))
                        .values(used_at=now))
    if used.rowcount != 1:
        raise LinkError("used")
    return session.get(User, row.user_id)
