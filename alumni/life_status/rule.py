"""The rule of a MID's life status, computed for every MID (or some) in one set-based query.

First match wins:
1. abandoned: ``abandoned_at`` on or before ``as_of``;
2. completed: it has actions, all ``done`` or ``dropped``, at least one ``done``;
3. dormant: no activity (report submitted, action or milestone changed) in the
   ``DORMANT_AFTER_DAYS`` days before ``as_of``;
4. at_risk: no received report (``reporting.states``) in the latest round already due; an
   action past its planned end and not closed; an action ``delayed`` or ``suspended``;
5. active.
"""

from datetime import timedelta
from functools import lru_cache

from sqlalchemy import Date, and_, bindparam, case, func, literal, or_
from sqlalchemy.sql import Select
from sqlmodel import select

from ..clock import DEFAULT_TIMEZONE, Calendar
from ..models import Action, ActionStatus, LifeStatus, Mid, Milestone, Report, ReportingRound
from ..models.base import UTCDateTime
from ..reporting.states import first_submitted_at, received_clause

DEFAULT_DORMANT_AFTER_DAYS = 365
_CLOSED = (ActionStatus.done.value, ActionStatus.dropped.value)
_STALLED = (ActionStatus.delayed.value, ActionStatus.suspended.value)


def _abandoned(as_of):
    """The rule's first branch."""
    return and_(Mid.abandoned_at.is_not(None), Mid.abandoned_at <= as_of), literal(LifeStatus.abandoned.value)


def _ended(as_of, actions):
    """The rule's first two branches (abandoned, completed) from each MID's counted actions."""
    return (
        _abandoned(as_of),
        (
            and_(actions.c.total > 0, actions.c.closed == actions.c.total, actions.c.done > 0),
            literal(LifeStatus.completed.value),
        ),
    )


def ended_query(as_of, mid_ids=None):
    """A SELECT of (mid_id, status): ``abandoned`` or ``completed`` where the rule says so as of
    ``as_of``, else NULL. The rule's first two branches alone, for what needs only them (who is
    expected to report in a round not yet due), without reading every MID's activity.

    "Completed" is asked as two questions of the index on (mid_id, status): a done action, and
    no open one. That is the rule's second branch (actions, all done or dropped, one done) without
    counting each MID's actions.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    ids = mid_ids if mid_ids is None or isinstance(mid_ids, Select) else list(mid_ids)

    def any_action(condition):
        return select(Action.id).where(Action.mid_id == Mid.id, condition).exists()

    completed = and_(any_action(Action.status == ActionStatus.done.value), ~any_action(Action.status.not_in(_CLOSED)))
    query = select(
        Mid.id.label("mid_id"),
        case(
            _abandoned(as_of),
            (completed, literal(LifeStatus.completed.value)),
            else_=None,
        ).label("status"),
    )
    return query if ids is None else query.where(Mid.id.in_(ids))


def life_status_query(as_of, dormant_after_days=DEFAULT_DORMANT_AFTER_DAYS, timezone=DEFAULT_TIMEZONE,
                      mid_ids=None):
    """A SELECT of (mid_id, status, last_activity_at) for every MID (or those in ``mid_ids``), as of ``as_of``.

    ``mid_ids`` is a collection of ids or a SELECT of one column of ids (read by the database).
    """
    today, cutoff = _moments(as_of, dormant_after_days, timezone)
    ids = mid_ids if mid_ids is None or isinstance(mid_ids, Select) else list(mid_ids)
    return _rule(as_of, cutoff, today, ids)


def prepared_life_status_query(as_of, dormant_after_days=DEFAULT_DORMANT_AFTER_DAYS, timezone=DEFAULT_TIMEZONE,
                               mid_ids=None):
    """The same SELECT built once with bound parameters, and the parameters to run it with.

    For running the rule on its own (not inside a larger query): building the statement costs
    more than running it for one MID, so it is built once per process.
    """
    today, cutoff = _moments(as_of, dormant_after_days, timezone)
    params = {"rule_as_of": as_of, "rule_cutoff": cutoff, "rule_today": today}
    if mid_ids is not None:
        params["rule_ids"] = list(mid_ids)
    return _prepared(mid_ids is not None), params


def bound_life_status_query():
    """The rule's SELECT for every MID, built once with bound parameters: for a larger statement
    built once too, run with ``prepared_life_status_query``'s parameters."""
    return _prepared(False)


