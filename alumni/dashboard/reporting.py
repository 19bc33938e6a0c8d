"""Reporting completeness per round, network and edition (DHIS2's reporting and on-time rates), and silent MIDs.

A MID is expected to report in a round when, as of the round's due date (or now, for a round
not yet due), it existed and was neither abandoned nor completed; a MID that reported anyway
is expected too, so that no rate passes 100%. A report counts once it is submitted; it is on
time when submitted by the end of the due day, or of the day a granted extension allows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, literal_column, or_, union_all
from sqlmodel import select

from ..models import (
    DeadlineExtension, Edition, Mid, Network, Participant, Report, ReportingRound, Role, User, UserParticipant,
)
from .common import NOT_EXPECTED_TO_REPORT, Outcome
from .snapshots import statuses_on


@dataclass
class RateCounts:
    """Expected, received and on-time reports; DHIS2's reporting rate and on-time rate."""

    expected: int = 0
    received: int = 0
    on_time: int = 0

    def add(self, expected=0, received=0, on_time=0):
        self.expected += expected
        self.received += received
        self.on_time += on_time

    @property
    def late(self):
        return self.received - self.on_time

    @property
    def missing(self):
        return self.expected - self.received

    @property
    def reporting_rate(self):
        return self.received / self.expected if self.expected else None

    @property
    def on_time_rate(self):
        return self.on_time / self.expected if self.expected else None


@dataclass
class RoundCompleteness:
    round: ReportingRound
    is_due: bool  # its due date has passed as of the dashboard's date
    total: RateCounts = field(default_factory=RateCounts)
    by_network: dict = field(default_factory=lambda: defaultdict(RateCounts))
    by_edition: dict = field(default_factory=lambda: defaultdict(RateCounts))

    def add(self, network_id, edition_id, expected=0, received=0, on_time=0):
        for counts in (self.total, self.by_network[network_id], self.by_edition[edition_id]):
            counts.add(expected, received, on_time)


def rounds_in_view(session, as_of, settings, limit=8):
    """The latest ``limit`` rounds opened by ``as_of``, oldest first."""
    today = settings.local_date(as_of)
    query = (
        select(ReportingRound)
        .where(ReportingRound.opens_on <= today)
        .order_by(ReportingRound.due_on.desc(), ReportingRound.id.desc())
        .limit(limit)
    )
    return list(reversed(session.exec(query).all()))


def last_due_round(rounds, as_of, settings):
    """The latest round already due (the one the life-status rule looks at), among ``rounds``."""
    today = settings.local_date(as_of)
    due = [round_ for round_ in rounds if round_.due_on < today]
    return max(due, key=lambda round_: (round_.due_on, round_.id)) if due else None


def open_rounds(rounds, as_of, settings):
    """The rounds among ``rounds`` opened and not yet due."""
    today = settings.local_date(as_of)
    return [round_ for round_ in rounds if round_.opens_on <= today <= round_.due_on]


def round_completeness(session, rounds, as_of, settings, recorded, states):
    """Expected, received and on-time reports for each round, by network and edition: two queries.

    For a round already due, whether a MID was expected is read from its status on the due day
    (recorded or computed, see ``snapshots``); for a round not yet due, from ``states``
    (``states.current_states`` with these open rounds), where every report so far is on time.
    """
    today = settings.local_date(as_of)
    results = {round_.id: RoundCompleteness(round_, round_.due_on < today) for round_ in rounds}
    due = [round_ for round_ in rounds if round_.due_on < today]
    if due:
        branches = union_all(*(_round_branch(round_, as_of, settings, recorded) for round_ in due))
        for round_id, network_id, edition_id, expected, received, on_time in session.exec(branches):
            results[round_id].add(network_id, edition_id, int(expected or 0), int(received or 0), int(on_time or 0))
        for round_id, network_id, edition_id, submitted_at, granted_until in session.exec(
            _extended_reports(due, as_of)
        ):
            if settings.local_date(submitted_at) <= max(granted_until, results[round_id].round.due_on):
                results[round_id].add(network_id, edition_id, on_time=1)
    for index, round_ in enumerate(states.open_rounds):
        if round_.id not in results:
            continue
        groups = Counter(
            (row.network_id, row.edition_id, getattr(row, f"reported_open_{index}"),
             bool(row.existed) and row.status not in NOT_EXPECTED_TO_REPORT)
            for row in states.rows
        )
        for (network_id, edition_id, received, active), n in groups.items():
            if received or active:
                results[round_.id].add(network_id, edition_id, n, n * received, n * received)
    return [results[round_.id] for round_ in rounds]


def _granted(round_id, as_of):
    return and_(
        DeadlineExtension.round_id == round_id,
        DeadlineExtension.granted_until.is_not(None),
        DeadlineExtension.decided_at <= as_of,
    )


