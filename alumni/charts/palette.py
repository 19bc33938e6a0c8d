"""The fill of every category a chart shows: one colour, one pattern and one label each.

The dashboard, the workshop's HTML report and city briefs (``templates/charts/_patterns.html``)
and the XLSX export's native chart all read these, so a status looks the same wherever it is
drawn. Every fill has a mark of its own as well as a colour, so that no category is told apart
by colour alone (WCAG 1.4.1); the colours were checked with axe on the dashboard.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..labels import LIFE_STATUS
from ..models import LifeStatus

# The marks a fill can carry over its colour; "plain" carries none.
PLAIN, STRIPES, LATTICE, DOTS, ROWS, COLUMNS = "plain", "stripes", "lattice", "dots", "rows", "columns"


@dataclass(frozen=True)
class Fill:
    key: str
    colour: str           # the background, #rrggbb
    mark: str = PLAIN
    ink: str = ""         # the colour of the mark
    weight: float = 0     # the mark's stroke width, or a dot's radius
    label: object = ""    # lazy: read it inside a request or ``force_locale``
    xlsx: str = ""        # the spreadsheet preset pattern nearest the mark ("" for a solid fill)

    @property
    def turned(self):
        """Whether the mark runs diagonally (the pattern is turned by 45°)."""
        return self.mark in (STRIPES, LATTICE)


def _status(status, *style, xlsx=""):
    return Fill(status.value, *style, label=LIFE_STATUS[status], xlsx=xlsx)


_ACTIVE = ("#9fd3ad",)
_AT_RISK = ("#f7cd72", STRIPES, "#7a4a00", 2.5)

FILLS = {fill.key: fill for fill in (
    # Life statuses, and the dashboard's "absorbed" outcome, in the order the charts stack them.
    _status(LifeStatus.active, *_ACTIVE),
    _status(LifeStatus.at_risk, *_AT_RISK, xlsx="wdUpDiag"),
    _status(LifeStatus.dormant, "#d3d9e1", DOTS, "#3d4a57", 1.6, xlsx="pct25"),
    _status(LifeStatus.completed, "#a9caf0", ROWS, "#0b4f8a", 2, xlsx="dkHorz"),
    Fill("absorbed", "#d8c6ee", LATTICE, "#4f2f7d", 1.5, _l("absorbed or continued"), "openDmnd"),
    _status(LifeStatus.abandoned, "#f3b1ae", COLUMNS, "#8a1c1c", 2, xlsx="dkVert"),
    # The parts of a round's expected reports.
    Fill("on_time", *_ACTIVE, label=_l("on time")),
    Fill("late", *_AT_RISK, label=_l("late"), xlsx="wdUpDiag"),
    Fill("missing", "#ffffff", DOTS, "#6b7782", 1.3, _l("not submitted"), "pct25"),
    # A single measure (the report's completeness and barrier bars).
    Fill("value", "#6f9fd0"),
    # The share of a region's MIDs still alive (the map), in fifths: the marks grow denser with the share.
    Fill("alive-0", "#f4f8f4", label=_l("under 20%")),
    Fill("alive-1", "#d5ecd9", DOTS, "#1e5b33", 1.2, _l("20 to 40%")),
    Fill("alive-2", "#abd9b5", ROWS, "#1e5b33", 1.5, _l("40 to 60%")),
    Fill("alive-3", "#78bf8b", STRIPES, "#123d20", 2, _l("60 to 80%")),
    Fill("alive-4", "#479f64", LATTICE, "#0d2e18", 2, _l("at least 80%")),
    Fill("no-mids", "#dfe3e8", label=_l("no MIDs")),
)}

ALIVE_BANDS = ("alive-0", "alive-1", "alive-2", "alive-3", "alive-4")


def alive_fill(share):
    """The fill key of a share (0–1) of MIDs still alive, or of no MIDs at all (``None``)."""
    if share is None:
        return "no-mids"
    return ALIVE_BANDS[min(int(share * 5 + 1e-9), 4)]


def legend(keys):
    """(key, label) for each of ``keys``: the items of a chart's legend."""
    return [(key, str(FILLS[key].label)) for key in keys]
