"""Liveness for monitoring: the database, the scheduler's heartbeat and the outbox backlog."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .. import operations
from ..db import get_session
from ..models import utcnow

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    db = get_session()
    try:
        db.exec(text("SELECT 1"))
        details = operations.health(db, utcnow())
    except SQLAlchemyError:
        response = jsonify(status="unavailable", database="unreachable")
        response.headers["Retry-After"] = "30"
        return response, 503
    return jsonify(status="ok", **details)
