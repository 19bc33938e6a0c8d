"""Reading the API's query and path parameters strictly: a value that does not fit is a 400."""

import re

from flask_babel import gettext as _

from ..life_status import Outcome, SizeBand
from ..mids import SORTS, MidFilters
from ..models import Voivodeship
from . import ApiError

MAX_ID = 2**31 - 1
MAX_PAGE = 100_000
MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
MAX_QUERY_LENGTH = 200
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _bad(name, message):
    return ApiError(400, "invalid_parameter", _("Parameter '%(name)s': %(message)s", name=name, message=message))


def integer(name, value, minimum, maximum, default=None):
    if value is None:
        return default
    if not re.fullmatch(r"[0-9]{1,12}", value) or not minimum <= int(value) <= maximum:
        raise _bad(name, _("a whole number from %(minimum)d to %(maximum)d is expected.",
                           minimum=minimum, maximum=maximum))
    return int(value)


def choice(name, value, allowed):
    if value is None:
        return None
    if value not in allowed:
        raise _bad(name, _("one of %(allowed)s is expected.", allowed=", ".join(allowed)))
    return value


# Every operation takes ?lang=pl|en (the language of error messages).
COMMON = ("lang",)
MID_QUERY = ("edition", "network", "voivodeship", "status", "size", "q", "sort", "dir", "page", "per_page")


def only(args, names=()):
    """Refuse a parameter the operation does not take (a mistyped filter must not pass unseen)."""
    for name in args:
        if name not in names and name not in COMMON:
            raise ApiError(400, "invalid_parameter", _(
                "Unknown parameter '%(name)s'. This address takes: %(names)s.",
                name=name, names=", ".join((*names, *COMMON))))
    choice("lang", args.get("lang"), ["pl", "en"])


def mid_query(args):
    """(filters, per page) from a MID list's query string: the MID list's filters, strictly read."""
    only(args, MID_QUERY)
    text = args.get("q")
    if text is not None:
        text = text.replace("\x00", "").strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise _bad("q", _("at most %(limit)d characters.", limit=MAX_QUERY_LENGTH))
    page = integer("page", args.get("page"), 1, MAX_PAGE, default=1)
    per_page = integer("per_page", args.get("per_page"), 1, MAX_PER_PAGE, default=DEFAULT_PER_PAGE)
    filters = MidFilters(
        edition_id=integer("edition", args.get("edition"), 1, MAX_ID),
        network_id=integer("network", args.get("network"), 1, MAX_ID),
        voivodeship=choice("voivodeship", args.get("voivodeship"), [v.value for v in Voivodeship]),
        text=text or None,
        status=choice("status", args.get("status"), [o.value for o in Outcome]),
        size=choice("size", args.get("size"), [s.value for s in SizeBand]),
        sort=choice("sort", args.get("sort"), list(SORTS)) or "participant",
        descending=choice("dir", args.get("dir"), ["asc", "desc"]) == "desc",
        page=page,
    )
    return filters, per_page


def mid_id(value):
    return integer("mid_id", value, 1, MAX_ID)


def year(value):
    return integer("year", value, FIRST_YEAR, LAST_YEAR)
