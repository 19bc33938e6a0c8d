"""Keeping a MID's indicators and their values: add, edit, record a year's value.

Like the plan's actions, each indicator and each value carries a version: a save made on a
version someone else has changed since is refused with what changed (``plans.Conflict``).
Every change is audited by the session (``alumni/audit.py``).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlmodel import select

from ..bounds import EARLIEST_DATE, LATEST_DATE
from ..models import Indicator, IndicatorDirection, IndicatorValue
from ..plans import PlanError, check_version, lock
from .units import check_number

FIELDS = ("name", "unit", "direction", "action_id", "baseline_value", "baseline_year", "target_value",
          "target_year", "source")
VALUE_FIELDS = ("value", "comment", "measured_on")
FIRST_YEAR, LAST_YEAR = EARLIEST_DATE.year, LATEST_DATE.year


def _check(indicator, mid):
    """Refuse what the on-track rule could not read; numbers are rounded to what is stored."""
    if indicator.action_id is not None and indicator.action_id not in {action.id for action in mid.actions}:
        raise PlanError(_l("That action belongs to another MID."))
    for value_name, year_name in (("baseline_value", "baseline_year"), ("target_value", "target_year")):
        value, year = getattr(indicator, value_name), getattr(indicator, year_name)
        if (value is None) != (year is None):
            raise PlanError(_l("Give both the value and its year, or neither."))
        if value is not None:
            setattr(indicator, value_name, check_number(value, indicator.unit))
    base, target = indicator.baseline_value, indicator.target_value
    if base is not None and target is not None:
        if indicator.baseline_year > indicator.target_year:
            raise PlanError(_l("The target year comes before the baseline year."))
        more = IndicatorDirection(indicator.direction) == IndicatorDirection.increase
        if (more and target <= base) or (not more and target >= base):
            raise PlanError(_l("The target must be above the baseline when more is better, "
                               "and below it when less is better."))


def _apply(indicator, data):
    for name in FIELDS:
        if name in data:
            value = data[name]
            setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    indicator.direction = IndicatorDirection(indicator.direction)


def add_indicator(session, mid, data):
    """Add an indicator at the end of the MID's list; flushes."""
    last = session.exec(select(func.max(Indicator.position)).where(Indicator.mid_id == mid.id)).one()
    indicator = Indicator(mid_id=mid.id, position=(last if last is not None else -1) + 1, name=data["name"],
                          unit=data["unit"])
    _apply(indicator, data)
    _check(indicator, mid)
    session.add(indicator)
    session.flush()
    return indicator


def update_indicator(session, mid, indicator, data, seen_version):
    """Save an edit made on version ``seen_version`` of the indicator; flushes."""
    lock(session, Indicator, indicator.id)
    check_version(indicator, seen_version, data, fields=FIELDS)
    _apply(indicator, data)
    _check(indicator, mid)
    session.flush()
    return indicator


def value_for(session, indicator_id, year):
    return session.exec(select(IndicatorValue).where(IndicatorValue.indicator_id == indicator_id,
                                                     IndicatorValue.year == year)
                        .execution_options(populate_existing=True)).first()


def record_value(session, indicator, year, value, comment="", seen_version=None, measured_on=None):
    """Record ``indicator``'s value for ``year`` (a new one, or a change of the one the person saw); flushes.

    A value already recorded for that year by someone else, or changed since the person loaded it,
    is refused with a Conflict rather than overwritten.
    """
    if measured_on is not None:
        year = measured_on.year
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PlanError(_l("Give a year from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR))
    value = check_number(value, indicator.unit)
    lock(session, Indicator, indicator.id)  # one save of an indicator's values at a time
    row = value_for(session, indicator.id, year)
    submitted = {"value": value, "comment": comment or "", "measured_on": measured_on}
    if row is None:
        row = IndicatorValue(indicator_id=indicator.id, mid_id=indicator.mid_id, year=year, value=value,
                             comment=comment or "", measured_on=measured_on)
        session.add(row)
    else:
        check_version(row, seen_version, submitted, fields=VALUE_FIELDS)
        if (row.value, row.comment, row.measured_on) != (value, comment or "", measured_on):
            row.value, row.comment, row.measured_on = value, comment or "", measured_on
    session.flush()
    return row


def indicators_of(session, mid_id):
    """A MID's indicators with their values, in the MID's order: two statements."""
    from sqlalchemy.orm import selectinload

    return session.exec(select(Indicator).where(Indicator.mid_id == mid_id).options(selectinload(Indicator.recorded_values))
                        .order_by(Indicator.position, Indicator.id)).all()
