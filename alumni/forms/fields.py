"""Fields for Polish input: amounts in PLN written "12 500,50", whole percentages, months as YYYY-MM."""

from decimal import Decimal, InvalidOperation

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from wtforms import IntegerField, StringField

from ..bounds import MAX_AMOUNT
from ..i18n import format_pln


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
