"""Reading an import file (XLSX or CSV) into tables of raw cell values, within set limits."""

import csv
import io
import zipfile
import zlib
from dataclasses import dataclass, field

from flask_babel import format_decimal, gettext as _

from .columns import REFERENCE_SHEETS, fold, sheet_named, sheet_with_headers

MAX_BYTES = 10 * 1024 * 1024
# What an XLSX file may unpack to: its XML is read whole (shared strings) or row by row, never more.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls


@dataclass(frozen=True)
class Problem:
    """Why a file cannot be imported: where (sheet, row, column) and what is wrong."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def as_dict(self):
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Table:
    """One sheet of the file: which kind it is and its rows of raw values by column key."""

    sheet: object                  # columns.Sheet
    name: str                      # the sheet's name as the file gives it
    headers: dict = field(default_factory=dict)  # column key -> header as written
    rows: list = field(default_factory=list)     # (row number, {column key: raw value})


class FileRefused(Exception):
    """The file as a whole cannot be read; carries the problems."""

    def __init__(self, problems):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def read_limited(stream, limit=MAX_BYTES):
    """(the first ``limit`` + 1 bytes of an upload, its whole size): never more in memory."""
    data = stream.read(limit + 1)
    size = len(data)
    while chunk := stream.read(1024 * 1024):
        size += len(chunk)
    return data, size


def _megabytes(size):
    """A size in MB as the page's language writes it: "10,5" in Polish, "10.5" in English."""
    return format_decimal(round(size / (1024 * 1024), 1), "#,##0.#")


def read_tables(data, filename="", max_bytes=MAX_BYTES, size=None):
    """The tables of an XLSX or CSV file; raise FileRefused when the file cannot be read at all."""
    name = filename.rsplit("/", 1)[-1] or None
    size = max(size or 0, len(data))
    if not data:
        raise FileRefused([Problem(name, None, None, _("The file is empty."))])
    if size > max_bytes:
        raise FileRefused([Problem(name, None, None, _(
            "The file is %(size)s MB; files of up to %(limit)s MB can be imported. "
            "Split it into smaller files and import them one after another.",
            size=_megabytes(size), limit=_megabytes(max_bytes)))])
    if data.startswith(_OLE):
        raise FileRefused([Problem(name, None, None, _(
            "This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) or as CSV UTF-8 "
            "and import it again."))])
    if data.startswith(_ZIP):
        return _read_xlsx(data, name)
    return [_read_csv(data, name or "CSV")]


