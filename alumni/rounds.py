"""Reporting rounds: creating them and finding the ones that matter now."""

from flask_babel import lazy_gettext as _l
from sqlmodel import select

from .models import ReportingRound


class RoundError(ValueError):
    """A round that cannot be created as asked, with a message for the person."""


def create_round(session, name, opens_on, due_on, closes_on):
    name = name.strip()
    if not name:
        raise RoundError(_l("A round needs a name, e.g. '2027 H1'."))
    if not opens_on <= due_on <= closes_on:
        raise RoundError(_l("The dates must be in order: opens ≤ due ≤ closes."))
    if session.exec(select(ReportingRound).where(ReportingRound.name == name)).first():
        raise RoundError(_l("A round named '%(name)s' already exists.", name=name))
    round_ = ReportingRound(name=name, opens_on=opens_on, due_on=due_on, closes_on=closes_on)
    session.add(round_)
    session.flush()
    return round_


def all_rounds(session):
    return session.exec(select(ReportingRound).order_by(ReportingRound.opens_on)).all()
