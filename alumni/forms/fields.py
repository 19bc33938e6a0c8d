"""Fields for Polish input: amounts in PLN written "12 500,50", whole percentages, dates "31.12.2026";
one-line texts; numbers the pages carry."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from flask import abort
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from wtforms import Field, HiddenField, IntegerField, StringField
from wtforms.validators import StopValidation, ValidationError
from wtforms.widgets import TextInput

from ..bounds import MAX_AMOUNT
from ..i18n import format_pln
from ..security import MAX_NUMBER
from ..single_line import has_control_characters


def single_line(form, field):
    """Refuse line breaks, tabs and other control characters in a one-line field."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_l("Write this on one line, without line breaks or tabs."))


class AmountField(StringField):
    """An amount of money typed as people write it in the page's language ("12 500,50" in Polish)."""

    def process_formdata(self, valuelist):
        self.data = None
        self.raw = valuelist[0] if valuelist else ""
        text = self.raw.replace("\u00a0", " ").replace(" ", "").replace("zł", "").replace("PLN", "").strip()
        if not text:
            return
        try:
            self.data = parse_decimal(text, locale=str(get_locale() or "pl"), strict=False)
        except NumberFormatError:
            try:
                self.data = Decimal(text.replace(",", "."))
            except ArithmeticError:
                raise ValueError(_l("Write the amount in złoty, e.g. 12 500,50.")) from None
        if not self.data.is_finite():
            raise ValueError(_l("Write the amount in złoty, e.g. 12 500,50."))
        if self.data < 0:
            raise ValueError(_l("The amount cannot be negative."))
        if self.data > MAX_AMOUNT:
            raise ValueError(_("The amount cannot exceed %(max)s.", max=format_pln(MAX_AMOUNT)))
        self.data = self.data.quantize(Decimal("0.01"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        from flask_babel import format_decimal

        return format_decimal(self.data, "#,##0.00")


class PercentField(IntegerField):
    """A whole percentage from 0 to 100: "60" or "60,0"; anything else gets one message naming the field."""

    def __init__(self, label=None, validators=None, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message or _l("Progress must be a whole number from 0 to 100.")

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").replace("%", "").strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(self.message) from None
        if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= 100:
            raise ValueError(self.message)
        self.data = int(number)


class LocalDateField(Field):
    """A date typed and shown as the page's language writes it ("31.12.2026" in Polish), ISO always accepted.

    A text field, not ``type=date``: browsers draw date inputs in their own locale, so a Polish page in
    an English browser showed "10/02/2026"; here the page says the format and keeps to it.
    """

    widget = TextInput()
    # language → (format shown, formats accepted, the hint, the message for anything else)
    FORMATS = {"pl": ("%d.%m.%Y", ("%d.%m.%Y", "%Y-%m-%d"), _l("Format: dd.mm.yyyy, e.g. 31.12.2026."),
                      _l("Write the date as dd.mm.yyyy, e.g. 31.12.2026.")),
               "en": ("%Y-%m-%d", ("%Y-%m-%d", "%d.%m.%Y"), _l("Format: yyyy-mm-dd, e.g. 2026-12-31."),
                      _l("Write the date as yyyy-mm-dd, e.g. 2026-12-31."))}

    def __init__(self, label=None, validators=None, description="", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.note = description

    @property
    def _formats(self):
        return self.FORMATS.get(getattr(get_locale(), "language", "pl"), self.FORMATS["pl"])

    @property
    def description(self):
        return " ".join(str(part) for part in (self._formats[2], self.note) if part)

    @description.setter
    def description(self, value):
        self.note = value

    def pre_validate(self, form):
        if self.process_errors:  # one message for a date typed wrong, not also "required"
            raise StopValidation()

    def __call__(self, **kwargs):
        kwargs.setdefault("lang", getattr(get_locale(), "language", "pl"))
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(**kwargs)

    def process_formdata(self, valuelist):
        self.data = None
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            return
        for pattern in self._formats[1]:
            try:
                self.data = self._to_data(datetime.strptime(text, pattern))
                return
            except ValueError:
                continue
        raise ValueError(self._formats[3])

    def _to_data(self, moment):
        return moment.date()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime(self._formats[0]) if self.data else ""


class LocalMonthField(LocalDateField):
    """A month typed as the page's language writes it ("03.2027" in Polish, "2027-03" in English); its first day."""

    FORMATS = {"pl": ("%m.%Y", ("%m.%Y", "%Y-%m"), _l("Format: mm.yyyy, e.g. 03.2027."),
                      _l("Write the month as mm.yyyy, e.g. 03.2027.")),
               "en": ("%Y-%m", ("%Y-%m", "%m.%Y"), _l("Format: yyyy-mm, e.g. 2027-03."),
                      _l("Write the month as yyyy-mm, e.g. 2027-03."))}

    def _to_data(self, moment):
        return moment.date().replace(day=1)


class HiddenNumberField(HiddenField):
    """A number the page carried in a hidden field (a version, a row id); empty is None.

    Only a tampered or damaged form sends anything else: it is refused with the 400 page.
    """

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
        elif text.isascii() and text.isdigit() and int(text) <= MAX_NUMBER:
            self.data = int(text)
        else:
            abort(400)
