"""Reminder analytics: how many reports each kind of message brought in, to tune the schedule.

For each round, every report received (``reporting.completeness``: expected, and submitted or
accepted by ``as_of``) is credited to the **last message about its MID sent before its first
submission** (``reporting.states.first_submitted_at``): an ``opening``, a ``reminder-<N>``, an
``overdue`` notice or the ministry's ``escalation`` digest. It counts as having come in within
1, 3 and 7 days after that message when its first submission followed the message's sending by
at most that many days; otherwise (or when no message preceded it) it came in with no message
in that window. Each window's column therefore adds up to the reports received.

Which messages are about a MID: only e-mails actually sent (``sent_at``) of the round; one to a
coordinator is about every MID of the participants they work for, so one e-mail to a
coordinator of three MIDs may bring in three reports; the ministry's digest is about every MID
of the round (it lists the silent ones). A report first submitted before a message is never
credited to it.

Across rounds: the median number of days from the round's opening day to the local day of
each report's first submission.

The counts come from two statements whatever the number of MIDs (the received reports joined
with the sent messages, the last message picked by a window function; the e-mails sent per
kind), plus the status-record lookup completeness needs.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from babel.lists import format_list
from flask_babel import get_locale, lazy_gettext as _l
from sqlalchemy import Integer, and_, cast, func, literal_column, null, or_, type_coerce, union_all
from sqlmodel import select

from .models import Mid, OutboxChannel, OutboxMessage, OutboxStatus, Report, ReportingRound, UserParticipant
from .models.base import UTCDateTime
from .reminders import ESCALATION, OPENING, OVERDUE, kind_label
from .reporting.completeness import due_days_recorded, per_mid
from .reporting.states import first_submitted_at
from .workshop.order import networks_in_order

WINDOWS_DAYS = (1, 3, 7)
NO_MESSAGE = "none"  # the row of reports that came in with no message in the window
NO_MESSAGE_LABEL = _l("no message in the window")


def is_reminder_kind(kind):
    """Whether ``kind`` is one of the round's messages: opening, reminder-<N>, overdue, escalation."""
    return kind in (OPENING, OVERDUE, ESCALATION) or (kind.startswith("reminder-") and kind[9:].isdigit())


def kind_order(kind):
    """Schedule order: opening, reminders (furthest from the due date first), overdue, escalation."""
    if kind == OPENING:
        return (0, 0)
    if kind.startswith("reminder-") and kind[9:].isdigit():
        return (1, -int(kind[9:]))
    return {OVERDUE: (2, 0), ESCALATION: (3, 0)}.get(kind, (4, 0))


def row_label(kind):
    return NO_MESSAGE_LABEL if kind == NO_MESSAGE else kind_label(kind)


@dataclass
class Effect:
    """Reports received, by the message that preceded them and the window they came in."""

    received: int = 0
    # {kind or NO_MESSAGE: [reports within each of WINDOWS_DAYS]}
    within: dict = field(default_factory=lambda: defaultdict(lambda: [0] * len(WINDOWS_DAYS)))
    days_from_opening: list = field(default_factory=list)

    def add(self, kind, elapsed, days_from_opening):
        self.received += 1
        self.days_from_opening.append(days_from_opening)
        for index, days in enumerate(WINDOWS_DAYS):
            came_after = kind is not None and elapsed <= timedelta(days=days)
            self.within[kind if came_after else NO_MESSAGE][index] += 1

    def counts(self, kind):
        """[reports within 1, 3, 7 days] of ``kind`` (or NO_MESSAGE)."""
        return list(self.within.get(kind, [0] * len(WINDOWS_DAYS)))

    def after_a_message(self, index):
        """Reports that came in within WINDOWS_DAYS[index] days after some message."""
        return self.received - self.counts(NO_MESSAGE)[index]

    @property
    def median_days(self):
        """The median days from the round's opening to a first submission (None without reports)."""
        return median(self.days_from_opening) if self.days_from_opening else None


