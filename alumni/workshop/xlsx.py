"""The workshop export as an XLSX workbook, written row by row (openpyxl write-only mode).

Every sheet has a styled header, frozen panes, an autofilter, column widths and number
formats; a native chart shows life status by network. Text cells are neutralised so that no
spreadsheet runs them as formulas.
"""

import math
from copy import copy

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.fill import PatternFillProperties, ColorChoice
from openpyxl.drawing.line import LineProperties
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.descriptors import Typed
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

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
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="0B4F8A")
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_HEADER_BORDER = Border(bottom=Side(style="medium", color="1B1F24"))
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


class _DataLabels(DataLabelList):
    """Data labels whose number format is not linked to the cells (openpyxl omits ``sourceLinked``)."""

    numFmt = Typed(expected_type=NumFmt, allow_none=True)
    __elements__ = DataLabelList.__elements__
    __nested__ = tuple(name for name in DataLabelList.__nested__ if name != "numFmt")


class _Styles:
    """Make one sheet's cells, each column's style resolved once and copied to its cells."""

    # Setting a style attribute on a cell looks it up in the workbook's style tables (hashing the
    # style object); copying a resolved style array does not, which keeps 10,000 rows fast.

    def __init__(self, sheet, columns, language):
        self.sheet = sheet
        self.plain, self.numeric = [], []
        for column in columns:
            alignment = _WRAP if column.kind == LONG_TEXT else _TOP
            number_format = NUMBER_FORMATS.get(column.kind) or (
                DATE_FORMATS.get(language, DATE_FORMATS["en"]) if column.kind == DATE else None)
            plain = WriteOnlyCell(sheet)
            plain.alignment = alignment
            numeric = WriteOnlyCell(sheet)
            numeric.alignment = alignment
            if number_format:
                numeric.number_format = number_format
            self.plain.append(plain._style)
            self.numeric.append(numeric._style)

    def header(self, text):
        """A header cell: white bold text on the service's blue, wrapped."""
        cell = WriteOnlyCell(self.sheet, value=neutralise(text))
        cell.font, cell.fill, cell.alignment, cell.border = (
            _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGNMENT, _HEADER_BORDER)
        return cell

    def row(self, values):
        """The cells of one row, text neutralised, numbers and dates formatted by column."""
        cells = []
        for value, plain, numeric in zip(values, self.plain, self.numeric):
            cell = WriteOnlyCell(self.sheet, value=neutralise(value))
            cell._style = copy(plain if value is None or isinstance(value, str) else numeric)
            cells.append(cell)
        return cells


def _prepare(sheet, table):
    """What write-only mode needs before the first row: widths, frozen panes, print setup."""
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"{get_column_letter(table.freeze_columns + 1)}2"
    # Tall enough for the longest header to wrap (spreadsheets do not grow the header row themselves).
    lines = max(math.ceil(len(column.header) / max(column.width - 2, 1)) for column in table.columns)
    sheet.row_dimensions[1].height = 15 * max(lines, 1) + 4
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _write_table(workbook, table, language, progress):
    sheet = workbook.create_sheet(table.title)
    _prepare(sheet, table)
    styles = _Styles(sheet, table.columns, language)
    sheet.append([styles.header(column.header) for column in table.columns])
    count = 0
    for values in table.rows:
        sheet.append(styles.row(values))
        count += 1
        if progress and table.per_mid:
            progress(1)
    last_column = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    return sheet


def _painted(fill):
    """A chart series painted as the dashboard and the HTML report paint ``fill``: its colour, and its mark in ink."""
    painted = GraphicalProperties(ln=LineProperties(solidFill="FFFFFF"))
    if fill.xlsx:
        painted.pattFill = PatternFillProperties(prst=fill.xlsx, fgClr=ColorChoice(srgbClr=fill.ink[1:].upper()),
                                                 bgClr=ColorChoice(srgbClr=fill.colour[1:].upper()))
    else:
        painted.solidFill = fill.colour[1:].upper()
    return painted


def status_chart(summary, networks):
    """A stacked bar chart of MIDs by life status for the first ``networks`` rows of the summary."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.gapWidth = 60
    chart.title = _("MIDs by life status and network")
    chart.y_axis.title = _("MIDs")
    chart.x_axis.title = _("Network")
    # Summary columns: edition, network, MIDs, then the five statuses (D to H).
    data = Reference(summary, min_col=4, max_col=3 + len(STATUSES), min_row=1, max_row=1 + networks)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(summary, min_col=2, min_row=2, max_row=1 + networks))
    for series, status in zip(chart.series, STATUSES):
        series.graphicalProperties = _painted(FILLS[status.value])
    # The count on each bar, zeros left blank: readable without telling colours apart.
    chart.dataLabels = _DataLabels(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                   showPercent=False, numFmt=NumFmt(formatCode="0;-0;;", sourceLinked=False))
    # Without this, current spreadsheet programs hide both axes of an openpyxl chart.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # first network on top, as in the summary
    chart.y_axis.majorGridlines = None
    chart.legend.position = "b"
    chart.width = 17
    chart.height = max(8, 2 + 1.3 * networks)
    return chart


def write_xlsx(tables, target, language="pl", progress=None):
    """Write ``tables`` to ``target`` (a path or a binary file) as one sheet each, plus the chart."""
    workbook = Workbook(write_only=True)
    try:
        for table in tables:
            sheet = _write_table(workbook, table, language, progress)
            if table.key == "summary" and table.chart_rows:
                _chart_sheet(workbook, sheet, table.chart_rows)
    except BaseException:
        _abandon(workbook)
        raise
    workbook.save(target)


def _chart_sheet(workbook, summary, networks):
    sheet = workbook.create_sheet(_("Chart"))
    sheet.page_setup.orientation = "landscape"
    sheet.append([WriteOnlyCell(sheet, value=neutralise(_("MIDs by life status and network")))])
    sheet.add_chart(status_chart(summary, networks), "A3")


def _abandon(workbook):
    """Close the half-written sheets' temporary files, so that a failed export leaves nothing open."""
    for sheet in workbook.worksheets:
        try:
            sheet.close()
        except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
            pass

