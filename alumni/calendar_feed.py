"""Private iCalendar feeds: round deadlines and milestone due dates, per user, behind a secret key."""

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event
from sqlalchemy.orm import selectinload
from sqlmodel import select

from . import clock
from .models import Action, AuditEvent, CalendarFeed, Mid, Milestone, Participant, ReportingRound, User
from .policy import participant_ids
from .tokens import hash_secret

# How far back a feed reaches: older deadlines are history, not plans.
LOOKBACK_DAYS = 365


def rotate_feed_key(session, user, as_of, via="web"):
    """Give the user a new feed key (the old address stops working); return the key, shown once."""
    key = secrets.token_urlsafe(32)
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    action = "rotate" if feed else "create"
    if feed is None:
        feed = CalendarFeed(user_id=user.id, key_hash=hash_secret(key), created_at=as_of)
        session.add(feed)
    else:
        feed.key_hash, feed.created_at = hash_secret(key), as_of
    session.flush()
    session.add(AuditEvent(at=as_of, actor_id=user.id, via=via, entity_type="calendarfeed", entity_id=feed.id,
                           action=action, changes={}))
    session.flush()
    return key


def remove_feed(session, user, as_of, via="web"):
    """Stop the user's feed altogether."""
    feed = session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()
    if feed is not None:
        session.add(AuditEvent(at=as_of, actor_id=user.id, via=via, entity_type="calendarfeed",
                               entity_id=feed.id, action="remove", changes={}))
        session.delete(feed)
        session.flush()


def feed_of(session, user):
    """The user's feed (its key is not kept: only when it was made), or None."""
    return session.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id)).first()


def user_for_key(session, key):
    """The active user whose feed has this key, with their participants, or None."""
    if not key or len(key) > 100:
        return None
    return session.exec(
        select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
        .where(CalendarFeed.key_hash == hash_secret(key), User.is_active.is_(True))
        .options(selectinload(User.participants))
    ).first()


def feed_entries(session, user, as_of, timezone="Europe/Warsaw"):
    """(rounds, milestone rows) the user's feed holds: rows are (milestone, mid, participant, action)."""
    since = clock.Calendar(timezone).local_date(as_of) - timedelta(days=LOOKBACK_DAYS)
    rounds = session.exec(
        select(ReportingRound).where(ReportingRound.due_on >= since).order_by(ReportingRound.due_on)).all()
    query = (
        select(Milestone, Mid, Participant, Action)
        .join(Mid, Milestone.mid_id == Mid.id)
        .join(Participant, Mid.participant_id == Participant.id)
        .outerjoin(Action, Milestone.action_id == Action.id)
        .where(Milestone.due_on >= since, Mid.abandoned_at.is_(None))
        .order_by(Milestone.due_on, Milestone.id)
    )
    allowed = participant_ids(user)
    if allowed is not None:
        query = query.where(Mid.participant_id.in_(sorted(allowed)))
    return rounds, session.exec(query).all()


def build_calendar(rounds, milestones, as_of, base_url):
    """The iCalendar text (bytes) of a feed; call within the user's locale."""
    calendar = Calendar()
    calendar.add("prodid", "-//PIM Alumni//Terminy//PL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("PIM Alumni: deadlines"))
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    calendar.add("x-published-ttl", "PT12H")
    for round_ in rounds:
        calendar.add_component(_event(
            f"round-{round_.id}@pim-alumni", as_of, round_.due_on,
            _("Report due: round %(name)s", name=round_.name),
            _("Reporting round %(name)s: opens %(opens)s, due %(due)s, closes %(closes)s.",
              name=round_.name, opens=round_.opens_on.isoformat(), due=round_.due_on.isoformat(),
              closes=round_.closes_on.isoformat()),
            f"{base_url}/"))
    for milestone, mid, participant, action in milestones:
        summary = _("Milestone: %(title)s (%(participant)s)", title=milestone.title, participant=participant.name)
        if milestone.achieved_on is not None:
            summary = _("Achieved: %(summary)s", summary=summary)
        lines = [_("MID: %(title)s", title=mid.title)]
        if action is not None:
            lines.append(_("Action: %(title)s", title=action.title))
        if milestone.evidence:
            lines.append(milestone.evidence)
        calendar.add_component(_event(f"milestone-{milestone.id}@pim-alumni", as_of, milestone.due_on, summary,
                                      "\n".join(lines), f"{base_url}/mids/{mid.id}"))
    return calendar.to_ical()


def _event(uid, stamp, day, summary, description, url):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)  # a date: an all-day event
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event
