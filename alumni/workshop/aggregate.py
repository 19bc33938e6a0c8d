"""The year's picture for the alumni workshop, shared by the web, the CLI and the job.

Every figure comes from set-based queries (GROUP BY network, or by MID for a city's brief):
the number of queries does not grow with the number of MIDs. Life status comes from
``alumni.life_status`` only; for a day already past, the status the life-status job recorded
that day is preferred, so that a year-old picture is not redrawn with today's plans.

What "in the period" means (the window of ``window.py``):
- an action is done in it when it is ``done`` now and became so in it: at the first
  submitted report that said so, or at its last change if that came earlier;
- an action is started in it when its planned start falls in it and it is under way or done;
- a milestone is achieved in it when its achieved date falls in it;
- reports, funding and barriers count when the report was submitted in it;
- a round is the period's when its due date falls in it; its expected, received and on-time
  reports are those of ``alumni.reporting.completeness``, as of the window's end.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, type_coerce
from sqlmodel import select

from ..life_status import StatusSettings
from ..clock import Calendar
from ..models import (
    Action, ActionStatus, LifeStatus, Mid, MidStatusRecord, Milestone, Report,
    ReportActionUpdate, ReportBarrier, ReportFunding, ReportingRound,
)
from ..models.base import UTCDateTime
from ..reporting.completeness import grouped
from ..reporting.states import received_clause
from .order import networks_in_order
from .window import window_for, workshops_by_year

_UNDER_WAY = (ActionStatus.in_progress.value, ActionStatus.delayed.value, ActionStatus.suspended.value,
              ActionStatus.done.value)


@dataclass(frozen=True)
class PictureSettings(StatusSettings):
    """The life-status rule's settings, and per window (current, previous) whether its last day is
    past, so that the statuses the life-status job recorded that day are preferred."""

    use_records: tuple = (False, False)


@dataclass
class Figures:
    """What a network (or a sum of networks, or one MID) shows over one window."""

    mids: int = 0
    statuses: Counter = field(default_factory=Counter)
    actions_live: int = 0           # actions not dropped, that existed at the picture
    actions_done: int = 0           # of those, done by the picture
    done_in_period: int = 0
    started_in_period: int = 0
    milestones_achieved: int = 0
    reports_expected: int = 0
    reports_received: int = 0
    reports_on_time: int = 0
    funding: dict = field(default_factory=dict)       # source -> Decimal (PLN)
    barriers: Counter = field(default_factory=Counter)  # BarrierCategory -> reports naming it

    @property
    def share_done(self):
        return self.actions_done / self.actions_live if self.actions_live else None

    @property
    def completeness(self):
        return self.reports_received / self.reports_expected if self.reports_expected else None

    @property
    def on_time_rate(self):
        return self.reports_on_time / self.reports_expected if self.reports_expected else None

    @property
    def funding_total(self):
        return sum(self.funding.values(), Decimal("0.00"))

    @property
    def barriers_total(self):
        return sum(self.barriers.values())

    @property
    def alive(self):
        return self.statuses[LifeStatus.active] + self.statuses[LifeStatus.at_risk]

    def __add__(self, other):
        funding = dict(self.funding)
        for source, amount in other.funding.items():
            funding[source] = funding.get(source, Decimal("0.00")) + amount
        return Figures(
            mids=self.mids + other.mids,
            statuses=self.statuses + other.statuses,
            actions_live=self.actions_live + other.actions_live,
            actions_done=self.actions_done + other.actions_done,
            done_in_period=self.done_in_period + other.done_in_period,
            started_in_period=self.started_in_period + other.started_in_period,
            milestones_achieved=self.milestones_achieved + other.milestones_achieved,
            reports_expected=self.reports_expected + other.reports_expected,
            reports_received=self.reports_received + other.reports_received,
            reports_on_time=self.reports_on_time + other.reports_on_time,
            funding=funding,
            barriers=self.barriers + other.barriers,
        )


@dataclass
class NetworkLine:
    """One row of the summary: a network, an edition's subtotal (``network_id`` None) or the total."""

    kind: str  # "network", "edition", "total"
    edition_code: str
    network_id: int | None
    name_pl: str
    name_en: str
    current: Figures
    previous: Figures

    def name(self, language):
        return self.name_en if language == "en" else self.name_pl


