"""Workshops as the ministry plans them: one per year, with its dates and place."""

from flask_babel import gettext as _
from sqlmodel import select

from ..models import Workshop


class WorkshopError(ValueError):
    """A workshop that cannot be saved, with a message for the person and the field it concerns."""

    def __init__(self, message, field="year"):
        super().__init__(message)
        self.field = field


def all_workshops(session):
    """Every workshop, the latest year first."""
    return session.exec(select(Workshop).order_by(Workshop.year.desc())).all()


def save_workshop(session, workshop, year, starts_on, ends_on, place=""):
    """Create (``workshop`` None) or update a workshop; refuse a second one in the same year."""
    if ends_on < starts_on:
        raise WorkshopError(_("The last day cannot come before the first."), "ends_on")
    if starts_on.year != year:
        raise WorkshopError(_("The workshop of %(year)s starts in %(year)s.", year=year), "starts_on")
    other = session.exec(select(Workshop).where(Workshop.year == year)).first()
    if other is not None and other is not workshop:
        raise WorkshopError(_("There is already a workshop in %(year)s.", year=year))
    if workshop is None:
        workshop = Workshop(year=year, starts_on=starts_on, ends_on=ends_on, place=place.strip())
        session.add(workshop)
    else:
        workshop.year, workshop.starts_on, workshop.ends_on, workshop.place = year, starts_on, ends_on, place.strip()
    session.flush()
    return workshop


def delete_workshop(session, workshop):
    """Remove a workshop: its year then runs to 31 December."""
    session.delete(workshop)
    session.flush()
