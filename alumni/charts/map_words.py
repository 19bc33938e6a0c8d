"""What a map's tiles say, in the request's language (``templates/charts/_map.html`` draws them).

Put into words here rather than by the template's macros: sixteen tiles each say their share and
counts two or three times, and as macros that was about a third of the dashboard's template.
"""

import textwrap
from dataclasses import dataclass

from flask_babel import gettext as _

from ..dashboard.labels import outcome_label
from ..i18n import format_number, format_percent

LINE_CHARACTERS = 22   # a status line in a tile's detail, wrapped beyond that


@dataclass
class TileWords:
    share: str       # "63% still alive", or "no MIDs"
    mids: str        # "12 MIDs"
    described: str   # the whole tile in one sentence: its link's accessible name and its tooltip
    detail: list     # (outcome, [line]) of each status with MIDs, wrapped to the tile


def share_words(share):
    return _("no MIDs") if share is None else _("%(share)s still alive", share=format_percent(share))


def counts_words(counts):
    """"active: 3, dormant: 1": the statuses with MIDs."""
    return ", ".join(f"{outcome_label(outcome)}: {format_number(count)}" for outcome, count in counts.ordered() if count)


def tile_words(tile):
    share, mids = share_words(tile.share), _("%(num)s MIDs", num=format_number(tile.counts.total))
    described = f"{''.join(tile.lines)}: {share}, {mids}" + (f"; {counts_words(tile.counts)}" if tile.counts.total else "")
    shown = [(outcome, count) for outcome, count in tile.counts.ordered() if count]
    detail = [(outcome, _wrapped(f"{outcome_label(outcome)}: {format_number(count)}{'' if last else ','}"))
              for index, (outcome, count) in enumerate(shown) for last in [index == len(shown) - 1]]
    return TileWords(share, mids, described, detail)


def _wrapped(line):
    """``line`` in lines of at most ``LINE_CHARACTERS``, as Jinja's ``wordwrap`` wraps (most fit as they are)."""
    if len(line) <= LINE_CHARACTERS and line == line.strip():
        return [line]
    return textwrap.wrap(line, LINE_CHARACTERS, expand_tabs=False, replace_whitespace=False)
