"""Structured logs: one line per request and per job run, as key=value pairs a collector can parse."""

import logging
import time
import traceback

from flask import g, request

from .sessions import signed_in_user_id

request_log = logging.getLogger("alumni.request")

# Path parts that are secrets (single-use links, feed keys) never reach the log.
_SECRET_ARGS = {"token", "key"}
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def init_app(app):
    _configure(app.config["LOG_LEVEL"])
    app.log_exception = _log_exception.__get__(app)  # Flask's own line would carry the path's secrets
    app.before_request(_start_clock)
    app.after_request(_log_request)


def _configure(level):
    """Send the service's logs to standard error, unless the host process set up logging itself."""
    logger = logging.getLogger("alumni")
    logger.setLevel(level)
    if logging.getLogger().handlers or any(getattr(h, "alumni", False) for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.alumni = True
    logger.addHandler(handler)
    # Our handler writes every line; a root handler added later (waitress calls basicConfig) must not
    # write it a second time.
    logger.propagate = False


def _log_exception(app, exc_info):
    """Flask's "Exception on <path>" line and traceback, with the secrets in the path masked."""
    text = redact("".join(traceback.format_exception(*exc_info)))
    app.logger.error("Exception on %s [%s]\n%s", _path(), request.method, text.rstrip())


def _start_clock():
    g.request_started = time.perf_counter()


def _log_request(response):
    started = g.get("request_started")
    duration_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    # Only a user this request already loaded: logging must not query the database.
    user_id = signed_in_user_id()
    fields = {"method": request.method, "path": _path(), "status": response.status_code,
              "duration_ms": round(duration_ms, 1), "user_id": user_id}
    request_log.info("method=%s path=%s status=%d duration_ms=%.1f user=%s", fields["method"], fields["path"],
                     fields["status"], duration_ms, "-" if user_id is None else user_id, extra=fields)
    return response


def _secrets():
    return [str(value) for name, value in (request.view_args or {}).items() if name in _SECRET_ARGS and value]


def redact(text):
    """``text`` with this request's secret path parts (link tokens, feed keys) masked."""
    for secret in _secrets():
        text = text.replace(secret, "***")
    return text


def _path():
    return redact(request.path)
