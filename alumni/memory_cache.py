"""Values a web process keeps in memory for a while: bounded in entries and in age, dropped when
their data version changes. Each process keeps its own; nothing is shared between processes.

Used by the public pages (``public.page_cache``), the signed-in pages (``http_cache``) and the
dashboard's indicator figures (``dashboard.indicators``).
"""

import threading
import time
from collections import OrderedDict


class PageCache:
    """At most ``max_entries`` values, each kept at most ``max_age`` seconds and only for its data version."""

    def __init__(self, max_entries, max_age, clock=time.monotonic):
        self.max_entries, self.max_age, self.clock = max_entries, max_age, clock
        self._entries = OrderedDict()  # key -> (version, stored at, body)
        self._lock = threading.Lock()

    def get(self, key, version):
        """The value stored for ``key`` under ``version``, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            stored_version, stored_at, body = entry
            if stored_version != version or self.clock() - stored_at > self.max_age:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return body

    def put(self, key, version, body):
        with self._lock:
            self._entries[key] = (version, self.clock(), body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def kept(self, key, version, compute, worth_keeping=lambda value: True):
        """The value stored for ``key`` under ``version``, else ``compute()`` (stored if ``worth_keeping``)."""
        value = self.get(key, version)
        if value is None:
            value = compute()
            if worth_keeping(value):
                self.put(key, version, value)
        return value

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)