@dataclass
class RoundEffect:
    """One round's reminder effect: in total, by edition and by network."""

    round: ReportingRound
    kinds: list                                      # the kinds of message sent in it, in schedule order
    sent: dict = field(default_factory=dict)         # {kind: e-mails sent}
    total: Effect = field(default_factory=Effect)
    by_edition: dict = field(default_factory=lambda: defaultdict(Effect))
    by_network: dict = field(default_factory=lambda: defaultdict(Effect))

    @property
    def rows(self):
        """The kinds, then NO_MESSAGE: the rows of a table whose columns add up to the reports received."""
        return [*self.kinds, NO_MESSAGE]


def rounds_opened(session, today):
    """The rounds open by ``today``, the latest first."""
    return session.exec(
        select(ReportingRound).where(ReportingRound.opens_on <= today)
        .order_by(ReportingRound.opens_on.desc(), ReportingRound.id.desc())
    ).all()


def reminder_effect(session, rounds, as_of, settings):
    """[RoundEffect] of ``rounds`` (in their order) as of ``as_of``: a constant number of statements."""
    if not rounds:
        return []
    sent = _sent_counts(session, [round_.id for round_ in rounds])
    results = {
        round_.id: RoundEffect(round_, sorted(sent.get(round_.id, {}), key=kind_order), dict(sent.get(round_.id, {})))
        for round_ in rounds
    }
    for row in session.exec(_credited(rounds, as_of, settings, due_days_recorded(session, rounds, as_of, settings))):
        result = results[int(row.round_id)]
        elapsed = row.first_at - row.sent_at if row.sent_at is not None else None
        days = (settings.local_date(row.first_at) - result.round.opens_on).days
        for effect in (result.total, result.by_edition[row.edition_id], result.by_network[row.network_id]):
            effect.add(row.kind, elapsed, days)
    return [results[round_.id] for round_ in rounds]


def _sent_counts(session, round_ids):
    """{round_id: {kind: e-mails sent}} of the rounds' reminder messages."""
    counts = defaultdict(dict)
    for round_id, kind, count in session.exec(
        select(OutboxMessage.round_id, OutboxMessage.kind, func.count())
        .where(_sent(round_ids)).group_by(OutboxMessage.round_id, OutboxMessage.kind)
    ):
        if is_reminder_kind(kind):
            counts[round_id][kind] = count
    return counts


def _sent(round_ids):
    return and_(
        OutboxMessage.round_id.in_(round_ids), OutboxMessage.channel == OutboxChannel.email.value,
        OutboxMessage.status == OutboxStatus.sent.value, OutboxMessage.sent_at.is_not(None),
        or_(OutboxMessage.kind.in_([OPENING, OVERDUE, ESCALATION]), OutboxMessage.kind.like("reminder-%")),
    )


def _messages(round_ids):
    """(round_id, participant_id, kind, sent_at) of the sent messages; the ministry's digest for every participant (NULL)."""
    to_coordinators = (
        select(OutboxMessage.round_id, UserParticipant.participant_id, OutboxMessage.kind, OutboxMessage.sent_at)
        .join(UserParticipant, UserParticipant.user_id == OutboxMessage.user_id)
        .where(_sent(round_ids), OutboxMessage.kind != ESCALATION)
    )
    to_ministry = (
        select(OutboxMessage.round_id, cast(null(), Integer).label("participant_id"), OutboxMessage.kind,
               OutboxMessage.sent_at)
        .where(_sent(round_ids), OutboxMessage.kind == ESCALATION)
    )
    return union_all(to_coordinators, to_ministry).subquery("messages")


def _received(rounds, as_of, settings, recorded):
    """(round_id, mid_id, network_id, edition_id) of the reports received, as completeness counts them."""
    branches = []
    for round_ in rounds:
        rows = per_mid(round_, as_of, settings, recorded).subquery(f"r{round_.id}")
        branches.append(
            select(literal_column(str(int(round_.id))).label("round_id"), rows.c.mid_id, rows.c.network_id,
                   rows.c.edition_id).where(rows.c.received == 1)
        )
    return union_all(*branches).subquery("received")


