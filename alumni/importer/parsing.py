"""Turning raw cell values (typed from XLSX, text from CSV) into field values, or a clear reason."""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from ..models import ActionStatus, ParticipantKind, Voivodeship
from ..single_line import has_control_characters
from ..models.lengths import LONGEST
from .columns import fold


class CellError(ValueError):
    """A cell whose value cannot be used; the message says why and what to write."""


def text(raw, max_length=LONGEST):
    """A trimmed string of at most ``max_length`` characters, or None for an empty cell."""
    if raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, (datetime, date)):
        raw = raw.date().isoformat() if isinstance(raw, datetime) else raw.isoformat()
    value = str(raw).replace("\x00", "").strip()
    if not value:
        return None
    max_length = max_length or LONGEST
    if len(value) > max_length:
        raise CellError(_("The text is %(length)d characters long; at most %(limit)d are allowed.",
                          length=len(value), limit=max_length))
    return value


def line(raw, max_length=None):
    """A trimmed one-line string (a name, a title), or None for an empty cell."""
    value = text(raw, max_length)
    if value is not None and has_control_characters(value):
        raise CellError(_("Write this on one line, without line breaks or tabs."))
    return value


def integer(raw, minimum=None, maximum=None):
    if isinstance(raw, bool):
        raise CellError(_("'%(value)s' is not a whole number.", value=raw))
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int):
        value = text(raw)
        if value is None:
            return None
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", value)
        if not re.fullmatch(r"-?\d+", cleaned):
            raise CellError(_("'%(value)s' is not a whole number.", value=value))
        raw = int(cleaned)
    if (minimum is not None and raw < minimum) or (maximum is not None and raw > maximum):
        raise CellError(_("%(value)d is outside the allowed range %(minimum)d–%(maximum)d.",
                          value=raw, minimum=minimum, maximum=maximum))
    return raw


def amount(raw):
    """An amount in PLN: 125000, 125 000,50 or 125000.50; never negative."""
    if isinstance(raw, bool):
        raise CellError(_("'%(value)s' is not an amount.", value=raw))
    if isinstance(raw, (int, float)):
        value = Decimal(str(raw))
    else:
        written = text(raw)
        if written is None:
            return None
        cleaned = re.sub(r"[\s\u00a0\u202f]|zł|PLN", "", written, flags=re.IGNORECASE)
        if "," in cleaned and "." in cleaned:
            cleaned = cleaned.replace(".", "")  # 1.250.000,50: dots group thousands
        cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("'%(value)s' is not an amount; write e.g. 125 000,50.", value=written)) from None
        if not value.is_finite():
            raise CellError(_("'%(value)s' is not an amount; write e.g. 125 000,50.", value=written))
    if value < 0:
        raise CellError(_("The amount cannot be negative."))
    if value >= Decimal("1e12"):
        raise CellError(_("The amount is too large."))
    return value.quantize(Decimal("0.01"))


_DAY_FORMATS = (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{1,2})\.(\d{1,2})\.(\d{4})", r"(\d{1,2})/(\d{1,2})/(\d{4})")