def _read_xlsx(data, name):
    from openpyxl import load_workbook

    _check_unpacked(data, name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged or foreign ZIP file
        raise _damaged(name) from None
    try:
        return _tables_of(workbook)
    except FileRefused:
        raise
    except Exception:  # a sheet's XML that fails only when its rows are read
        raise _damaged(name) from None
    finally:
        workbook.close()


def _damaged(name):
    return FileRefused([Problem(name, None, None, _(
        "The file could not be read as an Excel workbook (.xlsx). Check that it is not damaged "
        "or password-protected, or save it again as .xlsx or CSV UTF-8."))])


def _check_unpacked(data, name):
    """Refuse, before any XML is parsed, a workbook that unpacks to too much or declares XML entities."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            size = sum(member.file_size for member in members)
            if size > MAX_UNPACKED_BYTES:
                raise FileRefused([Problem(name, None, None, _(
                    "The workbook unpacks to %(size)s MB; at most %(limit)s MB can be read. "
                    "Split it into smaller files.", size=_megabytes(size), limit=_megabytes(MAX_UNPACKED_BYTES)))])
            # A DOCTYPE (where entities are declared) can only come before the first element.
            if any(b"<!DOCTYPE" in archive.open(member).read(4096).upper()
                   for member in members if member.filename.endswith((".xml", ".rels"))):
                raise FileRefused([Problem(name, None, None, _(
                    "The workbook holds XML declarations (DOCTYPE) that Excel never writes, so it is not read. "
                    "Save it again from Excel as .xlsx, or as CSV UTF-8."))])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
            zlib.error):
        raise _damaged(name) from None


def _tables_of(workbook):
    tables, problems, seen = [], [], {}
    for worksheet in workbook.worksheets:
        title = worksheet.title
        if fold(title) in REFERENCE_SHEETS:
            continue
        # Read-only mode stops where the sheet's <dimension> says the data ends, and writers get it wrong.
        worksheet.reset_dimensions()
        rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        sheet = sheet_named(title)
        if sheet is None:
            if any(any(value not in (None, "") for value in row) for row in _first(rows, 50)):
                problems.append(Problem(title, None, None, _(
                    "Unknown sheet. The sheets read are: Uczestnicy, MID, Działania "
                    "(Objaśnienia and Sieci are skipped).")))
            continue
        if sheet.kind in seen:
            problems.append(Problem(title, None, None, _(
                "The sheet repeats the sheet '%(other)s'; keep only one of them.", other=seen[sheet.kind])))
            continue
        seen[sheet.kind] = title
        tables.append(_table(sheet, title, rows, problems))
    if problems:
        raise FileRefused(problems)
    return [table for table in tables if table is not None]


def _first(rows, count):
    for number, row in enumerate(rows):
        if number >= count:
            return
        yield row


def _read_csv(data, name):
    if b"\x00" in data[:4096]:
        raise FileRefused([Problem(name, None, None, _(
            "The file is neither an Excel workbook (.xlsx) nor a CSV file. Use the template."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused([Problem(name, None, None, _(
            "The file is not in UTF-8. In Excel choose File > Save as > CSV UTF-8, "
            "or import the .xlsx workbook itself."))]) from None
    if not text.strip():
        raise FileRefused([Problem(name, None, None, _("The file is empty."))])
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    # Strict: a quotation mark never closed is refused, not read as one cell holding the rest of the file.
    rows = _csv_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), name)
    headers = next(rows, [])
    sheet = sheet_with_headers(headers, name)
    if sheet is None:
        raise FileRefused([Problem(name, 1, None, _(
            "The columns do not match any sheet of the template (Uczestnicy, MID, Działania). "
            "Check the header row, or start from the template."))])
    problems = []
    table = _table(sheet, name, _chain([headers], rows), problems)
    if problems:
        raise FileRefused(problems)
    return table


def _csv_rows(reader, name):
    """The rows of a CSV reader, cut to the columns read; a row it cannot read refuses the file, saying why."""
    number = 1  # rows counted as the sheet's are: the header is row 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused([Problem(name, number, None, _csv_problem(str(error)))]) from None
        yield row[:MAX_COLUMNS]
        number += 1


def _csv_problem(reason):
    """Why a CSV row cannot be read, for a person (the csv module's reason is terse and English)."""
    if "field limit" in reason:
        return _("A cell is longer than %(limit)d characters, more than any column holds. "
                 "Check that every quotation mark in the file is closed.", limit=csv.field_size_limit())
    if "unexpected end of data" in reason:
        return _("A quotation mark opened in this row is never closed. Close it, or remove it, and import "
                 "the file again.")
    if "expected after" in reason:
        return _("A quotation mark inside a quoted cell must be doubled (\"\"). Save the file again from Excel "
                 "as CSV UTF-8, or import the .xlsx workbook.")
    return _("This row cannot be read as CSV. Save the file again from Excel as CSV UTF-8, or import the .xlsx "
             "workbook.")


def _chain(first, rest):
    yield from first
    yield from rest


def _table(sheet, name, rows, problems):
    """Read the header row and the data rows of one sheet."""
    header_row = next(rows, None)
    if header_row is None or all(value in (None, "") for value in header_row):
        problems.append(Problem(name, 1, None, _("The first row must hold the column names.")))
        return None
    table = Table(sheet=sheet, name=name)
    positions = {}
    for index, header in enumerate(header_row):
        if header in (None, "") or not str(header).strip():
            continue
        header = str(header).strip()
        column = sheet.column_for(header)
        if column is None:
            problems.append(Problem(name, 1, header, _(
                "Unknown column '%(header)s'. The columns of this sheet are: %(columns)s.",
                header=header, columns=", ".join(c.header for c in sheet.columns))))
        elif column.key in table.headers:
            problems.append(Problem(name, 1, header, _(
                "The column '%(header)s' repeats the column '%(other)s'.",
                header=header, other=table.headers[column.key])))
        else:
            table.headers[column.key] = header
            positions[index] = column.key
    for column in sheet.columns:
        if column.required and column.key not in table.headers:
            problems.append(Problem(name, 1, column.header, _(
                "The required column '%(header)s' is missing.", header=column.header)))
    if problems:
        return None
    for number, row in enumerate(rows, start=2):
        values = {key: row[index] for index, key in positions.items() if index < len(row)}
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values.values()):
            if number > 2 * MAX_ROWS:
                break  # formatted but empty rows to the end of the sheet: nothing more to read
            continue
        if len(table.rows) >= MAX_ROWS:
            problems.append(Problem(name, number, None, _(
                "The sheet has more than %(limit)d rows; split the file.", limit=MAX_ROWS)))
            return None
        table.rows.append((number, values))
    return table
