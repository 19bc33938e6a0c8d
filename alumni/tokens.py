"""Personal API tokens: created for ministry and admin users, kept only as a hash, revocable."""

import hashlib
import secrets

from sqlmodel import select

from .models import ApiToken, AuditEvent, User
from .people import find_user
from .policy import Permission, can

PREFIX = "pima_"


class TokenError(ValueError):
    """A token that cannot be created as asked, with a message for the person."""


def hash_secret(secret):
    """The stored form of a token or feed key: they are long and random, so SHA-256 suffices."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_token(session, user_or_email, as_of, name="", via="cli", actor_id=None):
    """Make a token for a user who may use the API; return (the secret, shown once, and its row)."""
    user = find_user(session, user_or_email) if isinstance(user_or_email, str) else user_or_email
    if user is None:
        raise TokenError(f"No user has the address {user_or_email}.")
    if not can(user, Permission.use_api):
        raise TokenError(f"{user.email} is a {user.role} user; API tokens are only for ministry and admin users.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip()[:100], token_hash=hash_secret(secret), created_at=as_of)
    session.add(token)
    session.flush()
    session.add(AuditEvent(at=as_of, actor_id=actor_id or user.id, via=via, entity_type="apitoken",
                           entity_id=token.id, action="create", changes={"name": {"before": None, "after": token.name}}))
    session.flush()
    return secret, token


def revoke_api_token(session, token, as_of, via="web", actor_id=None):
    """Stop a token working (it stays listed as revoked)."""
    if token.revoked_at is None:
        token.revoked_at = as_of
        session.add(AuditEvent(at=as_of, actor_id=actor_id or token.user_id, via=via, entity_type="apitoken",
                               entity_id=token.id, action="revoke", changes={}))
        session.flush()


def token_and_user(session, secret):
    """The live token with this secret and its user, or (None, None)."""
    if not secret or not secret.startswith(PREFIX) or len(secret) > 200:
        return None, None
    row = session.exec(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == hash_secret(secret), ApiToken.revoked_at.is_(None))
    ).first()
    return (row[0], row[1]) if row else (None, None)


def tokens_of(session, user):
    """A user's tokens, newest first."""
    return session.exec(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()
