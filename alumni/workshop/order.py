"""Polish alphabetical order, the same on every database backend.

Databases order "Łódź" by their own collation (SQLite after "Żory"; PostgreSQL by its
server locale), so the export orders networks in Python and, within a network, its rows.
"""

import itertools
from functools import lru_cache

from sqlalchemy import case, literal
from sqlmodel import select

from ..models import Edition, Network

_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: position for position, letter in enumerate(_ALPHABET)}


@lru_cache(maxsize=65536)
def polish_key(text):
    """A sort key that puts "Łódź" after "Lublin" and "Żory" last, ignoring case first (each text's
    key worked out once: an export sorts tens of thousands of rows by the same few thousand names)."""
    folded = (text or "").casefold()
    return tuple((1, _RANK[char]) if char in _RANK else (0, ord(char)) for char in folded), text or ""


def networks_in_order(session):
    """Every (Network, Edition): editions by start year, networks by Polish name."""
    rows = session.exec(select(Network, Edition).join(Edition, Edition.id == Network.edition_id)).all()
    return sorted(rows, key=lambda row: (row[1].start_year, row[1].code, polish_key(row[0].name_pl)))


def network_rank(session, network_column):
    """An SQL expression ranking rows by their network's place in ``networks_in_order``."""
    ranks = {network.id: position for position, (network, _edition) in enumerate(networks_in_order(session))}
    return case(ranks, value=network_column, else_=len(ranks)) if ranks else literal(0)


def within_networks(rows, network_of, key):
    """Rows already grouped by network, each group sorted by ``key`` (one network held at a time)."""
    for _network, group in itertools.groupby(rows, key=network_of):
        yield from sorted(group, key=key)
