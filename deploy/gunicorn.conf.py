"""Gunicorn for PIM Alumni: `gunicorn -c deploy/gunicorn.conf.py` serves `alumni.wsgi:app`.

The web workers run no scheduler: `alumni scheduler` runs beside them, one leading and any
others standing by (docs/deployment.md says why). Every setting can be changed from the environment.
"""

import gc
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
# Renew workers now and then, so that a slow leak never grows for weeks. A renewal costs one
# start of the app (about a second of CPU), so it must be rare under load: at a sustained 300
# requests/s a worker renews every 5–6 minutes (under 0.5 % of its time); at the programme's
# usual traffic (a few requests a minute) every few weeks. The jitter (±10 %) keeps the workers
# from renewing at the same moment, which would leave none to answer.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10

# Each worker opens its own database connections after the fork (never shared across processes).
# So each worker loads the app itself (no preload: an app loaded in the arbiter would hold its
# database engine across the fork).
preload_app = False

# Python's cyclic garbage collector, per worker. Its youngest generation is collected every 700
# new container objects by default, i.e. many times per page (a page builds thousands of rows,
# dicts and template frames that reference counting frees anyway); 20,000 makes it a few times
# per page, each collection still short. Older generations keep their defaults.
GC_THRESHOLD = (20_000, 10, 10)


def post_worker_init(worker):
    """Once the worker has loaded the app: move what it loaded to the permanent generation.

    gc.freeze() takes the app's modules, templates and mappings (hundreds of thousands of objects
    that live as long as the worker) out of every later collection, so a full collection walks
    only what requests left behind. Without preload the app is loaded after the fork, so this
    saves collector time, not copy-on-write memory.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


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
