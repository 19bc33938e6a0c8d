"""Login and password-reset throttling, kept in the database so that every worker counts the same attempts.

Failed logins are counted per account *and* address: a few are free, then each one makes the
next try from that address wait longer (1, 2, 4... minutes, at most 15). Someone guessing from
one place never locks the account's owner out from another. Password-reset requests are
counted per account and per address, in the same table, under a marked e-mail.
"""

from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import select

from ..models import LoginAttempt

FREE_FAILURES = 5
FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(minutes=15)
MEMORY = timedelta(hours=24)  # failures older than this no longer count (and are deleted)

RESET_WINDOW = timedelta(hours=1)
RESETS_PER_ACCOUNT = 3
RESETS_PER_ADDRESS = 10
_RESET = "password-reset "  # never a login's e-mail: the login form's addresses have no spaces


def wait_left(session, email, address, now):
    """How long ``email`` must wait before signing in from ``address`` again (zero: it may try now)."""
    failures, last = session.exec(
        select(func.count(), func.max(LoginAttempt.at))
        .where(LoginAttempt.email == email, LoginAttempt.address == address, LoginAttempt.at >= now - MEMORY)
    ).one()
    if failures < FREE_FAILURES:
        return timedelta(0)
    delay = min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), LONGEST_DELAY)
    return max(last + delay - now, timedelta(0))


def record_failure(session, email, address, now):
    session.add(LoginAttempt(email=email, address=address, at=now))
    # Old attempts serve no purpose; keep the table small.
    session.exec(delete(LoginAttempt).where(LoginAttempt.at < now - MEMORY))


def clear_failures(session, email, address):
    """A successful sign-in from ``address`` forgets that pair's failures (not other addresses')."""
    session.exec(delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.address == address))


def allow_password_reset(session, email, address, now):
    """Count a reset request; False past the limit for this account or this address (send nothing then)."""
    since = now - RESET_WINDOW
    marked = LoginAttempt.email.startswith(_RESET, autoescape=True)
    per_account, per_address = session.exec(
        select(func.count().filter(LoginAttempt.email == _RESET + email),
               func.count().filter(LoginAttempt.address == address))
        .where(marked, LoginAttempt.at >= since)
    ).one()
    if per_account >= RESETS_PER_ACCOUNT or per_address >= RESETS_PER_ADDRESS:
        return False
    session.add(LoginAttempt(email=(_RESET + email)[:254], address=address, at=now))
    return True