@dataclass
class WorkshopPicture:
    year: int
    window: object
    previous_window: object
    workshop: object            # the Workshop of the year, or None
    generated_at: datetime
    networks: list              # NetworkLine per network, by edition then name
    editions: list              # NetworkLine per edition (subtotals)
    total: NetworkLine
    settings: PictureSettings

    @property
    def mid_count(self):
        return self.total.current.mids


def status_subquery(window, settings, name, previous=False):
    """(mid_id, status, last_report_at) of every MID at the window's picture."""
    computed = settings.status_query(window.as_of).subquery(f"{name}_computed")
    if not settings.use_records[previous]:
        return computed
    recorded = (
        select(MidStatusRecord.mid_id, MidStatusRecord.status)
        .where(MidStatusRecord.recorded_on == window.last_day)
        .subquery(f"{name}_recorded")
    )
    return (
        select(
            computed.c.mid_id,
            func.coalesce(recorded.c.status, computed.c.status).label("status"),
            computed.c.last_report_at,
        )
        .outerjoin(recorded, recorded.c.mid_id == computed.c.mid_id)
        .subquery(name)
    )


def done_at_column():
    """When an action became done (None unless it is done now), as one SQL expression."""
    first_done = (
        select(ReportActionUpdate.action_id, func.min(Report.submitted_at).label("at"))
        .join(Report, Report.id == ReportActionUpdate.report_id)
        .where(ReportActionUpdate.status == ActionStatus.done.value, Report.submitted_at.is_not(None))
        .group_by(ReportActionUpdate.action_id)
        .subquery("first_done")
    )
    is_done = Action.status == ActionStatus.done.value
    column = type_coerce(
        case(
            (and_(is_done, first_done.c.at < Action.updated_at), first_done.c.at),
            (is_done, Action.updated_at),
            else_=None,
        ),
        UTCDateTime(),
    )
    return first_done, column


def in_window(column, window):
    """``column`` (an aware datetime) falls within the window."""
    return and_(column >= window.starts_at, column <= window.as_of)


def submitted_in(window):
    """A report counts for the window: received (``reporting.states``) and submitted within it."""
    return and_(in_window(Report.submitted_at, window), received_clause(Report.state))


def figures_by(session, window, settings, key, where=(), previous=False):
    """{key value: Figures} over ``window``, grouped by ``key`` (``Mid.network_id`` or ``Mid.id``)."""
    figures = {}

    def at(value):
        return figures.setdefault(value, Figures())

    statuses = status_subquery(window, settings, "st", previous)
    exists = [Mid.created_at <= window.as_of, *where]
    for value, status, count in session.exec(
        select(key, statuses.c.status, func.count())
        .join(statuses, statuses.c.mid_id == Mid.id)
        .where(*exists)
        .group_by(key, statuses.c.status)
    ):
        at(value).statuses[LifeStatus(status)] += count
        at(value).mids += count

    first_done, done_at = done_at_column()
    live = and_(Action.status != ActionStatus.dropped.value, Action.created_at <= window.as_of)
    started = and_(Action.planned_start >= window.first_day, Action.planned_start <= window.last_day,
                   Action.status.in_(_UNDER_WAY))
    for value, live_count, done, done_in, started_in in session.exec(
        select(
            key,
            func.sum(case((live, 1), else_=0)),
            func.sum(case((and_(live, done_at <= window.as_of), 1), else_=0)),
            func.sum(case((in_window(done_at, window), 1), else_=0)),
            func.sum(case((started, 1), else_=0)),
        )
        .select_from(Action)
        .join(Mid, Mid.id == Action.mid_id)
        .outerjoin(first_done, first_done.c.action_id == Action.id)
        .where(*exists)
        .group_by(key)
    ):
        row = at(value)
        row.actions_live, row.actions_done = live_count or 0, done or 0
        row.done_in_period, row.started_in_period = done_in or 0, started_in or 0

    for value, count in session.exec(
        select(key, func.count())
        .select_from(Milestone)
        .join(Mid, Mid.id == Milestone.mid_id)
        .where(Milestone.achieved_on >= window.first_day, Milestone.achieved_on <= window.last_day, *where)
        .group_by(key)
    ):
        at(value).milestones_achieved = count

    _report_counts(session, window, settings, key, where, at)

    for value, source, amount in session.exec(
        select(key, ReportFunding.source, func.sum(ReportFunding.amount))
        .select_from(ReportFunding)
        .join(Report, Report.id == ReportFunding.report_id)
        .join(Mid, Mid.id == Report.mid_id)
        .where(submitted_in(window), *where)
        .group_by(key, ReportFunding.source)
    ):
        at(value).funding[source] = Decimal(amount).quantize(Decimal("0.01"))

    for value, category, count in session.exec(
        select(key, ReportBarrier.category, func.count())
        .select_from(ReportBarrier)
        .join(Report, Report.id == ReportBarrier.report_id)
        .join(Mid, Mid.id == Report.mid_id)
        .where(submitted_in(window), *where)
        .group_by(key, ReportBarrier.category)
    ):
        at(value).barriers[category] += count
    return figures


