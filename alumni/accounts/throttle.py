"""Login throttling, kept in the database so that every worker counts the same attempts."""

from datetime import timedelta

from sqlalchemy import delete, func, or_
from sqlmodel import select

from ..models import LoginAttempt

WINDOW = timedelta(minutes=15)
MAX_PER_ACCOUNT = 5
MAX_PER_ADDRESS = 20


def is_throttled(session, email, address, now):
    """Whether too many logins failed lately for this account or from this address."""
    since = now - WINDOW
    per_account, per_address = session.exec(
        select(
            func.count().filter(LoginAttempt.email == email),
            func.count().filter(LoginAttempt.address == address),
        ).where(LoginAttempt.at >= since, or_(LoginAttempt.email == email, LoginAttempt.address == address))
    ).one()
    return per_account >= MAX_PER_ACCOUNT or per_address >= MAX_PER_ADDRESS


def record_failure(session, email, address, now):
    session.add(LoginAttempt(email=email, address=address, at=now))
    # Old attempts serve no purpose; keep the table small.
    session.exec(delete(LoginAttempt).where(LoginAttempt.at < now - 4 * WINDOW))


def clear_failures(session, email):
    session.exec(delete(LoginAttempt).where(LoginAttempt.email == email))
