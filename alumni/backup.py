"""Backups: a consistent copy of the database while the service keeps running.

SQLite: the online backup API copies every page in one step, so the copy is one consistent
snapshot even while other processes write. PostgreSQL: pg_dump in its custom format, read
back with pg_restore (the procedure is in the README).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """A backup that could not be made, with what to do about it."""


def backup(database_url, target):
    """Copy the database at ``database_url`` to the file ``target``; return a one-line summary."""
    url = make_url(database_url)
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a folder: give the path of the backup file to write.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    backend = url.get_backend_name()
    partial = target.with_name(target.name + ".partial")
    try:
        if backend == "sqlite":
            _copy_sqlite(url.database, partial)
        elif backend == "postgresql":
            _dump_postgresql(url, partial)
        else:
            raise BackupError(f"No backup method for {backend} databases.")
        # Written aside, then moved into place: a failed backup never leaves a file that looks whole.
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return f"Backed up the {backend} database to {target} ({target.stat().st_size:,} bytes)."


def _copy_sqlite(database, partial):
    if not database or database == ":memory:" or not Path(database).is_file():
        raise BackupError(f"There is no SQLite database file at {database}.")
    source = sqlite3.connect(database, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # every page in one step: a single consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        problem = copy.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise BackupError(f"The copy failed its integrity check: {problem}")
    finally:
        copy.close()
        source.close()


def _dump_postgresql(url, partial):
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError(
            "pg_dump is not installed (or not on PATH). Install the PostgreSQL client of the server's "
            "major version or newer (Debian: apt-get install postgresql-client) and run the backup again."
        )
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password  # never on the command line, where `ps` shows it
    conninfo = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={partial}", f"--dbname={conninfo}"],
        env=environment, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
