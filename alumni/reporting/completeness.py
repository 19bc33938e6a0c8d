"""Reporting completeness of a round: expected, received and on-time reports (DHIS2's rates).

One definition, used by the dashboard, the API, every export, the reminders' "who is missing"
and the round pages:

- **expected**: MIDs that, on the round's due date, existed (adopted on or before it; a MID
  with no adoption date, entered in the service by then) and were neither ``abandoned`` nor
  ``completed`` (their life status at the end of that day, as recorded, else by the rule);
- **received**: expected MIDs whose report is now ``submitted`` or ``accepted``
  (``states.RECEIVED_STATES``): a draft is not received, nor a report returned to the city
  until it is submitted again;
- **on time**: received, and first submitted by the end of the due day, or of the day a
  granted extension allows;
- **reporting rate** = received / expected; **on-time rate** = on time / expected.

A round whose due date has not passed shows "so far" figures: expected as of ``as_of``.
"Now" is ``as_of``: a report counts once first submitted by then, an extension once granted.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Date, and_, bindparam, case, false, func, literal, literal_column, or_, union_all
from sqlalchemy.orm import aliased
from sqlmodel import select

from ..extensions import effective_due_dates
from ..life_status import NOT_EXPECTED_TO_REPORT, ended_query, recorded_and_kept, statuses_on
from ..life_status.history import recorded_statuses
from ..models import Mid, Network, Report
from ..models.base import UTCDateTime
from .states import first_submitted_at, received_clause


@dataclass
class RateCounts:
    """Expected, received and on-time reports; the reporting rate and the on-time rate."""

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
    """One round's counts in total, by network and by edition."""

    round: object
    is_due: bool  # its due date has passed as of the moment counted
    total: RateCounts = field(default_factory=RateCounts)
    by_network: dict = field(default_factory=lambda: defaultdict(RateCounts))
    by_edition: dict = field(default_factory=lambda: defaultdict(RateCounts))

    def add(self, network_id, edition_id, expected=0, received=0, on_time=0):
        for counts in (self.total, self.by_network[network_id], self.by_edition[edition_id]):
            counts.add(expected, received, on_time)


def is_due(round_, as_of, settings):
    """Whether the round's due date has passed at ``as_of``."""
    return settings.local_date(as_of) > round_.due_on


def extended_deadlines(session, rounds, as_of, settings):
    """{(round_id, mid_id): the last instant a report counts as on time} where a grant moved the date."""
    return {(round_id, mid_id): settings.end_of_day(until)
            for (mid_id, round_id), until in effective_due_dates(session, rounds, as_of).items()}


def due_days_recorded(session, rounds, as_of, settings):
    """The due days of ``rounds`` already due that hold a status record (read, not computed): a
    ``life_status.RecordedDays`` that knows which hold every MID."""
    days = {round_.due_on for round_ in rounds if is_due(round_, as_of, settings)}
    return recorded_and_kept(session, days)[0]


def per_mid(round_, as_of, settings, recorded, deadlines=None, where=(), mid_ids=None):
    """A SELECT of (mid_id, network_id, edition_id, expected, received, on_time, has_draft) per MID.

    The flags are 0 or 1. ``recorded`` is ``due_days_recorded``; ``deadlines`` is
    ``extended_deadlines`` of this round; ``where`` narrows the MIDs (``mid_ids`` too, and lets
    the rule read only their rows).
    """
    query, expected, received, on_time, has_draft = _judged(round_, as_of, settings, recorded, deadlines, where,
                                                            mid_ids)
    return query.add_columns(_flag(expected).label("expected"), _flag(received).label("received"),
                             _flag(on_time).label("on_time"), _flag(has_draft).label("has_draft"))


