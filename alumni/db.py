"""The database engine and sessions: one sessionmaker per app, one session per request."""

from contextlib import contextmanager

from flask import current_app, g, has_request_context, request
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

_WRITE = "alumni_write"


class Database:
    """The engine and the session factory of one app."""

    def __init__(self, url, busy_timeout_ms=15000):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        kwargs = {}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
            # PostgreSQL compiles a query to machine code once its estimated cost passes jit_above_cost.
            # The pages' set-based queries (every MID, grouped) pass it and then spend 50-65 ms
            # compiling to run in 10-70 ms: the service's queries are never long enough to repay it.
            kwargs["connect_args"] = {"options": "-c jit=off"}
        self.engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            _configure_sqlite(self.engine, busy_timeout_ms)
        # Write sessions ask SQLite for BEGIN IMMEDIATE; elsewhere the option is inert.
        self.write_engine = self.engine.execution_options(**{_WRITE: True})
        self._read = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, class_=Session, expire_on_commit=False)

    @property
    def session_factories(self):
        """Every sessionmaker of this app: session events are listened for on these."""
        return self._read, self._write

    def session(self, write=True, **options):
        """Open a new session; ``write=False`` for read-only work (a deferred SQLite transaction).

        ``options`` go to the sessionmaker (e.g. another ``bind``): the session stays the app's, audited.
        """
        return (self._write if write else self._read)(**options)

    def dispose(self):
        self.engine.dispose()


def _configure_sqlite(engine, busy_timeout_ms):
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred only).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds ASCII letters only; searches must fold "Ł" and "Ż" too.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        # A read transaction that later writes ignores the busy timeout and fails at once,
        # so a write transaction takes the write lock up front.
        immediate = options.get(_WRITE)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def refresh_statistics(session, *models):
    """Have PostgreSQL re-read the tables of ``models`` before a large set-based write reads them.

    Its planner otherwise trusts counts from before rows arrived (an import, the synthetic demo):
    filling the past for 10,000 new MIDs took 47 s on a nested loop it chose for "1 row", 5 s after.
    SQLite keeps no statistics unless asked: nothing to do there.
    """
    if session.get_bind().dialect.name == "postgresql":
        for model in models:
            session.exec(text(f'ANALYZE "{model.__tablename__}"'))


def init_app(app):
    db = Database(app.config["DATABASE_URL"], app.config["SQLITE_BUSY_TIMEOUT_MS"])
    app.extensions["alumni.db"] = db
    app.teardown_appcontext(_close_session)
    return db


def get_db(app=None):
    return (app or current_app).extensions["alumni.db"]


def get_session():
    """The session of this request (or app context), opened on first use."""
    if "db_session" not in g:
        write = True
        if has_request_context():
            write = request.method not in ("GET", "HEAD", "OPTIONS")
        g.db_session = get_db().session(write=write)
    return g.db_session


def _close_session(_exc):
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


@contextmanager
def session_scope(app=None, via="cli", actor_id=None):
    """A session for a job or a command: commit on success, roll back on error."""
    session = get_db(app).session(write=True)
    session.info.update(actor_id=actor_id, via=via)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
