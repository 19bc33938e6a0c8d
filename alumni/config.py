"""Configuration: defaults, then ``ALUMNI_*`` environment variables, then the caller's mapping."""

import secrets
from pathlib import Path

DEFAULTS = {
    # DATABASE_URL defaults to a SQLite file in the instance folder (set in create_app).
    "DATABASE_URL": None,
    "SECRET_KEY": None,
    "BASE_URL": "http://127.0.0.1:8000",
    "MAIL_BACKEND": "file",
    "MAIL_FROM": "PIM Alumni <pim-alumni@example.org>",
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 25,
    "SMTP_USERNAME": None,
    "SMTP_PASSWORD": None,
    "SMTP_STARTTLS": False,
    "SMTP_CA_FILE": None,  # a private CA to trust for STARTTLS (the system's by default)
    "SMTP_TIMEOUT_SECONDS": 30,
    "WEBHOOK_URL": None,
    "WEBHOOK_SECRET": None,
    "WEBHOOK_TIMEOUT_SECONDS": 10,
    # Delivery: the first retry's delay (doubling after, up to the cap), how long a message is
    # tried before it fails (a password reset: as long as its link lives), the batch size,
    # and how long a message may stay "sending" before it counts as interrupted by a crash.
    "OUTBOX_RETRY_SECONDS": 300,
    "OUTBOX_RETRY_MAX_SECONDS": 3600,
    "OUTBOX_RETRY_WINDOW_HOURS": 72,
    "OUTBOX_PASSWORD_RESET_RETRY_WINDOW_HOURS": 2,
    "OUTBOX_BATCH_SIZE": 100,
    "OUTBOX_SENDING_TIMEOUT_MINUTES": 30,
    "DORMANT_AFTER_DAYS": 365,
    "TIMEZONE": "Europe/Warsaw",
    "SEND_HOUR": 9,
    "REMINDER_OFFSETS_DAYS": [14, 3],
    "OVERDUE_AFTER_DAYS": 3,
    "ESCALATION_AFTER_DAYS": 14,
    "REMINDER_MIN_GAP_DAYS": 5,
    # The next round is created this many months after the latest once that one opens; 0: never.
    "ROUND_CADENCE_MONTHS": 6,
    "FRESH_DAYS": 30,
    "ACCEPTABLE_DAYS": 60,
    "STALE_DAYS": 180,
    "WORKSHOP_EXPORT_DAYS_BEFORE": 21,
    "SQLITE_BUSY_TIMEOUT_MS": 15000,
    "LOG_LEVEL": "INFO",
    # Reverse proxies in front of the service whose X-Forwarded-For is believed (0: none).
    "TRUSTED_PROXIES": 0,
    # The public view: requests per minute one address may make, and how long answers may be cached.
    "PUBLIC_RATE_LIMIT_PER_MINUTE": 120,
    "PUBLIC_CACHE_SECONDS": 300,
    # Rendered public pages each web process keeps while the data is unchanged (alumni/public/page_cache.py),
    # and the longest it keeps one (what the audit trail does not record shows after this long).
    "PUBLIC_PAGE_CACHE_ENTRIES": 500,
    "PUBLIC_PAGE_CACHE_SECONDS": 60,
    # Signed-in pages each web process keeps under their tags (``http_cache``), and the longest.
    "PAGE_CACHE_ENTRIES": 200,
    "PAGE_CACHE_SECONDS": 60,
    "SCHEDULER_HEARTBEAT_SECONDS": 60,
    # Schedulers that do not lead try to take the lead this often (and the leader checks its lock).
    "SCHEDULER_STANDBY_POLL_SECONDS": 5,
    # Argon2id (RFC 9106 low-memory profile, argon2-cffi's defaults).
    "PASSWORD_HASH": {"time_cost": 3, "memory_cost": 65536, "parallelism": 4},
    "DEMO": False,
    "BABEL_DEFAULT_LOCALE": "pl",
    "LANGUAGES": ["pl", "en"],
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    # CSRF tokens live as long as the session: a report written over an afternoon still saves.
    "WTF_CSRF_TIME_LIMIT": None,
}


def load_config(app, overrides=None):
    """Fill ``app.config`` from defaults, the environment and ``overrides``, in that order."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("ALUMNI")
    if overrides:
        app.config.from_mapping(overrides)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{app.instance_path}/alumni.db"
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _stored_demo_key(app)
    if not app.config["SECRET_KEY"] and (app.debug or app.testing):
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    if app.config["BASE_URL"].startswith("https://"):
        app.config["SESSION_COOKIE_SECURE"] = True


class SecretKeyMissing(RuntimeError):
    """The service cannot sign sessions, CSRF tokens and links without ``ALUMNI_SECRET_KEY``."""

    def __init__(self):
        super().__init__(
            "ALUMNI_SECRET_KEY is not set. Set it to a long random value, for example the output of: "
            "python -c 'import secrets; print(secrets.token_hex(32))'"
        )


def require_secret_key(app):
    """Refuse to serve without ``ALUMNI_SECRET_KEY``, except in debug, tests and the demo."""
    if app.config["SECRET_KEY"]:
        return
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise SecretKeyMissing()


# The demo's key and the database it was made for, kept in the instance folder: every command
# working on that same demo database (serve --demo, jobs run, ...) signs with the same key.
DEMO_KEY_FILE, DEMO_DATABASE_FILE = "demo-secret-key", "demo-database-url"


def use_demo_secret_key(app):
    """Give the demo a key kept in the instance folder, so its sessions survive a restart."""
    folder = Path(app.instance_path)
    (folder / DEMO_DATABASE_FILE).write_text(app.config["DATABASE_URL"])
    if app.config["SECRET_KEY"]:
        return
    path = folder / DEMO_KEY_FILE
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


def is_demo_database(app):
    """Whether ``serve --demo`` made the configured database (recorded in the instance folder)."""
    path = Path(app.instance_path) / DEMO_DATABASE_FILE
    return path.exists() and path.read_text().strip() == app.config["DATABASE_URL"]


def _stored_demo_key(app):
    path = Path(app.instance_path) / DEMO_KEY_FILE
    if is_demo_database(app) and path.exists():
        return path.read_text().strip() or None
    return None


def site_url(app, path):
    """An absolute address on this service, built from ``ALUMNI_BASE_URL``, never from a request's Host."""
    return app.config["BASE_URL"].rstrip("/") + path