def _judged(round_, as_of, settings, recorded, deadlines, where, mid_ids):
    """(a SELECT of mid_id, network_id, edition_id; then the conditions expected, received, on time
    and has a draft): the definition in this module's docstring, for ``per_mid`` and ``missing_query``."""
    due = is_due(round_, as_of, settings)
    judged_at = settings.end_of_day(round_.due_on) if due else as_of
    if due:
        # Every MID's status at the end of the due day: as recorded, else by the rule (a MID
        # entered later with an earlier adoption date has no record of that day).
        statuses = statuses_on(round_.id, round_.due_on, settings, recorded, complete=True,
                               mid_ids=mid_ids).subquery("ls")
        ended = statuses.c.status.in_(NOT_EXPECTED_TO_REPORT)
    else:
        # Not yet due: expected as of now; only the rule's abandoned and completed branches matter.
        # Each MID's answer is worked out once (the flags below name it three times, and both
        # databases would otherwise ask the action index again for each).
        statuses = ended_query(as_of, mid_ids).cte(f"ended_{int(round_.id)}").prefix_with("MATERIALIZED")
        ended = statuses.c.status.is_not(None)
    if mid_ids is not None:
        where = [*where, Mid.id.in_(list(mid_ids))]
    return _judged_by(round_.id, statuses, ended, Moments.of(round_, as_of, settings, judged_at, deadlines), where)


def _judged_by(round_id, statuses, ended, moments, where=()):
    """``_judged``'s SELECT and conditions, from the MIDs' ``statuses`` (a subquery of mid_id and
    status) and whether each had ``ended``; ``round_id`` and ``moments`` are values or bound parameters."""
    expected, received, on_time, has_draft = _conditions(moments, Mid, ended, Report)
    query = (
        select(Mid.id.label("mid_id"), Mid.network_id.label("network_id"), Network.edition_id.label("edition_id"))
        .select_from(Mid)
        .join(Network, Network.id == Mid.network_id)
        .join(statuses, statuses.c.mid_id == Mid.id)
        .outerjoin(Report, and_(Report.mid_id == Mid.id, Report.round_id == round_id))
        .where(*where)
    )
    return query, expected, received, on_time, has_draft


@dataclass(frozen=True)
class Moments:
    """When a round is judged, as values or as bound parameters (a statement built once): the day
    and instant MIDs must have existed by, the instant reports count until, the round's deadline,
    and [(mid_id, deadline)] of the MIDs granted more time."""

    day: object
    judged_at: object
    as_of: object
    deadline: object
    extended: tuple = ()

    @classmethod
    def of(cls, round_, as_of, settings, judged_at, deadlines=None):
        """The values for ``round_`` judged at ``judged_at``, with ``deadlines`` (``extended_deadlines``)."""
        moment = UTCDateTime()
        return cls(settings.local_date(judged_at), judged_at, as_of,
                   literal(settings.end_of_day(round_.due_on), moment),
                   tuple((mid_id, literal(at, moment)) for (round_id, mid_id), at in sorted((deadlines or {}).items())
                         if round_id == round_.id))

    @classmethod
    def bound(cls, name, extended):
        """Bound parameters named after ``name`` (``params`` gives their values), ``extended`` MIDs granted time."""
        moment = UTCDateTime()
        return cls(bindparam(f"{name}_day", type_=Date()), bindparam(f"{name}_judged_at", type_=moment),
                   bindparam(f"{name}_as_of", type_=moment), bindparam(f"{name}_deadline", type_=moment),
                   tuple((bindparam(f"{name}_mid_{at}"), bindparam(f"{name}_until_{at}", type_=moment))
                         for at in range(extended)))

    def params(self, name):
        """The values of ``Moments.bound(name, len(self.extended))``."""
        values = {f"{name}_day": self.day, f"{name}_judged_at": self.judged_at, f"{name}_as_of": self.as_of,
                  f"{name}_deadline": self.deadline.value}
        for at, (mid_id, until) in enumerate(self.extended):
            values[f"{name}_mid_{at}"], values[f"{name}_until_{at}"] = mid_id, until.value
        return values


