"""The form that records a MID's lineage."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from ..forms.fields import single_line
from ..models import LineageKind


class LineageForm(FlaskForm):
    kind = RadioField(
        _l("Lineage"),
        choices=[SelectChoice("", _l("none: the MID stands on its own")),
                 SelectChoice(LineageKind.continues.value, _l("it continues in")),
                 SelectChoice(LineageKind.absorbed.value, _l("it was absorbed into"))],
        default="",
        validate_choice=True,
    )
    successor_mid = IntegerField(_l("Number of the MID"), validators=[Optional(), NumberRange(min=1)])
    strategy = StringField(_l("or the name of the city strategy"),
                           validators=[Optional(), Length(max=500), single_line])
    version = HiddenField()

    def validate_successor_mid(self, field):
        if self.kind.data and (field.data is None) == (not (self.strategy.data or "").strip()):
            raise ValidationError(_l("Give either the number of a MID or the name of a strategy."))

    def version_number(self):
        return int(self.version.data) if (self.version.data or "").isdigit() else None
