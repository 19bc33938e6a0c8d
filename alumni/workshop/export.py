"""Build the workshop export in one format: the one entry point of the web, the CLI and the job."""

import io
import os
from contextlib import contextmanager
from pathlib import Path

from flask_babel import force_locale

from .csvzip import write_csv
from .reminder_sheet import reminder_effect_table
from .tables import TABLE_KEYS, build_tables
from .xlsx import write_xlsx

FORMATS = ("xlsx", "csv", "html")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
    "html": "text/html; charset=utf-8",
}


class ExportError(ValueError):
    """An export that cannot be built as asked, with a message for the person."""


def file_name(year, fmt, language="pl", table=None):
    """The file name people get: ``pim-alumni-warsztaty-2026.xlsx`` (English: ``-workshop-``)."""
    stem = "warsztaty" if language == "pl" else "workshop"
    if fmt == "csv":
        return f"pim-alumni-{stem}-{year}-{table.replace('_', '-')}.csv" if table else \
            f"pim-alumni-{stem}-{year}-csv.zip"
    return f"pim-alumni-{stem}-{year}.{fmt}"


def briefs_file_name(year, language="pl"):
    """The ZIP of every city's brief: ``pim-alumni-informacje-2026.zip`` (English: ``-briefs-``)."""
    return f"pim-alumni-{'informacje' if language == 'pl' else 'briefs'}-{year}.zip"


def write_export(session, picture, fmt, target, language="pl", progress=None, table=None):
    """Write ``picture`` as ``fmt`` to ``target`` (a path or a binary file), in ``language``."""
    if isinstance(target, (str, Path)):
        # A path gets the whole file or nothing: written beside it, renamed when complete.
        with _replaced_when_complete(Path(target)) as partial:
            _write(session, picture, fmt, partial, language, progress, table)
        return
    _write(session, picture, fmt, target, language, progress, table)


@contextmanager
def _replaced_when_complete(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write(session, picture, fmt, target, language, progress, table):
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}': use one of {', '.join(FORMATS)}.")
    if table is not None and (fmt != "csv" or table not in TABLE_KEYS):
        raise ExportError(f"A single table is a CSV of one of: {', '.join(TABLE_KEYS)}.")
    with force_locale(language):
        if fmt == "html":
            from .report import write_report

            write_report(session, picture, target, language, progress)
            return
        tables = [*build_tables(session, picture, language), reminder_effect_table(session, picture, language)]
        if table is not None:
            tables = [t for t in tables if t.key == table]
        if fmt == "xlsx":
            write_xlsx(tables, target, language, progress)
        else:
            write_csv(tables, target, progress)


def export_in_memory(session, picture, fmt, language="pl"):
    """The export as an in-memory file, rewound, for a download (about 1 MB for 10,000 MIDs)."""
    buffer = io.BytesIO()
    write_export(session, picture, fmt, buffer, language)
    buffer.seek(0)
    return buffer