def _conditions(moments, mid, ended, report):
    """(expected, received, on time, has a draft) of the MID whose columns ``mid`` holds (``id``,
    ``adopted_on``, ``created_at``), ``ended`` by then, and its ``report`` (outer-joined; NULL if none),
    judged at ``moments``."""
    existed = or_(mid.adopted_on <= moments.day, and_(mid.adopted_on.is_(None), mid.created_at <= moments.judged_at))
    expected = and_(existed, ~ended)
    first = first_submitted_at(report)
    received = and_(expected, report.id.is_not(None), received_clause(report.state), first <= moments.as_of)
    deadline = moments.deadline
    if moments.extended:
        deadline = case(*((mid.id == mid_id, at) for mid_id, at in moments.extended), else_=deadline)
    on_time = and_(received, first <= deadline)
    has_draft = and_(report.id.is_not(None), ~received_clause(report.state))
    return expected, received, on_time, has_draft


def so_far(round_id, moments, facts, name):
    """A round not yet due, counted beside every MID's life status now: for ``facts`` (a subquery of
    ``life_status.mid_facts`` as of ``moments.as_of``, with ``mid_id``, ``status``, ``adopted_on``
    and ``created_at``), (the round's reports, aliased as ``name``, the condition to outer-join
    them on, and the sums of the expected, received and on-time flags). ``round_id`` and ``moments``
    (judged at ``as_of``) are values or bound parameters.

    The definition above, with "ended" read from the rule's status as of ``as_of``, which is what
    ``ended_query`` asks alone: the dashboard counts the open round in the statement that counts
    today's statuses, instead of asking the rule's first two branches again.
    """
    report = aliased(Report, name=name)
    mid = SimpleNamespace(id=facts.c.mid_id, adopted_on=facts.c.adopted_on, created_at=facts.c.created_at)
    expected, received, on_time, _has_draft = _conditions(
        moments, mid, facts.c.status.in_(NOT_EXPECTED_TO_REPORT), report)
    joined_on = and_(report.mid_id == facts.c.mid_id, report.round_id == round_id)
    return report, joined_on, [func.sum(_flag(condition)) for condition in (expected, received, on_time)]


def _flag(condition):
    return case((condition, literal(1)), else_=literal(0))


def grouped(session, rounds, as_of, settings, columns, where=(), recorded=None, deadlines=None):
    """[(round_id, *values of ``columns``, expected, received, on_time)] of ``rounds``: three queries.

    ``columns`` names columns of ``per_mid`` to group by (``network_id``, ``edition_id``, ``mid_id``);
    ``recorded`` may hold days with a record already looked up (a superset of the due days), and
    ``deadlines`` the rounds' ``extended_deadlines``.
    """
    if not rounds:
        return []
    if recorded is None:
        recorded = due_days_recorded(session, rounds, as_of, settings)
    if deadlines is None:
        deadlines = extended_deadlines(session, rounds, as_of, settings)
    if not where and all(is_due(round_, as_of, settings) and round_.due_on in getattr(recorded, "whole", ())
                         for round_ in rounds):
        return _grouped_on_the_record(session, rounds, as_of, settings, tuple(columns), deadlines)
    branches = []
    for round_ in rounds:
        rows = per_mid(round_, as_of, settings, recorded, deadlines, where).subquery(f"r{round_.id}")
        keys = [rows.c[name] for name in columns]
        branches.append(
            select(literal_column(str(int(round_.id))).label("round_id"), *keys,
                   func.sum(rows.c.expected), func.sum(rows.c.received), func.sum(rows.c.on_time))
            .group_by(*keys)
        )
    return [(int(round_id), *values[:-3], *(int(n or 0) for n in values[-3:]))
            for round_id, *values in session.exec(union_all(*branches))]


