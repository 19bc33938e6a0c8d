"""Fields for Polish input: amounts in PLN written "12 500,50", months as YYYY-MM."""

from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal
from flask_babel import get_locale, lazy_gettext as _l
from wtforms import StringField


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
