"""The ministry's digest of a round: what an official reads in an e-mail, whatever the number of MIDs.

Not every silent MID (at 10,000 MIDs that is thousands of rows no one reads in a mail
program), but: how many, by edition and network (each with a link to the silent MIDs of that
network on the dashboard), the ``LONGEST`` MIDs silent longest (no report received ever, or
the oldest last report first) with their coordinators, and a link to the dashboard's page of
every silent MID. Built once per round, in two queries, and rendered once per language.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlmodel import select

from .models import Edition, Report, ReportState

LONGEST = 25
SILENT_PATH = "/dashboard/silent"
RECEIVED = (ReportState.submitted.value, ReportState.accepted.value)


@dataclass(frozen=True)
class NetworkCount:
    edition: Edition
    network: object   # Network
    count: int
    url: str          # the dashboard's silent MIDs of this network


@dataclass(frozen=True)
class LongSilent:
    item: object              # reminders.MissingMid
    last_report: date | None  # the day of the latest report received, None if never


@dataclass(frozen=True)
class Digest:
    total: int
    networks: list   # NetworkCount, in programme order
    longest: list    # LongSilent, silent longest first
    silent_url: str  # the dashboard's page of every silent MID


def build_digest(session, items, as_of, base_url, calendar, longest=None):
    """The digest of ``items`` (MissingMid: the round's silent MIDs) as of ``as_of``."""
    networks = {}
    for item in items:
        network = item.mid.network
        networks[network.id] = (network, networks.get(network.id, (network, 0))[1] + 1)
    edition_ids = sorted({network.edition_id for network, _count in networks.values()})
    editions = {edition.id: edition for edition in session.exec(
        select(Edition).where(Edition.id.in_(edition_ids)))} if edition_ids else {}
    silent_url = f"{base_url}{SILENT_PATH}"
    counts = sorted(
        (NetworkCount(editions[network.edition_id], network, count, f"{silent_url}?network={network.id}")
         for network, count in networks.values()),
        key=lambda row: (row.edition.start_year, row.edition.id, row.network.name_pl, row.network.id),
    )
    longest = silent_longest(session, items, as_of, editions, calendar, LONGEST if longest is None else longest)
    return Digest(len(items), counts, longest, silent_url)


def silent_longest(session, items, as_of, editions, calendar, limit):
    """The ``limit`` of ``items`` silent longest: never reported first (the oldest edition first),
    then by the day of their latest report received (one grouped query over the reports)."""
    wanted = {item.mid.id for item in items}
    last = {
        mid_id: calendar.local_date(at) for mid_id, at in session.exec(
            select(Report.mid_id, func.max(Report.submitted_at))
            .where(Report.state.in_(RECEIVED), Report.submitted_at.is_not(None), Report.submitted_at <= as_of)
            .group_by(Report.mid_id)
        ) if mid_id in wanted
    }
    order = {item.mid.id: index for index, item in enumerate(items)}  # by participant and title

    def key(item):
        day = last.get(item.mid.id)
        edition = editions.get(item.mid.network.edition_id)
        return (day is not None, day or date.min, edition.start_year if edition else 0, order[item.mid.id])

    return [LongSilent(item, last.get(item.mid.id)) for item in sorted(items, key=key)[:limit]]