def period_rounds(session, window):
    """The reporting rounds due in the window, by due date."""
    return session.exec(
        select(ReportingRound)
        .where(ReportingRound.due_on >= window.first_day, ReportingRound.due_on <= window.last_day)
        .order_by(ReportingRound.due_on, ReportingRound.id)
    ).all()


def _report_counts(session, window, settings, key, where, at):
    """Expected, received and on-time reports of the window's rounds, as of its end."""
    column = "mid_id" if key is Mid.id else "network_id"
    rounds = period_rounds(session, window)
    for _round_id, value, expected, received, on_time in grouped(
        session, rounds, window.as_of, settings, (column,), where
    ):
        figures = at(value)
        figures.reports_expected += expected
        figures.reports_received += received
        figures.reports_on_time += on_time


def _settings(session, year, clock, dormant_after_days, timezone):
    today = Calendar(timezone).local_date(clock)
    current = window_for(session, year, clock, timezone)
    previous = window_for(session, year - 1, clock, timezone)
    return current, previous, PictureSettings(
        timezone=timezone, dormant_after_days=dormant_after_days,
        use_records=(current.last_day < today, previous.last_day < today))


def workshop_picture(session, year, clock, dormant_after_days=365, timezone="Europe/Warsaw"):
    """The whole year's picture by network, edition and in total, with the year before."""
    window, previous, settings = _settings(session, year, clock, dormant_after_days, timezone)
    now = figures_by(session, window, settings, Mid.network_id)
    before = figures_by(session, previous, settings, Mid.network_id, previous=True)
    lines = [
        NetworkLine("network", edition.code, network.id, network.name_pl, network.name_en,
                    now.get(network.id, Figures()), before.get(network.id, Figures()))
        for network, edition in networks_in_order(session)
    ]
    editions = []
    for code in dict.fromkeys(line.edition_code for line in lines):
        members = [line for line in lines if line.edition_code == code]
        editions.append(_sum_lines("edition", code, members))
    return WorkshopPicture(
        year=year, window=window, previous_window=previous,
        workshop=workshops_by_year(session, [year]).get(year),
        generated_at=clock, networks=lines, editions=editions,
        total=_sum_lines("total", "", lines), settings=settings,
    )


def picture_for_app(session, app, year, as_of):
    """``workshop_picture`` as of ``as_of`` with the app's settings (dormancy, time zone)."""
    return workshop_picture(session, year, as_of, app.config["DORMANT_AFTER_DAYS"], app.config["TIMEZONE"])


def _sum_lines(kind, code, lines):
    current, previous = Figures(), Figures()
    for line in lines:
        current, previous = current + line.current, previous + line.previous
    return NetworkLine(kind, code, None, code, code, current, previous)
