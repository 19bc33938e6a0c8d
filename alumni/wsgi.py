"""The WSGI app for multi-worker servers: `gunicorn alumni.wsgi:app` (no scheduler inside)."""

from . import create_app
from .config import require_secret_key

app = create_app()
require_secret_key(app)
