"""Checking every row against the file and the database, and planning what an import changes.

Nothing is written here: the plan lists what would be created or updated, with its row, so
that a dry run can show it and a real run can apply it only when no row has a problem.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload
from sqlmodel import select

from ..models import Action, ActionStatus, Edition, Mid, Participant
from ..models.lengths import max_length
from . import parsing
from .columns import ACTIONS, MIDS, PARTICIPANTS, fold
from .reading import Problem

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

def _text(field):
    """A parser of free text held to the maximum the model and the web forms give ``field``."""
    return lambda raw: parsing.text(raw, max_length(field))


def _line(field):
    """The same for a one-line text (a name, a title): no line breaks or control characters."""
    return lambda raw: parsing.line(raw, max_length(field))


# Field parsers per sheet; reference columns (participant, edition, network) are resolved apart.
_PARSERS = {
    PARTICIPANTS: {
        "kind": parsing.participant_kind,
        "voivodeship": parsing.voivodeship,
        "population": lambda raw: parsing.integer(raw, 0, 100_000_000),
        "teryt": parsing.teryt,
        "latitude": lambda raw: parsing.coordinate(raw, 90),
        "longitude": lambda raw: parsing.coordinate(raw, 180),
    },
    MIDS: {
        "title": _line("mid.title"),
        "challenge": _text("mid.challenge"),
        "goals": _text("mid.goals"),
        "stakeholders": _text("mid.stakeholders"),
        "document_url": lambda raw: parsing.url(raw, max_length("mid.document_url")),
        "adopted_on": parsing.day,
    },
    ACTIONS: {
        "position": lambda raw: parsing.integer(raw, 0, 100_000),
        "title": _line("action.title"),
        "description": _text("action.description"),
        "planned_start": parsing.month,
        "planned_end": parsing.month,
        "responsible_unit": _line("action.responsible_unit"),
        "estimated_budget": parsing.amount,
        "funding_sources": _line("action.funding_sources"),
        "status": parsing.action_status,
        "progress": lambda raw: parsing.integer(raw, 0, 100),
    },
}
_DEFAULTS = {
    PARTICIPANTS: {"kind": "city"},
    MIDS: {},
    ACTIONS: {"status": ActionStatus.planned, "progress": 0},
}


@dataclass
class Change:
    """What importing one row does: create, update or leave unchanged one record."""

    entity: str                 # "participants", "mids" or "actions"
    outcome: str                # created, updated, unchanged
    sheet: str
    row: int
    label: str
    fields: dict = field(default_factory=dict)   # field -> (before, after)
    target: object = None       # the existing record (updates)
    values: dict = field(default_factory=dict)   # every field of a record to create
    parent: object = None       # participant key (MIDs) or MID key (actions)

    def as_dict(self):
        return {"entity": self.entity, "outcome": self.outcome, "sheet": self.sheet, "row": self.row,
                "label": self.label,
                "fields": {name: [_plain(before), _plain(after)] for name, (before, after) in self.fields.items()}}


def _plain(value):
    return value if value is None or isinstance(value, (bool, int, str)) else str(value)


class Planner:
    """Check tables of raw rows and build the list of changes; collect every problem."""

    def __init__(self, session):
        self.session = session
        self.problems = []
        self.changes = []
        participants = session.exec(select(Participant)).all()
        self.participants = {p.name: p for p in participants}
        self.participants_folded = {}
        for participant in participants:
            self.participants_folded.setdefault(fold(participant.name), []).append(participant)
        editions = session.exec(select(Edition).options(selectinload(Edition.networks))).all()
        self.editions = {fold(e.code): e for e in editions}
        self.networks = {}  # edition id -> {folded name: network}
        for edition in self.editions.values():
            for network in edition.networks:
                names = self.networks.setdefault(edition.id, {})
                names[fold(network.name_pl)] = network
                names.setdefault(fold(network.name_en), network)
        self.mids = {(m.participant_id, m.network_id): m for m in session.exec(select(Mid)).all()}
        self.file_participants = {}  # folded name -> (row, participant or None, name)
        self.file_mids = {}          # (participant key, network id) -> (row, mid or None)

    def problem(self, table, row, key, message):
        self.problems.append(Problem(table.name, row, table.headers.get(key, key), message))

    def plan(self, tables):
        by_kind = {table.sheet.kind: table for table in tables}
        for kind, method in ((PARTICIPANTS, self._participants), (MIDS, self._mids), (ACTIONS, self._actions)):
            if kind in by_kind:
                method(by_kind[kind])
        return self.changes

    def _fields(self, table, number, values):
        """Parse the field columns of a row; None when a cell has a problem."""
        parsed, ok = {}, True
        for key, parse in _PARSERS[table.sheet.kind].items():
            if key not in values:
                continue
            try:
                value = parse(values[key])
            except parsing.CellError as error:
                self.problem(table, number, key, str(error))
                ok = False
                continue
            if value is not None:
                parsed[key] = value
        for column in table.sheet.columns:
            if column.required and column.key in _PARSERS[table.sheet.kind] and column.key not in parsed:
                raw = values.get(column.key)
                if raw is None or not str(raw).replace("\x00", "").strip():
                    self.problem(table, number, column.key, _("This column must be filled in."))
                ok = False
        return parsed if ok else None

    def _record(self, table, number, label, existing, parsed, parent=None):
        """Add the change a row makes to an existing record (or to a new one)."""
        kind = table.sheet.kind
        if existing is None:
            values = {**_DEFAULTS[kind], **parsed}
            change = Change(kind, CREATED, table.name, number, label,
                            {name: (None, value) for name, value in values.items()}, values=values, parent=parent)
        else:
            differences = {name: (getattr(existing, name), value) for name, value in parsed.items()
                           if getattr(existing, name) != value}
            change = Change(kind, UPDATED if differences else UNCHANGED, table.name, number, label,
                            differences, target=existing, parent=parent)
        self.changes.append(change)
        return change

    # Participants -------------------------------------------------------------------------

    def _participants(self, table):
        for number, values in table.rows:
            name = self._required_text(table, number, values, "name", max_length("participant.name"))
            parsed = self._fields(table, number, values)
            if name is None:
                continue
            key = fold(name)
            if key in self.file_participants:
                self.problem(table, number, "name", _(
                    "The participant '%(name)s' is already in row %(row)d.",
                    name=name, row=self.file_participants[key][0]))
                continue
            existing = self._find_participant(name)
            # Known even when another cell of the row is wrong, so that later sheets do not
            # report it as unknown too.
            self.file_participants[key] = (number, existing, name)
            if parsed is None:
                continue
            if existing is None:
                parsed["name"] = name
            self._record(table, number, name, existing, parsed)

    def _find_participant(self, name):
        if name in self.participants:
            return self.participants[name]
        matches = self.participants_folded.get(fold(name), [])
        return matches[0] if len(matches) == 1 else None

    def _required_text(self, table, number, values, key, max_length=None):
        try:
            value = parsing.line(values.get(key), max_length)
        except parsing.CellError as error:
            self.problem(table, number, key, str(error))
            return None
        if value is None:
            self.problem(table, number, key, _("This column must be filled in."))
        return value

    # MIDs ---------------------------------------------------------------------------------

    def _mid_reference(self, table, number, values):
        """Resolve the participant, edition and network columns; None (with problems) if any fails."""
        name = self._required_text(table, number, values, "participant")
        code = self._required_text(table, number, values, "edition")
        network_name = self._required_text(table, number, values, "network")
        participant_key = participant = network = None
        if name is not None:
            participant_key = fold(name)
            if participant_key in self.file_participants:
                participant = self.file_participants[participant_key][1]
            else:
                participant = self._find_participant(name)
                if participant is None:
                    self.problem(table, number, "participant", _(
                        "Unknown participant '%(name)s'. Check the spelling, or add it to the sheet Uczestnicy.",
                        name=name))
                    participant_key = None
        if code is not None:
            edition = self.editions.get(fold(code))
            if edition is None:
                self.problem(table, number, "edition", _(
                    "Unknown edition '%(code)s'. The editions are: %(codes)s.",
                    code=code, codes=", ".join(sorted(e.code for e in self.editions.values()))))
            elif network_name is not None:
                network = self.networks.get(edition.id, {}).get(fold(network_name))
                if network is None:
                    known = sorted({n.name_pl for n in self.networks.get(edition.id, {}).values()})
                    self.problem(table, number, "network", _(
                        "Unknown network '%(network)s' in %(edition)s. Its networks are: %(networks)s.",
                        network=network_name, edition=edition.code, networks=", ".join(known) or "—"))
        if participant_key is None or network is None:
            return None
        label = f"{name} — {network.name_pl} ({edition.code})"
        return participant_key, participant, network, label

    def _mids(self, table):
        for number, values in table.rows:
            reference = self._mid_reference(table, number, values)
            parsed = self._fields(table, number, values)
            if reference is None:
                continue
            participant_key, participant, network, label = reference
            key = (participant_key, network.id)
            if key in self.file_mids:
                self.problem(table, number, "network", _(
                    "The MID %(mid)s is already in row %(row)d.", mid=label, row=self.file_mids[key][0]))
                continue
            existing = self.mids.get((participant.id, network.id)) if participant is not None else None
            self.file_mids[key] = (number, existing)
            if parsed is None:
                continue
            if existing is None:
                parsed["network_id"] = network.id
            self._record(table, number, label, existing, parsed, parent=participant or participant_key)

    # Actions ------------------------------------------------------------------------------

    def _actions(self, table):
        rows = []
        for number, values in table.rows:
            reference = self._mid_reference(table, number, values)
            parsed = self._fields(table, number, values)
            if reference is None or parsed is None:
                continue
            participant_key, participant, network, label = reference
            key = (participant_key, network.id)
            mid = self.file_mids[key][1] if key in self.file_mids else (
                self.mids.get((participant.id, network.id)) if participant is not None else None)
            if mid is None and key not in self.file_mids:
                self.problem(table, number, "network", _(
                    "There is no MID %(mid)s. Add it to the sheet MID first.", mid=label))
                continue
            rows.append((number, key, mid, label, parsed))
        existing = self._existing_actions({mid.id for _n, _k, mid, _l, _p in rows if mid is not None})
        # New actions without a number come after every number the MID has or the file gives.
        next_position = {}
        for _number, key, mid, _label, parsed in rows:
            known = [a.position for a in existing.get(mid.id, [])] if mid is not None else []
            next_position[key] = max(known + [parsed.get("position", 0), next_position.get(key, 0)])
        seen = {}
        for number, key, mid, label, parsed in rows:
            actions = existing.get(mid.id, []) if mid is not None else []
            if not self._unique_in_file(table, number, key, parsed, seen):
                continue
            action = self._match_action(table, number, actions, parsed)
            if action is False:
                continue
            if not self._consistent(table, number, action, parsed):
                continue
            if action is None and "position" not in parsed:
                next_position[key] += 1
                parsed["position"] = next_position[key]
            self._record(table, number, f"{label}: {parsed['title']}", action, parsed, parent=mid or key)

    def _existing_actions(self, mid_ids):
        found = {}
        if mid_ids:
            for action in self.session.exec(select(Action).where(Action.mid_id.in_(sorted(mid_ids)))):
                found.setdefault(action.mid_id, []).append(action)
        return found

    def _unique_in_file(self, table, number, key, parsed, seen):
        """One row per action of a MID: neither its number nor its title repeated."""
        marks = [("title", fold(parsed["title"]))]
        if "position" in parsed:
            marks.append(("position", parsed["position"]))
        for mark in marks:
            if (key, mark) in seen:
                column, row = mark[0], seen[(key, mark)]
                self.problem(table, number, column, _(
                    "This action is already in row %(row)d (same MID and same number).", row=row)
                    if column == "position" else _(
                    "This action is already in row %(row)d (same MID and same title).", row=row))
                return False
        for mark in marks:
            seen[(key, mark)] = number
        return True

    def _match_action(self, table, number, actions, parsed):
        """The existing action a row updates (None: a new one; False: ambiguous)."""
        if "position" in parsed:
            column, matches = "position", [a for a in actions if a.position == parsed["position"]]
        else:
            column, matches = "title", [a for a in actions if fold(a.title) == fold(parsed["title"])]
        if len(matches) > 1 and column == "position":
            self.problem(table, number, column, _(
                "This MID has %(count)d actions with this number, so the row matches none for sure. "
                "Leave the column lp empty to match the action by its title.", count=len(matches)))
            return False
        if len(matches) > 1:
            self.problem(table, number, column, _(
                "This MID has %(count)d actions with this title, so the row matches none for sure. "
                "Give the action's number in the column lp.", count=len(matches)))
            return False
        return matches[0] if matches else None

    def _consistent(self, table, number, action, parsed):
        """Status and progress agree, and the plan starts before it ends (after the update)."""
        def final(name):
            return parsed.get(name, getattr(action, name) if action is not None else _DEFAULTS[ACTIONS].get(name))

        ok = True
        if final("status") == ActionStatus.done and final("progress") != 100:
            if "progress" in parsed:
                self.problem(table, number, "progress", _("A done action has progress 100."))
                ok = False
            else:
                parsed["progress"] = 100
        start, end = final("planned_start"), final("planned_end")
        if start is not None and end is not None and start > end:
            self.problem(table, number, "planned_end", _("The planned end comes before the planned start."))
            ok = False
        return ok
