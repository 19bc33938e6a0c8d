"""Forms for reporting rounds."""

from flask_babel import lazy_gettext as _l, lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from .fields import LocalDateField, single_line
from .validators import PlausibleDate


class RoundForm(FlaskForm):
    name = StringField(lazy_pgettext("reporting round", "Name"), validators=[DataRequired(), Length(max=100), single_line],
                       description=_l("For example 2027 H1."))
    opens_on = LocalDateField(_l("Opens on"), validators=[DataRequired(), PlausibleDate()],
                         description=_l("Coordinators get the opening e-mail on this day (or the next working day)."))
    due_on = LocalDateField(_l("Reports due on"), validators=[DataRequired(), PlausibleDate()])
    closes_on = LocalDateField(_l("Closes on"), validators=[DataRequired(), PlausibleDate()],
                          description=_l("Reports can be edited, and reminder links work, until the end of this day."))

    def validate_due_on(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The due date cannot be before the round opens."))

    def validate_closes_on(self, field):
        if self.due_on.data and field.data and field.data < self.due_on.data:
            raise ValidationError(_l("The round cannot close before reports are due."))
