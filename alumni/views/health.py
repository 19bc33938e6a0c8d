"""Liveness for monitoring."""

from flask import Blueprint, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..db import get_session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        get_session().exec(text("SELECT 1"))
    except SQLAlchemyError:
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok")
