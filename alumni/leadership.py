"""Scheduler leadership: of the scheduler processes running, the one holding the lock runs the jobs.

On PostgreSQL the lock is a session-level advisory lock held on a connection of its own, kept
open: PostgreSQL lets go of it the moment that connection ends (the process stopped or was
killed), or once TCP keepalives find its host gone. On SQLite (one host) it is an exclusive
``flock`` on a file beside the database, which the kernel lets go of when the process ends.
Either way the lock ends with its holder, so a standby can take over without a lease to expire.
"""

import fcntl
import logging
import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# The advisory lock's key: the bytes of "alumnisc" (one key for the whole installation).
LOCK_KEY = int.from_bytes(b"alumnisc", "big") & 0x7FFFFFFFFFFFFFFF
# Both ends notice a vanished peer within about half a minute: the server lets go of the lock,
# and a leader cut off from the server steps down.
_KEEPALIVE = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
              "options": "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3"}


class AdvisoryLock:
    """PostgreSQL: ``pg_try_advisory_lock`` on a dedicated connection kept open while leading."""

    def __init__(self, url):
        self.engine = create_engine(url, poolclass=NullPool, connect_args=_KEEPALIVE,
                                    isolation_level="AUTOCOMMIT")
        self.connection = None

    def acquire(self):
        """Take the lock if it is free; return whether this process holds it."""
        try:
            if self.connection is None:
                self.connection = self.engine.connect()
            held = self.connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar()
        except SQLAlchemyError as error:
            log.warning("scheduler lock: the database does not answer: %s", error)
            self._drop()
            return False
        if not held:
            self._drop()  # a standby keeps no connection open between its tries
        return bool(held)

    def still_held(self):
        """Whether the lock's connection is still alive (and so the lock still ours)."""
        if self.connection is None:
            return False
        try:
            query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                         "AND pid = pg_backend_pid() AND classid::bigint = (:key >> 32) "
                         "AND objid::bigint = (:key & 4294967295)")
            return self.connection.execute(query, {"key": LOCK_KEY}).scalar() == 1
        except SQLAlchemyError as error:
            log.warning("scheduler lock: the connection holding it was lost: %s", error)
            self._drop()
            return False

    def release(self):
        if self.connection is not None:
            try:
                self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            except SQLAlchemyError:
                pass  # closing the connection lets go of it anyway
            self._drop()
        self.engine.dispose()

    def _drop(self):
        if self.connection is not None:
            try:
                self.connection.close()
            except SQLAlchemyError:
                pass
            self.connection = None


class FileLock:
    """SQLite (one host): an exclusive ``flock`` on a file beside the database."""

    def __init__(self, path):
        self.path = path
        self.handle = None

    def acquire(self):
        if self.handle is not None:
            return True
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")  # for a person looking; the lock is the flock, not the text
        handle.flush()
        self.handle = handle
        return True

    def still_held(self):
        return self.handle is not None  # the kernel keeps it for as long as this process lives

    def release(self):
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def lock_for(database_url):
    """The leadership lock for the installation whose database is at ``database_url``."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        return AdvisoryLock(url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return FileLock(f"{url.database}.scheduler-lock")
    raise RuntimeError(f"no scheduler lock for the database {url.get_backend_name()!r}")
