"""Gunicorn for PIM Alumni: `gunicorn -c deploy/gunicorn.conf.py` serves `alumni.wsgi:app`.

The web workers run no scheduler: `alumni scheduler` runs beside them, one leading and any
others standing by (docs/deployment.md says why). Every setting can be changed from the environment.
"""

import os

wsgi_app = "alumni.wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes × threads = requests served at once. Pages wait mostly on the database, so a
# few threads per worker pay off; more processes use more cores (and more memory).
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Renew workers now and then, so that a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200

# Each worker opens its own database connections after the fork (never shared across processes).
preload_app = False

# The service logs one line per request itself (alumni.request); gunicorn logs its own events.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "pim-alumni-web"
# No runtime control socket (gunicorn 25+ would make one in the home folder): systemd or the
# container runtime manages the process.
control_socket_disable = True

# Behind a reverse proxy on the same host: trust its X-Forwarded-* headers only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
