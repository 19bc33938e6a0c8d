"""Bulk import of participants, MIDs and actions from an XLSX or CSV file: all or nothing.

Every row is checked first, against the file and the database; a file with any problem
writes nothing. Rows are matched on stable keys (participant: its name; MID: participant
and network; action: MID and number, or MID and title), so importing the same file again
changes nothing. An empty cell leaves the stored value as it is.
"""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from .applying import apply_changes
from .columns import ACTIONS, INDICATOR_VALUES, INDICATORS, MIDS, PARTICIPANTS, column_header
from .planning import CREATED, UNCHANGED, UPDATED, Planner
from .reading import MAX_BYTES, MAX_ROWS, FileRefused, Problem, read_limited, read_tables
from .template import build_template

__all__ = ["ImportResult", "MAX_BYTES", "MAX_ROWS", "Problem", "build_template", "column_header",
           "describe_problem", "import_file", "read_limited", "summary_lines"]

ENTITIES = (PARTICIPANTS, MIDS, ACTIONS, INDICATORS, INDICATOR_VALUES)
OUTCOMES = (CREATED, UPDATED, UNCHANGED)


@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    dry_run: bool = False
    applied: bool = False

    @property
    def ok(self):
        return not self.problems

    def counts(self):
        """{entity: {outcome: number}} for every entity and outcome."""
        counts = {entity: dict.fromkeys(OUTCOMES, 0) for entity in ENTITIES}
        for change in self.changes:
            counts[change.entity][change.outcome] += 1
        return counts


def import_file(session, data, filename, actor_id=None, dry_run=False, max_bytes=MAX_BYTES, size=None):
    """Check a file and, unless it has problems or this is a dry run, write what it changes.

    ``size``: the whole upload's size when ``data`` was cut short at the limit.
    """
    try:
        tables = read_tables(data, filename, max_bytes, size)
    except FileRefused as refused:
        return ImportResult(problems=refused.problems, dry_run=dry_run)
    if not any(table.rows for table in tables):
        return ImportResult(problems=[Problem(filename or None, None, None, _(
            "The file has no rows to import: fill in the sheets Uczestnicy, MID or Działania "
            "below their header rows."))], dry_run=dry_run)
    planner = Planner(session)
    changes = planner.plan(tables)
    result = ImportResult(problems=_in_file_order(planner.problems), changes=changes, dry_run=dry_run)
    if result.ok and not dry_run:
        apply_changes(session, changes, actor_id)
        result.applied = True
    return result


def _in_file_order(problems):
    sheets = list(dict.fromkeys(problem.sheet for problem in problems))
    return sorted(problems, key=lambda problem: (sheets.index(problem.sheet), problem.row or 0))


def describe_problem(problem):
    """One line for a person: where the problem is and what it is."""
    place = [problem.sheet] if problem.sheet else []
    if problem.row is not None:
        place.append(_("row %(row)d", row=problem.row))
    if problem.column:
        place.append(_("column '%(column)s'", column=problem.column))
    return f"{', '.join(place)}: {problem.message}" if place else problem.message


def summary_lines(result):
    """What the import did (or, in a dry run, would do), one line per kind of record."""
    names = {PARTICIPANTS: _("Participants"), MIDS: _("MIDs"), ACTIONS: _("Actions"), INDICATORS: _("Indicators"),
             INDICATOR_VALUES: _("Indicator values")}
    return [
        _("%(entity)s: created %(created)d, updated %(updated)d, unchanged %(unchanged)d",
          entity=names[entity], **counts)
        for entity, counts in result.counts().items()
    ]