def _credited(rounds, as_of, settings, recorded):
    """A SELECT of each received report with the last message about its MID sent before it (or NULLs)."""
    received = _received(rounds, as_of, settings, recorded)
    reports = (
        select(received.c.round_id, received.c.mid_id, received.c.network_id, received.c.edition_id,
               Mid.participant_id, first_submitted_at().label("first_at"))
        .select_from(received)
        .join(Mid, Mid.id == received.c.mid_id)
        .join(Report, and_(Report.mid_id == received.c.mid_id, Report.round_id == received.c.round_id))
        .subquery("reports")
    )
    messages = _messages([round_.id for round_ in rounds])
    place = func.row_number().over(
        partition_by=(reports.c.round_id, reports.c.mid_id),
        order_by=(messages.c.sent_at.desc(), messages.c.kind.desc()),
    ).label("place")
    paired = (
        select(reports.c.round_id, reports.c.network_id, reports.c.edition_id, reports.c.first_at,
               messages.c.kind, messages.c.sent_at, place)
        .select_from(reports)
        .outerjoin(messages, and_(
            messages.c.round_id == reports.c.round_id,
            or_(messages.c.participant_id == reports.c.participant_id, messages.c.participant_id.is_(None)),
            messages.c.sent_at <= reports.c.first_at,
        ))
        .subquery("paired")
    )
    return select(
        paired.c.round_id, paired.c.network_id, paired.c.edition_id,
        type_coerce(paired.c.first_at, UTCDateTime()).label("first_at"), paired.c.kind,
        type_coerce(paired.c.sent_at, UTCDateTime()).label("sent_at"),
    ).where(paired.c.place == 1)


@dataclass(frozen=True)
class Line:
    """A row of the table by edition and network: an edition's subtotal (``network`` None) or a network."""

    edition: object
    network: object
    effect: Effect


@dataclass
class AnalyticsPage:
    rounds: list                 # RoundEffect of every round opened, the latest first
    selected: RoundEffect | None  # the round shown by message and by network
    lines: list                  # Line, by edition then network (those with a report received)
    days: int                    # the window of the table by network (one of WINDOWS_DAYS)
    schedule: dict               # the settings the schedule is tuned with

    @property
    def window_index(self):
        return WINDOWS_DAYS.index(self.days)


def schedule_settings(config):
    """The settings the reminder schedule is tuned with, as the page states them (offsets: "14 i 3")."""
    offsets = sorted({int(n) for n in config["REMINDER_OFFSETS_DAYS"] if int(n) >= 0}, reverse=True)
    return {
        "offsets": format_list([str(n) for n in offsets], locale=get_locale()) if offsets else "—",
        "min_gap": config["REMINDER_MIN_GAP_DAYS"], "overdue": config["OVERDUE_AFTER_DAYS"],
        "escalation": config["ESCALATION_AFTER_DAYS"],
    }


def analytics_page(session, config, as_of, settings, round_id=None, days=None):
    """Every round opened by ``as_of`` with its reminder effect; ``round_id`` picks the round detailed."""
    rounds = rounds_opened(session, settings.local_date(as_of))
    effects = reminder_effect(session, rounds, as_of, settings)
    selected = next((effect for effect in effects if effect.round.id == round_id), effects[0] if effects else None)
    lines = []
    if selected is not None:
        networks = networks_in_order(session)
        for edition_id in dict.fromkeys(edition.id for _network, edition in networks):
            members = [(network, edition) for network, edition in networks
                       if edition.id == edition_id and selected.by_network.get(network.id)]
            if selected.by_edition.get(edition_id):
                lines.append(Line(members[0][1], None, selected.by_edition[edition_id]))
                lines += [Line(edition, network, selected.by_network[network.id]) for network, edition in members]
    days = days if days in WINDOWS_DAYS else 3
    return AnalyticsPage(effects, selected, lines, days, schedule_settings(config))
