"""The picture's detail rows, streamed: one per MID, per action done, per report text.

Each stream is one query read in batches (plus, for MIDs, the period's texts loaded once),
so that 10,000 MIDs go out to a file without being held in memory at once.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func
from sqlmodel import select

from ..models import (
    Action, ActionStatus, BarrierCategory, DeadlineExtension, Edition, LifeStatus, Mid, Milestone, Network,
    Participant, Report, ReportBarrier, ReportingRound,
)
from .aggregate import done_at_column, in_window, period_rounds, status_subquery, submitted_in
from .order import network_rank, polish_key, within_networks

BATCH = 500


class _InNetwork:
    """A row that carries its network's Polish and English names."""

    def network(self, language):
        return self.network_en if language == "en" else self.network_pl


@dataclass
class MidLine(_InNetwork):
    mid_id: int
    title: str
    participant_id: int
    participant: str
    voivodeship: str
    edition_code: str
    network_id: int
    network_pl: str
    network_en: str
    status: LifeStatus
    previous_status: LifeStatus | None   # None: the MID did not exist a year earlier
    actions_live: int
    actions_done: int
    done_in_period: int
    done_in_previous_period: int
    last_report_on: date | None
    done_items: list = field(default_factory=list)   # ("action" | "milestone", title)
    reports: list = field(default_factory=list)      # ReportTexts submitted in the period

    @property
    def share_done(self):
        return self.actions_done / self.actions_live if self.actions_live else None


@dataclass
class ReportTexts:
    round_name: str
    submitted_on: date
    achievements: str
    barriers_text: str
    support_needed: str
    good_practice: str
    barriers: list  # BarrierCategory, sorted


@dataclass
class ActionLine(_InNetwork):
    network_id: int
    edition_code: str
    network_pl: str
    network_en: str
    participant: str
    mid_title: str
    title: str
    done_on: date
    responsible_unit: str
    estimated_budget: Decimal | None
    funding_sources: str


@dataclass
class ReportTextLine(_InNetwork):
    network_id: int
    edition_code: str
    network_pl: str
    network_en: str
    participant: str
    mid_title: str
    texts: ReportTexts


def _local_day(moment, zone):
    return moment.astimezone(zone).date() if moment is not None else None


def _by_participant(line):
    return polish_key(line.participant)


def _joined(query):
    return (query.join(Participant, Participant.id == Mid.participant_id)
            .join(Network, Network.id == Mid.network_id)
            .join(Edition, Edition.id == Network.edition_id))


def _barrier_categories(session, window, where):
    """{report_id: [BarrierCategory, ...]} of the reports submitted in the window."""
    categories = {}
    for report_id, category in session.exec(
        select(ReportBarrier.report_id, ReportBarrier.category)
        .join(Report, Report.id == ReportBarrier.report_id)
        .join(Mid, Mid.id == Report.mid_id)
        .where(submitted_in(window), *where)
        .order_by(ReportBarrier.report_id, ReportBarrier.category)
    ):
        categories.setdefault(report_id, []).append(BarrierCategory(category))
    return categories


def _report_rows(session, window, where, columns, order):
    query = _joined(
        select(Report.id, ReportingRound.name, Report.submitted_at, Report.achievements, Report.barriers_text,
               Report.support_needed, Report.good_practice, *columns)
        .select_from(Report)
        .join(ReportingRound, ReportingRound.id == Report.round_id)
        .join(Mid, Mid.id == Report.mid_id)
    ).where(submitted_in(window), *where).order_by(*order, ReportingRound.due_on, Report.id)
    return session.exec(query.execution_options(yield_per=BATCH))


def _texts(row, categories, zone):
    return ReportTexts(row[1], _local_day(row[2], zone), row[3], row[4], row[5], row[6],
                       categories.get(row[0], []))


def _period_details(session, picture, where):
    """{mid_id: done items} and {mid_id: [ReportTexts]} for the window (four queries, whatever the MIDs)."""
    window, zone = picture.window, ZoneInfo(picture.settings.timezone)
    first_done, done_at = done_at_column()
    done = {}
    for mid_id, title in session.exec(
        select(Action.mid_id, Action.title).join(Mid, Mid.id == Action.mid_id)
        .outerjoin(first_done, first_done.c.action_id == Action.id)
        .where(in_window(done_at, window), *where)
        .order_by(Action.mid_id, Action.position, Action.id)
    ):
        done.setdefault(mid_id, []).append(("action", title))
    for mid_id, title in session.exec(
        select(Milestone.mid_id, Milestone.title).join(Mid, Mid.id == Milestone.mid_id)
        .where(Milestone.achieved_on >= window.first_day, Milestone.achieved_on <= window.last_day, *where)
        .order_by(Milestone.mid_id, Milestone.achieved_on, Milestone.id)
    ):
        done.setdefault(mid_id, []).append(("milestone", title))
    categories = _barrier_categories(session, window, where)
    reports = {}
    for row in _report_rows(session, window, where, [Report.mid_id], [Report.mid_id]):
        reports.setdefault(row[-1], []).append(_texts(row, categories, zone))
    return done, reports