def day(raw):
    """A date: an Excel date, YYYY-MM-DD or DD.MM.YYYY."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    value = text(raw)
    if value is None:
        return None
    for number, pattern in enumerate(_DAY_FORMATS):
        match = re.fullmatch(pattern, value)
        if match:
            parts = [int(part) for part in match.groups()]
            year, month, day_ = parts if number == 0 else (parts[2], parts[1], parts[0])
            try:
                return date(year, month, day_)
            except ValueError:
                break
    raise CellError(_("'%(value)s' is not a date; write YYYY-MM-DD or DD.MM.YYYY, e.g. 2025-03-31.",
                      value=value))


def month(raw):
    """A month, kept as its first day: an Excel date, YYYY-MM, MM.YYYY or a full date."""
    if isinstance(raw, (datetime, date)):
        return day(raw).replace(day=1)
    value = text(raw)
    if value is None:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or re.fullmatch(r"(\d{1,2})[./](\d{4})", value)
    if match:
        first, second = (int(part) for part in match.groups())
        year, month_ = (first, second) if first > 12 else (second, first)
        if 1 <= month_ <= 12:
            return date(year, month_, 1)
    else:
        try:
            return day(value).replace(day=1)
        except CellError:
            pass
    raise CellError(_("'%(value)s' is not a month; write YYYY-MM or MM.YYYY, e.g. 2025-03.", value=value))


def url(raw, max_length=LONGEST):
    value = text(raw, max_length)
    if value is None:
        return None
    if not re.fullmatch(r"https?://[^\s]+\.[^\s]+", value, flags=re.IGNORECASE):
        raise CellError(_("'%(value)s' is not a web address; it must start with https:// or http://.",
                          value=value))
    return value


def _choice(raw, vocabulary, allowed):
    value = text(raw)
    if value is None:
        return None
    found = vocabulary.get(fold(value))
    if found is None:
        raise CellError(_("'%(value)s' is not allowed here; write one of: %(allowed)s.",
                          value=value, allowed=allowed))
    return found


_KINDS = {
    **{fold(kind.value): kind for kind in ParticipantKind},
    "miasto": ParticipantKind.city, "gmina": ParticipantKind.municipality,
    "mof": ParticipantKind.mof, "miejski obszar funkcjonalny": ParticipantKind.mof,
    "zwiazek gmin": ParticipantKind.association, "zwiazek": ParticipantKind.association,
    "stowarzyszenie": ParticipantKind.association,
}
_VOIVODESHIPS = {
    **{fold(v.value): v for v in Voivodeship},
    **{fold(v.name.replace("_", "-")): v for v in Voivodeship},
}
_STATUSES = {
    **{fold(s.value): s for s in ActionStatus},
    "in progress": ActionStatus.in_progress,
    "zaplanowane": ActionStatus.planned, "planowane": ActionStatus.planned,
    "w trakcie": ActionStatus.in_progress, "w realizacji": ActionStatus.in_progress,
    "zrealizowane": ActionStatus.done, "wykonane": ActionStatus.done,
    "opoznione": ActionStatus.delayed, "wstrzymane": ActionStatus.suspended,
    "zaniechane": ActionStatus.dropped, "porzucone": ActionStatus.dropped,
}


def participant_kind(raw):
    return _choice(raw, _KINDS, "miasto, gmina, MOF, związek gmin")


def voivodeship(raw):
    return _choice(raw, _VOIVODESHIPS, ", ".join(v.value for v in Voivodeship))


def action_status(raw):
    return _choice(raw, _STATUSES, "zaplanowane, w trakcie, zrealizowane, opóźnione, wstrzymane, zaniechane")


def coordinate(raw, limit):
    """Degrees (WGS 84) within ±``limit``: 54.52, 54,52 or 54,52°; rounded to 5 decimals (about a metre)."""
    if isinstance(raw, bool):
        raise CellError(_("'%(value)s' is not a number of degrees.", value=raw))
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        written = text(raw)
        if written is None:
            return None
        cleaned = re.sub(r"[\s\u00a0\u202f°]", "", written).replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
            raise CellError(_("'%(value)s' is not a number of degrees; write e.g. 54,52.", value=written))
        value = float(cleaned)
    if not -limit <= value <= limit:
        raise CellError(_("%(value)s is outside the allowed range −%(limit)d to %(limit)d degrees.",
                          value=raw, limit=limit))
    return round(value, 5)


def teryt(raw):
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raw = f"{int(raw):07d}"
    value = text(raw)
    if value is None:
        return None
    if not re.fullmatch(r"\d{1,7}", value):
        raise CellError(_("'%(value)s' is not a TERYT code (up to 7 digits).", value=value))
    return value