@lru_cache(maxsize=2)
def _prepared(some):
    ids = bindparam("rule_ids", expanding=True) if some else None
    return _rule(bindparam("rule_as_of", type_=UTCDateTime()), bindparam("rule_cutoff", type_=UTCDateTime()),
                 bindparam("rule_today", type_=Date()), ids)


def _moments(as_of, dormant_after_days, timezone):
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    return Calendar(timezone).local_date(as_of), as_of - timedelta(days=dormant_after_days)


def _rule(as_of, cutoff, today, ids):
    """The rule's SELECT; ``as_of``, ``cutoff`` and ``today`` are values or bound parameters."""
    # For some MIDs each grouped part reads only their rows: SQLite would group every MID's rows
    # first and filter afterwards, so one MID's page cost grew with the number of MIDs.
    def only(query, column):
        return query if ids is None else query.where(column.in_(ids))

    actions = (
        only(select(
            Action.mid_id.label("mid_id"),
            func.count().label("total"),
            func.sum(case((Action.status == ActionStatus.done.value, 1), else_=0)).label("done"),
            func.sum(case((Action.status.in_(_CLOSED), 1), else_=0)).label("closed"),
            func.sum(
                case(
                    (Action.status.in_(_STALLED), 1),
                    (and_(Action.planned_end < today, Action.status.not_in(_CLOSED)), 1),
                    else_=0,
                )
            ).label("troubled"),
            func.max(case((Action.updated_at <= as_of, Action.updated_at))).label("last_at"),
        ), Action.mid_id)
        .group_by(Action.mid_id)
        .subquery("a")
    )
    milestones = (
        only(select(Milestone.mid_id.label("mid_id"), func.max(Milestone.updated_at).label("last_at")),
             Milestone.mid_id)
        .where(Milestone.updated_at <= as_of)
        .group_by(Milestone.mid_id)
        .subquery("m")
    )
    reports = (
        only(select(Report.mid_id.label("mid_id"), func.max(Report.submitted_at).label("last_at")), Report.mid_id)
        .where(Report.submitted_at <= as_of)
        .group_by(Report.mid_id)
        .subquery("r")
    )
    latest_due_round = (
        select(ReportingRound.id)
        .where(ReportingRound.due_on < today)
        .order_by(ReportingRound.due_on.desc(), ReportingRound.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    latest = (
        only(select(Report.mid_id.label("mid_id")), Report.mid_id)
        .where(Report.round_id == latest_due_round, first_submitted_at() <= as_of,
               received_clause(Report.state))
        .subquery("latest")
    )
    round_due = select(func.count(ReportingRound.id)).where(ReportingRound.due_on < today).scalar_subquery()

    status = case(
        *_ended(as_of, actions),
        (
            ~func.coalesce(
                or_(actions.c.last_at >= cutoff, milestones.c.last_at >= cutoff, reports.c.last_at >= cutoff),
                False,
            ),
            literal(LifeStatus.dormant.value),
        ),
        (
            or_(
                and_(round_due > 0, latest.c.mid_id.is_(None)),
                func.coalesce(actions.c.troubled, 0) > 0,
            ),
            literal(LifeStatus.at_risk.value),
        ),
        else_=literal(LifeStatus.active.value),
    ).label("status")

    return only(
        select(
            Mid.id.label("mid_id"),
            status,
            actions.c.last_at.label("last_action_at"),
            milestones.c.last_at.label("last_milestone_at"),
            reports.c.last_at.label("last_report_at"),
        )
        .outerjoin(actions, actions.c.mid_id == Mid.id)
        .outerjoin(milestones, milestones.c.mid_id == Mid.id)
        .outerjoin(reports, reports.c.mid_id == Mid.id)
        .outerjoin(latest, latest.c.mid_id == Mid.id),
        Mid.id,
    )
