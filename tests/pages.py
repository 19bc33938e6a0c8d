"""Reading what pages contain, as a browser would find it."""

import re

_CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def csrf(client, path):
    """The CSRF token of the form on ``path``."""
    return _CSRF.search(client.get(path).get_data(as_text=True)).group(1)
