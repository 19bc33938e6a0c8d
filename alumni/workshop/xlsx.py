"""The workshop export as an XLSX workbook, written row by row (XlsxWriter, ``constant_memory``).

Every sheet has a styled header, frozen panes, an autofilter, column widths and number
formats; a native chart shows life status by network. Text cells are written as text, never
as formulas, and neutralised so that no spreadsheet runs them when edited. Any list of
``tables.Table`` is written the same way: a new table needs no change here.

XlsxWriter, not openpyxl: on the same 10,000-MID workbook it writes the cells about 2.5 times
faster (docs/benchmarks.md); each row goes to a temporary file as it is written, so memory does
not grow with the rows. openpyxl still reads the import files.
"""

import datetime as dt
import math
from pathlib import Path

import xlsxwriter
from flask_babel import gettext as _

from ..charts import FILLS
from .tables import (
    CHANGE, DATE, DAYS, INT, LONG_TEXT, MONEY, MONEY_CHANGE, NUMBER, NUMBER_CHANGE, POINTS, SHARE, STATUSES,
    neutralise,
)

NUMBER_FORMATS = {
    INT: "#,##0",
    CHANGE: "+#,##0;-#,##0;0",
    SHARE: "0.0%",
    POINTS: "+0.0;-0.0;0.0",
    MONEY: "#,##0.00",
    MONEY_CHANGE: "+#,##0.00;-#,##0.00;0.00",
    DAYS: "0.0",
    NUMBER: "General",          # an indicator's value: as many decimals as it has, no trailing point
    NUMBER_CHANGE: "General",
}
DATE_FORMATS = {"pl": "dd.mm.yyyy", "en": "yyyy-mm-dd"}
_HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#0B4F8A", "pattern": 1, "text_wrap": True,
           "valign": "top", "bottom": 2, "bottom_color": "#1B1F24"}
_A4 = 9
# The spreadsheet preset patterns of ``charts.FILLS`` by XlsxWriter's names for them.
_PATTERNS = {"wdUpDiag": "wide_upward_diagonal", "pct25": "percent_25", "dkHorz": "dark_horizontal",
             "dkVert": "dark_vertical", "ltUpDiag": "light_upward_diagonal", "ltDnDiag": "light_downward_diagonal",
             "dkUpDiag": "dark_upward_diagonal", "dkDnDiag": "dark_downward_diagonal",
             "wdDnDiag": "wide_downward_diagonal", "ltHorz": "light_horizontal", "ltVert": "light_vertical",
             "pct50": "percent_50", "smGrid": "small_grid", "lgGrid": "large_grid", "dotDmnd": "dotted_diamond"}
_PIXELS_PER_CM = 96 / 2.54


class _Styles:
    """One sheet's cell formats, each column's resolved once (XlsxWriter shares equal formats)."""

    def __init__(self, workbook, columns, language):
        self.plain, self.numeric = [], []
        for column in columns:
            alignment = {"text_wrap": True, "valign": "top"} if column.kind == LONG_TEXT else {"valign": "top"}
            number_format = NUMBER_FORMATS.get(column.kind) or (
                DATE_FORMATS.get(language, DATE_FORMATS["en"]) if column.kind == DATE else None)
            self.plain.append(workbook.add_format(alignment))
            self.numeric.append(workbook.add_format({**alignment, **({"num_format": number_format}
                                                                      if number_format else {})}))
        self.header = workbook.add_format(_HEADER)


def _write_row(sheet, row, values, styles):
    """One row: text as text (neutralised), numbers and dates formatted by column."""
    for column, value in enumerate(values):
        if value is None:
            sheet.write_blank(row, column, None, styles.plain[column])
        elif isinstance(value, str):
            sheet.write_string(row, column, neutralise(value), styles.plain[column])
        elif isinstance(value, bool):
            sheet.write_boolean(row, column, value, styles.numeric[column])
        elif isinstance(value, (dt.date, dt.datetime, dt.time)):
            sheet.write_datetime(row, column, value, styles.numeric[column])
        else:
            sheet.write_number(row, column, value, styles.numeric[column])


