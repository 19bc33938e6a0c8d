"""Public pages kept in the web process's memory while the data they show is unchanged.

Anonymous traffic (search engines, a link shared widely) asks for the same few public pages
again and again; each answer is the same until someone changes the programme's data. Every
such change is audited in the same transaction (alumni/audit.py), so the audit trail's newest
events, with the public view's switch, are a *data version*: read in one small indexed query,
and a page rendered under the same version (and the same local date, for the life statuses)
is still right. A repeat request costs that one query instead of the page's.

The version is the newest audit event's id and how many events there are among the last
``audit.RECENT`` ids: on PostgreSQL a transaction holding a lower id may commit after a higher one
was seen, and the count changes when it does. What is not audited (an edition's or network's
name, written by the import) shows after at most ``max_age`` seconds, the limit of every entry.

Each web process keeps its own cache (``memory_cache.PageCache``, like the throttle), bounded in entries.
"""

from functools import lru_cache
from typing import NamedTuple

from sqlmodel import select

from ..audit import change_marks
from ..models import Setting
from .visibility import ON, PUBLIC_VIEW


class DataVersion(NamedTuple):
    view: str  # the public view's switch ("on", "off" or None if never set)
    newest_event: int
    recent_events: int

    @property
    def enabled(self):
        return self.view == ON


def data_version(session):
    """The public view's switch and the audit trail's newest events (``audit.change_marks``), in one statement."""
    return DataVersion(*session.exec(_version_query()).one())


@lru_cache(maxsize=1)
def _version_query():
    """Built once: constructing it cost more than running it, on every public request."""
    switch = select(Setting.value).where(Setting.key == PUBLIC_VIEW).scalar_subquery()
    return select(switch, *change_marks())
