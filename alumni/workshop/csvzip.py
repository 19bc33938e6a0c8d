"""The workshop export as CSV: one file per table, zipped when several.

UTF-8 with a byte-order mark and ``;`` between fields, numbers with the language's decimal
sign: what Polish Excel opens without an import wizard. Text is neutralised against formulas.
"""

import csv
import io
import re
import zipfile
from datetime import date
from decimal import Decimal

from babel.numbers import get_decimal_symbol
from flask_babel import get_locale

from ..folding import fold
from .tables import CHANGE, DAYS, MONEY, MONEY_CHANGE, NUMBER, NUMBER_CHANGE, POINTS, SHARE, neutralise


def _number(text, decimal):
    return text.replace(".", decimal)


def csv_value(value, kind, decimal):
    """One field as Polish (or English) Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, date):
        return value.isoformat()
    if kind == SHARE:
        return _number(f"{value * 100:.1f}", decimal) + "%"
    if kind in (POINTS, DAYS):
        return _number(f"{value:.1f}", decimal)
    if kind in (NUMBER, NUMBER_CHANGE):
        return _number(format(Decimal(value).normalize(), "f"), decimal)
    if kind in (MONEY, MONEY_CHANGE) or isinstance(value, Decimal):
        return _number(f"{Decimal(value):.2f}", decimal)
    if kind == CHANGE or isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def write_table_csv(table, stream, progress=None):
    """Write one table to a text stream (the caller opens it with ``utf-8-sig``)."""
    decimal = get_decimal_symbol(get_locale())
    writer = csv.writer(stream, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(column.header) for column in table.columns])
    kinds = [column.kind for column in table.columns]
    for values in table.rows:
        writer.writerow([csv_value(value, kind, decimal) for value, kind in zip(values, kinds)])
        if progress and table.per_mid:
            progress(1)


def csv_name(index, table):
    """A table's file name in the ZIP, from its title in the export's language: ``04-mid-y.csv``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(str(table.title))).strip("-") or table.key.replace("_", "-")
    return f"{index:02d}-{slug}.csv"


def write_csv(tables, target, progress=None):
    """One table: a CSV file; several: a ZIP of one CSV per table. ``target``: a path or binary file."""
    if len(tables) == 1:
        with _binary(target) as binary:
            stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="", write_through=True)
            write_table_csv(tables[0], stream, progress)
            stream.detach()
        return
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, table in enumerate(tables, start=1):
            with archive.open(csv_name(index, table), "w") as member:
                stream = io.TextIOWrapper(member, encoding="utf-8-sig", newline="", write_through=True)
                write_table_csv(table, stream, progress)
                stream.flush()
                stream.detach()


class _binary:
    """Open a path for binary writing, or pass an open binary file through (left open)."""

    def __init__(self, target):
        self.target, self.opened = target, None

    def __enter__(self):
        if hasattr(self.target, "write"):
            return self.target
        self.opened = open(self.target, "wb")
        return self.opened

    def __exit__(self, *exc):
        if self.opened:
            self.opened.close()
