"""What the export forms offer: the years begun so far and the cities with a MID."""

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func
from sqlmodel import select
from wtforms import SelectChoice

from ..clock import Calendar
from ..models import Edition, Mid, Participant
from .order import polish_key
from .window import years_begun

EVERY_CITY = 0


def year_choices(session, clock):
    """(year, label) for every workshop year begun by ``clock``, the latest first."""
    first = session.exec(select(func.min(Edition.start_year))).one() or 2017
    years = years_begun(session, clock, first, current_app.config["TIMEZONE"])
    return [SelectChoice(year, str(year)) for year in years]


def participant_choices(session):
    """(id, name) of every participant with a MID, in Polish order, after "every city"."""
    rows = session.exec(select(Participant.id, Participant.name).where(
        Participant.id.in_(select(Mid.participant_id)))).all()
    cities = sorted(rows, key=lambda row: polish_key(row[1]))
    return [SelectChoice(EVERY_CITY, _("Every city (a ZIP of one page each)"))] + [
        SelectChoice(pid, name) for pid, name in cities]


def fill(session, form, as_of, participants=False):
    """Give an export form its choices (and the year of ``as_of`` when none is chosen)."""
    clock = as_of.astimezone(Calendar.from_app(current_app).zone)
    form.year.choices = year_choices(session, clock)
    if form.year.data is None and form.year.choices:
        form.year.data = min(clock.year, form.year.choices[0].value)
    if participants:
        form.participant.choices = participant_choices(session)
    return form