def _prepare(sheet, table, styles):
    """Widths, frozen panes, the header row and print setup."""
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, column.width)
    sheet.freeze_panes(1, table.freeze_columns)
    # Tall enough for the longest header to wrap (spreadsheets do not grow the header row themselves).
    lines = max(math.ceil(len(column.header) / max(column.width - 2, 1)) for column in table.columns)
    sheet.set_row(0, 15 * max(lines, 1) + 4)
    sheet.repeat_rows(0)
    sheet.set_landscape()
    sheet.set_paper(_A4)
    sheet.fit_to_pages(1, 0)
    for index, column in enumerate(table.columns):
        sheet.write_string(0, index, neutralise(column.header), styles.header)


def _write_table(workbook, table, language, progress):
    sheet = workbook.add_worksheet(table.title)
    styles = _Styles(workbook, table.columns, language)
    _prepare(sheet, table, styles)
    count = 0
    for values in table.rows:
        count += 1
        _write_row(sheet, count, values, styles)
        if progress and table.per_mid:
            progress(1)
    sheet.autofilter(0, 0, count, len(table.columns) - 1)
    return sheet


def _painted(fill):
    """A chart series painted as the dashboard and the HTML report paint ``fill``: its colour, and its mark in ink."""
    if fill.xlsx:
        return {"pattern": {"pattern": _PATTERNS[fill.xlsx], "fg_color": fill.ink.upper(),
                            "bg_color": fill.colour.upper()}, "border": {"color": "#FFFFFF"}}
    return {"fill": {"color": fill.colour.upper()}, "border": {"color": "#FFFFFF"}}


def status_chart(workbook, summary, networks):
    """A stacked bar chart of MIDs by life status for the first ``networks`` rows of the summary."""
    chart = workbook.add_chart({"type": "bar", "subtype": "stacked"})
    # Summary columns: edition, network, MIDs, then the five statuses (D to H).
    for offset, status in enumerate(STATUSES):
        column = 3 + offset
        chart.add_series({
            "name": [summary.name, 0, column],
            "categories": [summary.name, 1, 1, networks, 1],
            "values": [summary.name, 1, column, networks, column],
            # The count on each bar, zeros left blank: readable without telling colours apart.
            "data_labels": {"value": True, "num_format": "0;-0;;"},
            **({"gap": 60, "overlap": 100} if offset == 0 else {}),
            **_painted(FILLS[status.value]),
        })
    chart.set_title({"name": _("MIDs by life status and network")})
    # In a bar chart XlsxWriter's "y" axis is the categories (networks), its "x" axis the values.
    chart.set_y_axis({"name": _("Network"), "reverse": True})  # first network on top, as in the summary
    chart.set_x_axis({"name": _("MIDs"), "major_gridlines": {"visible": False}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": round(17 * _PIXELS_PER_CM),
                    "height": round(max(8, 2 + 1.3 * networks) * _PIXELS_PER_CM)})
    return chart


def write_xlsx(tables, target, language="pl", progress=None):
    """Write ``tables`` to ``target`` (a path or a binary file) as one sheet each, plus the chart."""
    workbook = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target,
                                   {"constant_memory": True, "remove_timezone": True,
                                    "strings_to_formulas": False, "strings_to_numbers": False})
    try:
        for table in tables:
            sheet = _write_table(workbook, table, language, progress)
            if table.key == "summary" and table.chart_rows:
                _chart_sheet(workbook, sheet, table.chart_rows)
    except BaseException:
        _abandon(workbook)
        raise
    workbook.close()


def _chart_sheet(workbook, summary, networks):
    sheet = workbook.add_worksheet(_("Chart"))
    sheet.set_landscape()
    sheet.write_string(0, 0, neutralise(_("MIDs by life status and network")))
    sheet.insert_chart("A3", status_chart(workbook, summary, networks))


def _abandon(workbook):
    """Close and remove the half-written sheets' temporary files: a failed export leaves nothing behind."""
    for sheet in workbook.worksheets():
        handle, name = getattr(sheet, "row_data_fh", None), getattr(sheet, "row_data_filename", None)
        try:
            if handle is not None:
                handle.close()
            if name:
                Path(name).unlink(missing_ok=True)
        except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
            pass
