"""Validators for the programme's sanity bounds (alumni.bounds) and the calendar."""

from flask import current_app
from flask_babel import format_date, gettext as _, lazy_gettext as _l
from wtforms.validators import ValidationError

from ..bounds import EARLIEST_DATE, LATEST_DATE
from ..clock import Calendar, request_now


class PlausibleDate:
    """A date, or a month (``month=True``), within the programme's plausible range."""

    def __init__(self, month=False):
        self.month = month

    def __call__(self, form, field):
        if field.data is None or EARLIEST_DATE <= field.data <= LATEST_DATE:
            return
        if self.month:
            raise ValidationError(_("Give a month from %(first)s to %(last)s.",
                                    first=format_date(EARLIEST_DATE, "MMMM yyyy"),
                                    last=format_date(LATEST_DATE, "MMMM yyyy")))
        raise ValidationError(_("Give a date from %(first)s to %(last)s.", first=format_date(EARLIEST_DATE, "long"),
                                last=format_date(LATEST_DATE, "long")))


class NotAfterToday:
    """A date that has already come, by the programme's calendar (an achievement, not a plan)."""

    def __init__(self, message=None):
        self.message = message or _l("The date cannot be later than today.")

    def __call__(self, form, field):
        if field.data is not None and field.data > Calendar.from_app(current_app).local_date(request_now()):
            raise ValidationError(self.message)
