"""Forms for deadline extensions and the review queue."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ExtensionRequestForm(FlaskForm):
    requested_until = DateField(_l("New due date"), validators=[DataRequired(_l("Give the date you need."))],
                                description=_l("No later than the day the round closes."))
    reason = TextAreaField(_l("Why the city needs more time"),
                           validators=[DataRequired(_l("Say why the city needs more time.")), Length(max=5000)])


class ExtensionDecisionForm(FlaskForm):
    decision = SelectField(_l("Decision"), choices=lambda: [
        SelectChoice("grant", _l("Grant")), SelectChoice("refuse", _l("Refuse"))])
    granted_until = DateField(_l("Granted until"), validators=[Optional()],
                              description=_l("Leave as asked, or give another date."))
    comment = TextAreaField(_l("Comment for the city"), validators=[Length(max=5000)],
                            description=_l("Required when refusing."))
