"""Importing MIDs' indicators (sheet Wskaźniki) and their values by year (sheet Wartości wskaźników).

An indicator is matched on its MID and its name, a value on its indicator and its year, so that
importing a file again changes nothing. Numbers are read the Polish way ("1 200,5") and held to
the unit's range, as in the web forms (``alumni/indicators/units.py``); a target must lie on the
better side of the baseline. ``IndicatorPlanning`` is a part of ``planning.Planner``.
"""

from flask_babel import gettext as _
from sqlmodel import select

from ..indicators.keeping import FIRST_YEAR, LAST_YEAR
from ..indicators.units import NumberError, check_number, parse_number
from ..models import Action, Indicator, IndicatorDirection, IndicatorValue, Mid
from ..models.lengths import max_length
from . import parsing
from .columns import ACTIONS, INDICATOR_VALUES, INDICATORS, fold

_DIRECTIONS = {
    **{fold(d.value): d for d in IndicatorDirection},
    "wiecej = lepiej": IndicatorDirection.increase, "wiecej znaczy lepiej": IndicatorDirection.increase,
    "wiecej": IndicatorDirection.increase, "rosnaco": IndicatorDirection.increase,
    "mniej = lepiej": IndicatorDirection.decrease, "mniej znaczy lepiej": IndicatorDirection.decrease,
    "mniej": IndicatorDirection.decrease, "malejaco": IndicatorDirection.decrease,
}


