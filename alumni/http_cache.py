"""Conditional answers for signed-in pages: an ETag from the data a page shows, 304 without rendering.

A page's tag is built from what can change what it shows: who asks (user, role, language), the
local day (freshness and the life-status rule read the date), the last change anywhere in the
programme (every change is in the audit trail: ``audit.change_marks`` move with any edit), the latest
day of the life-status record (written by the night job, not audited), and whatever the page adds
(the MID's and its actions' versions, the query string). A browser that sends the tag back gets
``304 Not Modified`` after one small query, without the page being built.

Not tagged: an answer carrying a flashed message (it is shown once), and anything but GET.

The same tag names the same page, so each web process also keeps the pages it rendered under their
tags (``memory_cache.PageCache``: at most ``PAGE_CACHE_ENTRIES``, each at most
``PAGE_CACHE_SECONDS``, the bound on what is not audited, such as a bounced address): a browser
that has not kept the page (a reload with the cache off, another tab after a restart) gets it
without it being built again.
"""

import hashlib
from functools import lru_cache

from flask import current_app, g, make_response, request, session as cookie_session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import func
from sqlmodel import select

from .clock import Calendar, request_now
from .audit import change_marks
from .memory_cache import PageCache
from .models import MidStatusRecord


def data_version(session):
    """(the audit trail's change marks, the latest recorded day): one query on two indexes, once per request."""
    if "alumni_data_version" not in g:
        g.alumni_data_version = tuple(session.exec(_version_query()).one())
    return g.alumni_data_version


@lru_cache(maxsize=1)
def _version_query():
    """Built once (building it costs more than running it)."""
    return select(*change_marks(), select(func.max(MidStatusRecord.recorded_on)).scalar_subquery())


def page_tag(session, *parts):
    """The ETag of a signed-in page showing ``parts`` beside the programme's data, or None (not taggable)."""
    if request.method != "GET" or cookie_session.get("_flashes"):
        return None
    today = Calendar.from_app(current_app).local_date(request_now())
    # The session's CSRF secret too (made now if new, as the page's forms would): a page kept from an
    # earlier sign-in would carry stale form tokens.
    generate_csrf()
    who = (current_user.get_id(), getattr(current_user, "role", None), str(get_locale()),
           cookie_session.get("csrf_token"))
    key = repr((who, today.isoformat(), data_version(session), request.full_path, parts))
    return hashlib.blake2b(key.encode(), digest_size=16).hexdigest()


def _kept_pages():
    config = current_app.config
    return current_app.extensions.setdefault("alumni.signed_in_pages", PageCache(
        config["PAGE_CACHE_ENTRIES"], config["PAGE_CACHE_SECONDS"]))


def conditional(tag, render):
    """``304 Not Modified`` when the browser holds ``tag``, else the page (kept, or ``render()``) tagged."""
    if tag is not None and tag in request.if_none_match:
        response = current_app.response_class(status=304)
    elif tag is not None:
        # Only a page's text is kept, never a response object that requests would share.
        response = make_response(_kept_pages().kept(tag, tag, render, lambda body: isinstance(body, str)))
    else:
        response = make_response(render())
    if tag is not None:
        response.set_etag(tag)
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
    return response