def _round_branch(round_, as_of, settings, recorded):
    cutoff = settings.end_of_day(round_.due_on)
    statuses = statuses_on(round_.id, round_.due_on, settings, recorded).subquery("ls")
    report = (
        select(Report.mid_id, Report.submitted_at)
        .where(Report.round_id == round_.id, Report.submitted_at <= as_of)
        .subquery("rep")
    )
    extension = select(DeadlineExtension.mid_id).where(_granted(round_.id, as_of)).subquery("ext")
    received = report.c.mid_id.is_not(None)
    expected = or_(received, and_(statuses.c.status.not_in(NOT_EXPECTED_TO_REPORT), Mid.created_at <= cutoff))
    # Reports under a granted extension are judged against it separately (_extended_reports).
    on_time = and_(received, extension.c.mid_id.is_(None),
                   report.c.submitted_at <= settings.end_of_day(round_.due_on))
    return (
        select(
            literal_column(str(int(round_.id))).label("round_id"),
            Mid.network_id,
            Network.edition_id,
            func.sum(case((expected, 1), else_=0)),
            func.sum(case((received, 1), else_=0)),
            func.sum(case((on_time, 1), else_=0)),
        )
        .select_from(Mid)
        .join(Network, Network.id == Mid.network_id)
        .join(statuses, statuses.c.mid_id == Mid.id)
        .outerjoin(report, report.c.mid_id == Mid.id)
        .outerjoin(extension, extension.c.mid_id == Mid.id)
        .group_by(Mid.network_id, Network.edition_id)
    )


def _extended_reports(rounds, as_of):
    return (
        select(Report.round_id, Mid.network_id, Network.edition_id, Report.submitted_at,
               DeadlineExtension.granted_until)
        .join(Mid, Mid.id == Report.mid_id)
        .join(Network, Network.id == Mid.network_id)
        .join(DeadlineExtension, and_(DeadlineExtension.mid_id == Report.mid_id,
                                      DeadlineExtension.round_id == Report.round_id))
        .where(
            Report.round_id.in_([round_.id for round_ in rounds]),
            Report.submitted_at <= as_of,
            DeadlineExtension.granted_until.is_not(None),
            DeadlineExtension.decided_at <= as_of,
        )
    )


@dataclass
class SilentMid:
    mid: Mid
    participant: Participant
    network: Network
    edition: Edition
    outcome: Outcome
    coordinators: list = field(default_factory=list)  # active coordinators (User)


@dataclass
class SilentMids:
    round: ReportingRound | None
    total: int = 0
    rows: list = field(default_factory=list)


# Not chased: their own life has ended, or it goes on elsewhere.
_NOT_CHASED = (Outcome.abandoned.value, Outcome.completed.value, Outcome.absorbed.value)


def silent_ids(states):
    """Ids of the MIDs of ``states`` with no report in its last due round, in programme order.

    Those that existed by its due date and are neither abandoned, completed nor absorbed.
    """
    if states.last_due is None:
        return []
    return [row.mid_id for row in states.rows
            if not row.reported_last_due and row.existed_at_last_due and row.outcome not in _NOT_CHASED]


def silent_mids(session, states, limit=25, offset=0):
    """The silent MIDs of ``states`` (a slice), with their active coordinators: two queries."""
    result = SilentMids(states.last_due)
    ids = silent_ids(states)
    result.total = len(ids)
    page = ids[offset:offset + limit]
    if not page:
        return result
    rows = session.exec(
        select(Mid, Participant, Network, Edition)
        .join(Participant, Participant.id == Mid.participant_id)
        .join(Network, Network.id == Mid.network_id)
        .join(Edition, Edition.id == Network.edition_id)
        .where(Mid.id.in_(page))
    ).all()
    outcomes = {row.mid_id: row.outcome for row in states.rows if row.mid_id in set(page)}
    coordinators = coordinators_of(session, {participant.id for _mid, participant, _n, _e in rows})
    by_id = {mid.id: (mid, participant, network, edition) for mid, participant, network, edition in rows}
    for mid_id in page:
        mid, participant, network, edition = by_id[mid_id]
        result.rows.append(SilentMid(mid, participant, network, edition, Outcome(outcomes[mid_id]),
                                     coordinators.get(participant.id, [])))
    return result


def coordinators_of(session, participant_ids):
    """{participant_id: [active coordinators]} in one query."""
    if not participant_ids:
        return {}
    query = (
        select(UserParticipant.participant_id, User)
        .join(User, User.id == UserParticipant.user_id)
        .where(
            UserParticipant.participant_id.in_(sorted(participant_ids)),
            User.role == Role.coordinator.value,
            User.is_active.is_(True),
            User.anonymised_at.is_(None),
        )
        .order_by(User.name, User.email)
    )
    found = defaultdict(list)
    for participant_id, user in session.exec(query):
        found[participant_id].append(user)
    return found