def number(raw):
    """A number cell: a spreadsheet number as it is, a text the Polish way ("1 200,5")."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return parse_number(repr(raw) if isinstance(raw, float) else str(raw))
    try:
        return parse_number(str(raw))
    except NumberError as error:
        raise parsing.CellError(str(error)) from None


def _year(raw):
    return parsing.integer(raw, FIRST_YEAR, LAST_YEAR)


PARSERS = {
    INDICATORS: {
        "name": lambda raw: parsing.line(raw, max_length("indicator.name")),
        "unit": lambda raw: parsing.line(raw, max_length("indicator.unit")),
        "direction": lambda raw: parsing._choice(raw, _DIRECTIONS, "więcej = lepiej, mniej = lepiej"),
        "baseline_value": number,
        "baseline_year": _year,
        "target_value": number,
        "target_year": _year,
        "source": lambda raw: parsing.text(raw, max_length("indicator.source")),
        "action_position": lambda raw: parsing.integer(raw, 0, 100_000),
    },
    INDICATOR_VALUES: {
        "year": _year,
        "value": number,
        "comment": lambda raw: parsing.line(raw, max_length("indicatorvalue.comment")),
    },
}
DEFAULTS = {INDICATORS: {"direction": IndicatorDirection.increase, "source": ""}, INDICATOR_VALUES: {"comment": ""}}


class IndicatorPlanning:
    """The indicator sheets' part of the planner (``self`` is a ``planning.Planner``)."""

    def _mid_of(self, table, number, values):
        """(key, MID or None, label) a row names, with a problem when there is no such MID."""
        reference = self._mid_reference(table, number, values)
        if reference is None:
            return None
        participant_key, participant, network, label = reference
        key = (participant_key, network.id)
        mid = self.file_mids[key][1] if key in self.file_mids else (
            self.mids.get((participant.id, network.id)) if participant is not None else None)
        if mid is None and key not in self.file_mids:
            self.problem(table, number, "network", _("There is no MID %(mid)s. Add it to the sheet MID first.",
                                                     mid=label))
            return None
        return key, mid, label

    def _indicators(self, table):
        existing = self._existing(Indicator)
        self.file_indicators = {}   # (mid key, folded name) -> (row, indicator or None, unit)
        for number, values in table.rows:
            found = self._mid_of(table, number, values)
            parsed = self._fields(table, number, values)
            if found is None or parsed is None:
                continue
            key, mid, label = found
            name_key = (key, fold(parsed["name"]))
            if name_key in self.file_indicators:
                self.problem(table, number, "name", _("This indicator is already in row %(row)d (same MID and name).",
                                                      row=self.file_indicators[name_key][0]))
                continue
            indicator = next((row for row in existing.get(mid.id, []) if fold(row.name) == name_key[1]), None) \
                if mid is not None else None
            if not self._indicator_ok(table, number, indicator, parsed, key, mid):
                continue
            self.file_indicators[name_key] = (number, indicator, parsed.get("unit") or indicator.unit)
            if indicator is None:  # after the MID's indicators, in the file's order
                taken = len(existing.get(mid.id, [])) if mid is not None else 0
                parsed["position"] = taken + sum(1 for other in self.file_indicators if other[0] == key) - 1
            self._record(table, number, f"{label}: {parsed.get('name') or indicator.name}", indicator, parsed,
                         parent=mid or key)

    def _existing(self, model):
        mids = {mid.id for _row, mid in self.file_mids.values() if mid is not None} | {
            mid.id for mid in self.mids.values()}
        found = {}
        if mids:
            for row in self.session.exec(select(model).where(model.mid_id.in_(sorted(mids)))):
                found.setdefault(row.mid_id, []).append(row)
        return found

    def _indicator_ok(self, table, number, indicator, parsed, key, mid):
        """Units hold the numbers, baseline and target come with their years, the target lies the better way."""
        def final(name):
            return parsed.get(name, getattr(indicator, name) if indicator is not None else DEFAULTS[INDICATORS].get(name))

        ok = True
        for value_key, year_key in (("baseline_value", "baseline_year"), ("target_value", "target_year")):
            value, year = final(value_key), final(year_key)
            if (value is None) != (year is None):
                self.problem(table, number, year_key if year is None else value_key,
                             _("Give both the value and its year, or neither."))
                ok = False
            if value is not None:
                try:
                    checked = check_number(value, final("unit"))
                except NumberError as error:
                    self.problem(table, number, value_key, str(error))
                    ok = False
                else:
                    if value_key in parsed:
                        parsed[value_key] = checked
        base, target = final("baseline_value"), final("target_value")
        if ok and base is not None and target is not None:
            more = IndicatorDirection(final("direction")) == IndicatorDirection.increase
            if final("baseline_year") > final("target_year"):
                self.problem(table, number, "target_year", _("The target year comes before the baseline year."))
                ok = False
            elif (more and target <= base) or (not more and target >= base):
                self.problem(table, number, "target_value", _(
                    "The target must be above the baseline when more is better, and below it when less is better."))
                ok = False
        if "action_position" in parsed and not self._action(table, number, key, mid, indicator, parsed):
            ok = False
        return ok

    def _action(self, table, number, key, mid, indicator, parsed):
        """Turn the action's number into its id (an action already stored), or keep it for one the file adds."""
        position = parsed["action_position"]
        action_id = self.session.exec(select(Action.id).where(Action.mid_id == mid.id, Action.position == position)
                                      ).first() if mid is not None else None
        if action_id is not None:
            parsed.pop("action_position")
            parsed["action_id"] = action_id
            return True
        planned = any(change.entity == ACTIONS and change.parent in (mid, key)
                      and change.values.get("position") == position for change in self.changes)
        if planned and indicator is None:
            return True
        self.problem(table, number, "action_position", _(
            "This MID has no action number %(number)d (sheet Działania, column lp).", number=position))
        return False

    def _indicator_values(self, table):
        existing = self._existing(Indicator)
        stored = {(row.indicator_id, row.year): row for rows in self._existing(IndicatorValue).values()
                  for row in rows}
        file_indicators = getattr(self, "file_indicators", {})
        seen = {}
        for number, values in table.rows:
            found = self._mid_of(table, number, values)
            parsed = self._fields(table, number, values)
            name = self._required_text(table, number, values, "indicator", max_length("indicator.name"))
            if found is None or parsed is None or name is None:
                continue
            key, mid, label = found
            name_key = (key, fold(name))
            if name_key in file_indicators:
                _row, indicator, unit = file_indicators[name_key]
            else:
                indicator = next((row for row in existing.get(mid.id, []) if fold(row.name) == name_key[1]),
                                 None) if mid is not None else None
                if indicator is None:
                    self.problem(table, number, "indicator", _(
                        "This MID has no indicator '%(name)s'. Add it to the sheet Wskaźniki first.", name=name))
                    continue
                unit = indicator.unit
            if (name_key, parsed["year"]) in seen:
                self.problem(table, number, "year", _("This value is already in row %(row)d (same indicator and year).",
                                                      row=seen[(name_key, parsed["year"])]))
                continue
            seen[(name_key, parsed["year"])] = number
            try:
                parsed["value"] = check_number(parsed["value"], unit)
            except NumberError as error:
                self.problem(table, number, "value", str(error))
                continue
            current = stored.get((indicator.id, parsed["year"])) if indicator is not None else None
            self._record(table, number, f"{label}: {name} ({parsed['year']})", current, parsed,
                         parent=indicator if indicator is not None else (mid or key, name_key[1]))


def create_values(change, created, mid_for):
    """The fields of a new indicator or value, with the ids its parents got (the apply step)."""
    values = dict(change.values)
    if change.entity == INDICATORS:
        mid = mid_for(change.parent)
        values["mid_id"] = mid.id
        position = values.pop("action_position", None)
        values["action_id"] = None if position is None else created["actions_by_position"][(mid.id, position)]
        return values
    parent = change.parent
    indicator = parent if isinstance(parent, Indicator) else created[INDICATORS][(mid_for(parent[0]).id, parent[1])]
    values.update(indicator_id=indicator.id, mid_id=indicator.mid_id)
    return values


def indicator_key(record):
    return record.mid_id, fold(record.name)


__all__ = ["DEFAULTS", "IndicatorPlanning", "PARSERS", "Mid", "create_values", "indicator_key"]
