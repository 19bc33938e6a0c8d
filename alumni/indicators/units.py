"""The units an indicator is measured in, and the numbers each can hold.

A short list people pick from (the ones the programme's MIDs use most), or a unit of their own.
Numbers are typed the Polish way ("1 250,5") or with a dot; each unit bounds what is plausible.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

LARGEST = Decimal("100000000000")      # 10^11: beyond any city's measure, within Numeric(18, 4)
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Unit:
    symbol: str
    least: Decimal = Decimal(0)
    most: Decimal = LARGEST
    whole: bool = False                 # counts of things or people


UNITS = {unit.symbol: unit for unit in (
    Unit("szt.", whole=True),
    Unit("m²"),
    Unit("m³"),
    Unit("km"),
    Unit("t CO₂"),
    Unit("MWh"),
    Unit("osoby", whole=True),
    Unit("%", most=Decimal(100)),
    Unit("zł"),
)}
FREE = Unit("", least=-LARGEST)


def unit_of(symbol):
    """The unit ``symbol`` names: one of the list, or a free one (any number within the bounds)."""
    return UNITS.get((symbol or "").strip(), FREE)


class NumberError(ValueError):
    """A number that cannot be an indicator's value, with a message for the person."""


def parse_number(text):
    """A number typed as people write it: "1 250,5", "1250.5", "12,5%"; None for an empty text."""
    cleaned = str(text or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
    if not cleaned:
        return None
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(".", "")      # "1.250,5": dots group thousands
    cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise NumberError(_l("Write a number, e.g. 1 250,5.")) from None
    if not number.is_finite():
        raise NumberError(_l("Write a number, e.g. 1 250,5."))
    return number


def check_number(number, symbol):
    """``number`` rounded to the stored precision, or NumberError when the unit cannot hold it."""
    unit = unit_of(symbol)
    if number < unit.least or number > unit.most:
        if unit.least == 0:
            raise NumberError(_l("In %(unit)s the value must be from 0 to %(most)s.", unit=unit.symbol,
                                 most=_plain(unit.most)))
        raise NumberError(_l("The value must be from %(least)s to %(most)s.", least=_plain(unit.least),
                             most=_plain(unit.most)))
    if unit.whole and number != number.to_integral_value():
        raise NumberError(_l("In %(unit)s the value must be a whole number.", unit=unit.symbol))
    return number.quantize(PLACES)


def _plain(number):
    return f"{number:,.0f}".replace(",", "\u00a0")


def value_in_unit(text, symbol):
    """A typed value checked against its unit; None for an empty text."""
    number = parse_number(text)
    return None if number is None else check_number(number, symbol)