def mid_lines(session, picture, participant_ids=None):
    """Every MID that existed at the picture (or those of some participants), with the period's detail."""
    window, previous, settings = picture.window, picture.previous_window, picture.settings
    zone = ZoneInfo(settings.timezone)
    where = [Mid.participant_id.in_(list(participant_ids))] if participant_ids is not None else []
    done_items, reports = _period_details(session, picture, where)
    now = status_subquery(window, settings, "now")
    before = status_subquery(previous, settings, "before", previous=True)
    actions = _action_counts(window, previous)
    query = _joined(
        select(Mid.id, Mid.title, Mid.created_at, Participant.id, Participant.name, Participant.voivodeship,
               Edition.code, Network.id, Network.name_pl, Network.name_en, now.c.status, before.c.status,
               now.c.last_report_at, actions.c.live, actions.c.done, actions.c.done_in, actions.c.done_before)
        .select_from(Mid)
    ).join(now, now.c.mid_id == Mid.id).outerjoin(before, before.c.mid_id == Mid.id).outerjoin(
        actions, actions.c.mid_id == Mid.id
    ).where(Mid.created_at <= window.as_of, *where).order_by(network_rank(session, Mid.network_id), Mid.id)
    rows = session.exec(query.execution_options(yield_per=BATCH))
    lines = (_mid_line(row, previous, zone, done_items, reports) for row in rows)
    return within_networks(lines, lambda line: line.network_id, _by_participant)


def _action_counts(window, previous):
    """Per MID: actions live and done at the picture, done in the period and in the one before."""
    first_done, done_at = done_at_column()
    live = and_(Action.status != ActionStatus.dropped.value, Action.created_at <= window.as_of)
    return (
        select(
            Action.mid_id.label("mid_id"),
            func.sum(case((live, 1), else_=0)).label("live"),
            func.sum(case((and_(live, done_at <= window.as_of), 1), else_=0)).label("done"),
            func.sum(case((in_window(done_at, window), 1), else_=0)).label("done_in"),
            func.sum(case((in_window(done_at, previous), 1), else_=0)).label("done_before"),
        )
        .select_from(Action)
        .outerjoin(first_done, first_done.c.action_id == Action.id)
        .group_by(Action.mid_id)
        .subquery("acts")
    )


def _mid_line(row, previous, zone, done_items, reports):
    (mid_id, title, created_at, pid, participant, voivodeship, code, network_id, name_pl, name_en,
     status, previous_status, last_report_at, live, done, done_in, done_before) = row
    return MidLine(
        mid_id=mid_id, title=title, participant_id=pid, participant=participant, voivodeship=voivodeship,
        edition_code=code, network_id=network_id, network_pl=name_pl, network_en=name_en,
        status=LifeStatus(status),
        previous_status=LifeStatus(previous_status) if created_at <= previous.as_of else None,
        actions_live=live or 0, actions_done=done or 0, done_in_period=done_in or 0,
        done_in_previous_period=done_before or 0, last_report_on=_local_day(last_report_at, zone),
        done_items=done_items.get(mid_id, []), reports=reports.get(mid_id, []),
    )


def action_lines(session, picture):
    """Every action done in the period, by network, participant and plan order."""
    window, zone = picture.window, ZoneInfo(picture.settings.timezone)
    first_done, done_at = done_at_column()
    query = _joined(
        select(Network.id, Edition.code, Network.name_pl, Network.name_en, Participant.name, Mid.title,
               Action.title, done_at, Action.responsible_unit, Action.estimated_budget, Action.funding_sources)
        .select_from(Action).join(Mid, Mid.id == Action.mid_id)
    ).outerjoin(first_done, first_done.c.action_id == Action.id).where(
        in_window(done_at, window)
    ).order_by(network_rank(session, Mid.network_id), Mid.id, Action.position, Action.id)
    lines = (
        ActionLine(*row[:7], _local_day(row[7], zone), *row[8:])
        for row in session.exec(query.execution_options(yield_per=BATCH))
    )
    return within_networks(lines, lambda line: line.network_id, _by_participant)


def report_text_lines(session, picture, kind):
    """Reports submitted in the period that say something of ``kind``: barriers, support or practice."""
    window, zone = picture.window, ZoneInfo(picture.settings.timezone)
    categories = _barrier_categories(session, window, []) if kind == "barriers" else {}
    columns = [Network.id, Edition.code, Network.name_pl, Network.name_en, Participant.name, Mid.title]
    rows = _report_rows(session, window, [], columns, [network_rank(session, Mid.network_id), Mid.id])

    def said(texts):
        return {"barriers": texts.barriers_text or texts.barriers, "support": texts.support_needed,
                "practice": texts.good_practice}[kind]

    lines = (ReportTextLine(*row[7:], _texts(row, categories, zone)) for row in rows)
    return within_networks((line for line in lines if said(line.texts)), lambda line: line.network_id,
                           _by_participant)


@dataclass
class ExtensionLine(_InNetwork):
    """A request for more time in one of the period's rounds, and the ministry's answer."""

    edition_code: str
    network_id: int
    network_pl: str
    network_en: str
    participant: str
    mid_title: str
    round_name: str
    extension: object  # DeadlineExtension


def extension_lines(session, picture):
    """Every request for more time in the rounds due in the period, by network and participant."""
    rounds = [round_.id for round_ in period_rounds(session, picture.window)]
    if not rounds:
        return []
    rows = session.exec(_joined(
        select(Edition.code, Network.id, Network.name_pl, Network.name_en, Participant.name, Mid.title,
               ReportingRound.name, DeadlineExtension)
        .select_from(DeadlineExtension)
        .join(Mid, Mid.id == DeadlineExtension.mid_id)
        .join(ReportingRound, ReportingRound.id == DeadlineExtension.round_id)
    ).where(DeadlineExtension.round_id.in_(rounds), DeadlineExtension.requested_at <= picture.window.as_of)
        .order_by(network_rank(session, Mid.network_id), ReportingRound.due_on, DeadlineExtension.id))
    lines = (ExtensionLine(*row) for row in rows)
    return within_networks(lines, lambda line: line.network_id, _by_participant)
