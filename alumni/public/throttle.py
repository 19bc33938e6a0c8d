"""A per-address limit on anonymous requests to the public view and the open data.

Counted in the process's memory, not in the database: a request that reads public pages
must not write a row, or anonymous traffic would become write traffic. Each web process
counts on its own, so with N workers an address gets at most N times the limit; the
reverse proxy in front (docs/deployment.md) can hold a stricter shared one.
"""

import threading
import time
from math import ceil

WINDOW_SECONDS = 60.0
MAX_ADDRESSES = 10000  # past this many, windows already over are forgotten


class AddressThrottle:
    """At most ``limit`` requests per address in each ``window`` seconds (a fixed window)."""

    def __init__(self, limit, window=WINDOW_SECONDS, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._windows = {}
        self._lock = threading.Lock()

    def wait_left(self, address):
        """Count a request from ``address``: 0 if it may be answered, else the seconds to wait."""
        now = self.clock()
        with self._lock:
            started, count = self._windows.get(address, (now, 0))
            if now - started >= self.window:
                started, count = now, 0
            if count >= self.limit:
                return max(1, ceil(started + self.window - now))
            self._windows[address] = (started, count + 1)
            if len(self._windows) > MAX_ADDRESSES:
                self._forget_old(now)
            return 0

    def _forget_old(self, now):
        for address, (started, _count) in list(self._windows.items()):
            if now - started >= self.window:
                del self._windows[address]
