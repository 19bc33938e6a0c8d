"""Forms for personal data: confirming an anonymisation."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired


class AnonymiseForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that this person's name and e-mail address are erased for good."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )
