"""Forms for a MID's indicators and their values; numbers typed the Polish way ("1 250,5") are accepted."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Form, HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..clock import Calendar, request_now
from ..indicators.keeping import FIRST_YEAR, LAST_YEAR
from ..indicators.units import UNITS, NumberError, check_number, parse_number
from ..labels import DIRECTION
from .fields import HiddenNumberField, single_line
from .plan import longest

OTHER_UNIT = "other"


class NumberField(StringField):
    """A number as people write it ("1 250,5" or "1250.5"); the typed text is kept when it is wrong."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            try:
                self.data = parse_number(valuelist[0])
            except NumberError as error:
                raise ValueError(str(error)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        from ..indicators.page import number_text

        return "" if self.data is None else number_text(self.data).replace("\u00a0", " ")


def _year(label):
    return IntegerField(label, validators=[Optional(), NumberRange(
        FIRST_YEAR, LAST_YEAR, _l("Give a year from %(min)s to %(max)s."))])


def unit_choices():
    return [SelectChoice(symbol, symbol) for symbol in UNITS] + [SelectChoice(OTHER_UNIT, _l("other (write it)"))]


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), longest("indicator.name"), single_line])
    unit_choice = SelectField(_l("Unit"), choices=unit_choices)
    unit_other = StringField(_l("Other unit"), validators=[longest("indicator.unit"), single_line],
                             description=_l("Only when the unit is not in the list, e.g. “drzewa”."))
    direction = SelectField(_l("Direction"), default="increase", choices=lambda: [
        SelectChoice(value, label) for value, label in DIRECTION.items()])
    action_id = SelectField(_l("Action (optional)"), coerce=lambda value: int(value) if value else None)
    baseline_value = NumberField(_l("Baseline value"))
    baseline_year = _year(_l("Baseline year"))
    target_value = NumberField(_l("Target value"))
    target_year = _year(_l("Target year"))
    source = TextAreaField(_l("Source or method"), validators=[longest("indicator.source")],
                           description=_l("Where the numbers come from and how they are measured."))
    version = HiddenNumberField()

    @property
    def unit(self):
        return (self.unit_other.data or "").strip() if self.unit_choice.data == OTHER_UNIT else self.unit_choice.data

    def validate_unit_other(self, field):
        if self.unit_choice.data == OTHER_UNIT and not (field.data or "").strip():
            raise ValidationError(_l("Write the unit, or pick one from the list."))

    def _in_unit(self, field):
        if field.data is not None:
            try:
                field.data = check_number(field.data, self.unit)
            except NumberError as error:
                raise ValidationError(str(error)) from None

    def validate_baseline_value(self, field):
        self._in_unit(field)
        if (field.data is None) != (self.baseline_year.data is None):
            raise ValidationError(_l("Give both the baseline value and its year, or neither."))

    def validate_target_value(self, field):
        self._in_unit(field)
        if (field.data is None) != (self.target_year.data is None):
            raise ValidationError(_l("Give both the target value and its year, or neither."))

    def validate_target_year(self, field):
        if field.data and self.baseline_year.data and field.data < self.baseline_year.data:
            raise ValidationError(_l("The target year comes before the baseline year."))

    def data_for(self):
        """What ``keeping.add_indicator`` and ``update_indicator`` take."""
        return {"name": self.name.data.strip(), "unit": self.unit, "direction": self.direction.data,
                "action_id": self.action_id.data, "baseline_value": self.baseline_value.data,
                "baseline_year": self.baseline_year.data, "target_value": self.target_value.data,
                "target_year": self.target_year.data, "source": (self.source.data or "").strip()}


class ValueForm(FlaskForm):
    year = _year(_l("Year"))
    value = NumberField(_l("Value"))
    comment = StringField(_l("Comment (optional)"), validators=[longest("indicatorvalue.comment"), single_line])
    version = HiddenNumberField()

    def __init__(self, *args, unit="", **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit

    def validate_year(self, field):
        if field.data is None:
            raise ValidationError(_l("Give the year the value is for."))
        if field.data > Calendar.from_app(current_app).local_date(request_now()).year:
            raise ValidationError(_l("A value can be recorded only for this year or an earlier one."))

    def validate_value(self, field):
        if field.data is None:
            raise ValidationError(_l("Give the value."))
        try:
            field.data = check_number(field.data, self.unit)
        except NumberError as error:
            raise ValidationError(str(error)) from None


class ReportValueRow(Form):
    """One indicator's line in the report form: its value this round (pre-filled with the last value)."""

    indicator_id = HiddenField()
    value_version = HiddenNumberField()
    prefilled = HiddenField()
    value = NumberField(_l("Value this round"))
    comment = StringField(_l("Comment (optional)"), validators=[longest("indicatorvalue.comment"), single_line])
