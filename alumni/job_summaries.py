"""Job run summaries in the reader's language: the first line a job recorded, read back and translated.

Jobs record a plain English summary (the command line prints it and the logs keep it). The
operations page shows its first line in the page's language, read with the patterns below;
reading at display time translates the runs recorded before as well. A line no pattern reads
is shown as recorded.
"""

import re
from datetime import date, datetime

from flask_babel import format_date, format_datetime, lazy_gettext as _l

_DAY = r"\d{4}-\d{2}-\d{2}"
_MINUTE = rf"{_DAY} \d{{2}}:\d{{2}}"

# (pattern of the English first line, its translation); named groups fill the translation.
PATTERNS = [
    (r"deliver: (?P<sent>\d+) sent, (?P<retrying>\d+) to retry, (?P<failed>\d+) failed, "
     r"(?P<interrupted>\d+) interrupted earlier and flagged",
     _l("Delivery: %(sent)s sent, %(retrying)s to retry, %(failed)s failed, %(interrupted)s interrupted earlier "
        "and flagged")),
    (rf"deliver: would send (?P<count>\d+) message\(s\) due by (?P<as_of>{_MINUTE})",
     _l("Delivery (dry run): %(count)s message(s) due by %(as_of)s would be sent")),
    (rf"reminders as of (?P<as_of>{_MINUTE}) \S+: would write (?P<count>\d+) e-mail\(s\); "
     r"(?P<rounds>\d+) round\(s\) open",
     _l("Reminders as of %(as_of)s (dry run): %(count)s e-mail(s) would be written; %(rounds)s round(s) open")),
    (rf"reminders as of (?P<as_of>{_MINUTE}) \S+: wrote (?P<count>\d+) e-mail\(s\); (?P<rounds>\d+) round\(s\) open",
     _l("Reminders as of %(as_of)s: %(count)s e-mail(s) written to the outbox; %(rounds)s round(s) open")),
    (rf"life-status: would record (?P<count>\d+) MIDs as of (?P<day>{_DAY}), (?P<changed>\d+) changed",
     _l("Life status (dry run): %(count)s MIDs would be recorded as of %(day)s, %(changed)s changed")),
    (rf"life-status: recorded (?P<count>\d+) MIDs as of (?P<day>{_DAY}), (?P<changed>\d+) changed",
     _l("Life status: %(count)s MIDs recorded as of %(day)s, %(changed)s changed")),
    (rf"status-history: would record (?P<count>\d+) past days as of (?P<day>{_DAY})",
     _l("Status history (dry run): %(count)s past days would be recorded as of %(day)s")),
    (rf"status-history: recorded (?P<count>\d+) past days as of (?P<day>{_DAY})",
     _l("Status history: %(count)s past days recorded as of %(day)s")),
    (rf"rounds: no round to create as of (?P<day>{_DAY}) \(cadence (?P<months>\d+) months\)",
     _l("Rounds: no round to create as of %(day)s (every %(months)s months)")),
    (rf"rounds: would create (?P<name>.+): opens (?P<opens>{_DAY}), due (?P<due>{_DAY}), closes (?P<closes>{_DAY})",
     _l("Rounds (dry run): %(name)s would be created: opens %(opens)s, due %(due)s, closes %(closes)s")),
    (rf"rounds: created (?P<name>.+): opens (?P<opens>{_DAY}), due (?P<due>{_DAY}), closes (?P<closes>{_DAY})",
     _l("Rounds: %(name)s created: opens %(opens)s, due %(due)s, closes %(closes)s")),
    (rf"workshop-export: no workshop within (?P<days>\d+) days of (?P<day>{_DAY})",
     _l("Workshop export: no workshop within %(days)s days of %(day)s")),
    (rf"workshop-export: (?P<count>\d+) workshop\(s\) due as of (?P<day>{_DAY})",
     _l("Workshop export: %(count)s workshop(s) due as of %(day)s")),
]
_COMPILED = [(re.compile(pattern + "$"), template) for pattern, template in PATTERNS]
# What delivery adds when messages wait for a later time.
_WAITING = (re.compile(rf"; (?P<waiting>\d+) waiting for their send time, the next at (?P<next>{_MINUTE})$"),
            _l("; %(waiting)s waiting for their send time, the next at %(next)s"))


def _shown(value):
    """Dates and moments in the reader's format; the rest as recorded."""
    if re.fullmatch(_MINUTE, value):
        return format_datetime(datetime.strptime(value, "%Y-%m-%d %H:%M"), "short", rebase=False)
    if re.fullmatch(_DAY, value):
        return format_date(date.fromisoformat(value), "short")
    return value


def headline(summary):
    """The first line of a recorded summary, in the current language where a pattern reads it."""
    first = (summary or "").strip().splitlines()[:1]
    if not first:
        return ""
    line, suffix = first[0], ""
    waiting = _WAITING[0].search(line)
    if waiting:
        line, suffix = line[:waiting.start()], _filled(_WAITING[1], waiting)
    for pattern, template in _COMPILED:
        match = pattern.match(line)
        if match:
            return _filled(template, match) + suffix
    return first[0]


def _filled(template, match):
    return str(template) % {key: _shown(value) for key, value in match.groupdict().items()}


def details(summary):
    """The lines after the first (names, addresses, keys): shown as recorded."""
    return "\n".join((summary or "").strip().splitlines()[1:])
