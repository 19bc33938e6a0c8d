"""Reporting rounds: creating, editing and closing them, and the next one on a cadence."""

import calendar
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import select

from .models import ReportingRound
from .reporting.completeness import completeness

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
STATE_LABELS = {UPCOMING: _l("not open yet"), OPEN: _l("open for reports"), CLOSED: _l("closed for reports")}


class RoundError(ValueError):
    """A round that cannot be created as asked, with a message for the person."""


def _check(session, name, opens_on, due_on, closes_on, round_id=None):
    name = name.strip()
    if not name:
        raise RoundError(_l("A round needs a name, e.g. '2027 H1'."))
    if not opens_on <= due_on <= closes_on:
        raise RoundError(_l("The dates must be in order: opens ≤ due ≤ closes."))
    same_name = session.exec(select(ReportingRound).where(ReportingRound.name == name)).first()
    if same_name is not None and same_name.id != round_id:
        raise RoundError(_l("A round named '%(name)s' already exists.", name=name))
    return name


def create_round(session, name, opens_on, due_on, closes_on):
    name = _check(session, name, opens_on, due_on, closes_on)
    round_ = ReportingRound(name=name, opens_on=opens_on, due_on=due_on, closes_on=closes_on)
    session.add(round_)
    session.flush()
    return round_


def update_round(session, round_, name, opens_on, due_on, closes_on):
    """Rename or move a round; reminders follow the new dates from the next planning on."""
    round_.name = _check(session, name, opens_on, due_on, closes_on, round_id=round_.id)
    round_.opens_on, round_.due_on, round_.closes_on = opens_on, due_on, closes_on
    session.add(round_)
    session.flush()
    return round_


def close_round(session, round_, today):
    """Close an open round at the end of ``today``: no more reminders, and its links stop working."""
    if not round_.opens_on <= today <= round_.closes_on:
        raise RoundError(_l("Only an open round can be closed."))
    round_.closes_on = today
    round_.due_on = min(round_.due_on, today)
    session.add(round_)
    session.flush()
    return round_


def all_rounds(session):
    return session.exec(select(ReportingRound).order_by(ReportingRound.opens_on)).all()


def round_state(round_, today):
    """``upcoming``, ``open`` or ``closed`` on ``today``."""
    if today < round_.opens_on:
        return UPCOMING
    return OPEN if today <= round_.closes_on else CLOSED


def rounds_overview(session, as_of, settings):
    """Every round, newest first, with its reporting completeness as of ``as_of``: [RoundCompleteness]."""
    rounds = session.exec(
        select(ReportingRound).order_by(ReportingRound.opens_on.desc(), ReportingRound.id.desc())
    ).all()
    return completeness(session, rounds, as_of, settings)


def add_months(day, months):
    """The same day ``months`` later (the month's last day when that month is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_name(opens_on, cadence_months):
    """A name for a round opening on ``opens_on``: "2027 H1" half-yearly, "2027 Q3" quarterly."""
    if cadence_months == 6:
        return f"{opens_on.year} H{1 if opens_on.month <= 6 else 2}"
    if cadence_months == 3:
        return f"{opens_on.year} Q{(opens_on.month - 1) // 3 + 1}"
    if cadence_months == 12:
        return str(opens_on.year)
    return f"{opens_on:%Y-%m}"


def next_round(session, today, cadence_months):
    """(name, opens, due, closes) of the round after the latest, once that one has opened; else None."""
    if cadence_months <= 0:
        return None
    latest = session.exec(
        select(ReportingRound).order_by(ReportingRound.opens_on.desc(), ReportingRound.id.desc()).limit(1)
    ).first()
    if latest is None or today < latest.opens_on:
        return None
    dates = [add_months(day, cadence_months) for day in (latest.opens_on, latest.due_on, latest.closes_on)]
    for name in (round_name(dates[0], cadence_months), dates[0].isoformat()):
        if session.exec(select(ReportingRound.id).where(ReportingRound.name == name)).first() is None:
            return (name, *dates)
    return None


def create_next_round(session, today, cadence_months):
    """Create the round ``next_round`` names, if any; return it or None."""
    planned = next_round(session, today, cadence_months)
    return create_round(session, *planned) if planned else None
