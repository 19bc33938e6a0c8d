"""Fields for Polish input: amounts in PLN written "12 500,50", months as YYYY-MM; numbers pages carry."""

from datetime import date
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from flask import abort
from flask_babel import get_locale, lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import ValidationError

from ..security import MAX_NUMBER
from ..single_line import has_control_characters

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def single_line(form, field):
    """Refuse line breaks, tabs and other control characters in a one-line field."""
    if isinstance(field.data, str) and has_control_characters(field.data):
        raise ValidationError(_l("Write this on one line, without line breaks or tabs."))


def plausible_date(form, field):
    """Refuse dates outside 2000–2100: a typing slip, and too far for the calendar's arithmetic."""
    if field.data is not None and not FIRST_DAY <= field.data <= LAST_DAY:
        raise ValidationError(_l("Give a date between the years 2000 and 2100."))


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
        if self.data < 0:
            raise ValueError(_l("The amount cannot be negative."))
        self.data = self.data.quantize(Decimal("0.01"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        from flask_babel import format_decimal

        return format_decimal(self.data, "#,##0.00")


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