def _grouped_on_the_record(session, rounds, as_of, settings, columns, deadlines):
    """``grouped`` of rounds already due whose due day's record holds every MID (the usual case): the
    statement is built once per process for each number of rounds and of MIDs granted more time in
    each, and run with the rounds' values."""
    params, shape = {}, []
    for index, round_ in enumerate(rounds):
        moments = Moments.of(round_, as_of, settings, settings.end_of_day(round_.due_on), deadlines)
        params.update(moments.params(f"r{index}"), **{f"r{index}_round": round_.id, f"r{index}_due_on": round_.due_on})
        shape.append(len(moments.extended))
    return [(rounds[int(index)].id, *values[:-3], *(int(n or 0) for n in values[-3:]))
            for index, *values in session.exec(_on_the_record(columns, tuple(shape)), params=params)]


@lru_cache(maxsize=16)
def _on_the_record(columns, extended):
    branches = []
    for index, granted in enumerate(extended):
        name = f"r{index}"
        statuses = recorded_statuses(index, bindparam(f"{name}_due_on", type_=Date())).subquery(f"ls{index}")
        query, *conditions = _judged_by(bindparam(f"{name}_round"), statuses,
                                        statuses.c.status.in_(NOT_EXPECTED_TO_REPORT), Moments.bound(name, granted))
        rows = query.add_columns(*(_flag(condition).label(label) for condition, label in
                                   zip(conditions, ("expected", "received", "on_time")))).subquery(name)
        keys = [rows.c[column] for column in columns]
        branches.append(select(literal_column(str(index)).label("round_index"), *keys, func.sum(rows.c.expected),
                               func.sum(rows.c.received), func.sum(rows.c.on_time)).group_by(*keys))
    return union_all(*branches)


def completeness(session, rounds, as_of, settings, where=(), recorded=None, deadlines=None):
    """[RoundCompleteness] of ``rounds`` (in their order), in total, by network and by edition."""
    results = {round_.id: RoundCompleteness(round_, is_due(round_, as_of, settings)) for round_ in rounds}
    for round_id, network_id, edition_id, expected, received, on_time in grouped(
        session, rounds, as_of, settings, ("network_id", "edition_id"), where, recorded, deadlines
    ):
        results[round_id].add(network_id, edition_id, expected, received, on_time)
    return [results[round_.id] for round_ in rounds]


def missing_query(round_, as_of, settings, recorded, where=()):
    """A SELECT of (mid_id, has_draft) of the MIDs expected in ``round_`` whose report is not received."""
    query, expected, received, _on_time, has_draft = _judged(round_, as_of, settings, recorded, None, where, None)
    # Filtered on the conditions themselves, not on 0/1 flags: PostgreSQL's planner cannot
    # estimate a filter on a CASE, and chose nested loops for thousands of rows. (Not received
    # where unknown, as the flag's ELSE 0.)
    return query.with_only_columns(Mid.id.label("mid_id"), _flag(has_draft).label("has_draft")) \
        .where(expected, ~func.coalesce(received, false()))


def missing(session, round_, as_of, settings, where=(), recorded=None):
    """{mid_id: has_draft} of the MIDs expected in ``round_`` whose report is not received: two queries."""
    if recorded is None:
        recorded = due_days_recorded(session, [round_], as_of, settings)
    query = missing_query(round_, as_of, settings, recorded, where)
    return {mid_id: bool(draft) for mid_id, draft in session.exec(query)}


def flags_of(session, round_, as_of, settings, mid_ids):
    """{mid_id: (expected, received, on_time, has_draft)} of some MIDs in ``round_``: three queries."""
    if not mid_ids:
        return {}
    query = per_mid(round_, as_of, settings, due_days_recorded(session, [round_], as_of, settings),
                    extended_deadlines(session, [round_], as_of, settings), mid_ids=mid_ids)
    return {row.mid_id: (bool(row.expected), bool(row.received), bool(row.on_time), bool(row.has_draft))
            for row in session.exec(query)}
