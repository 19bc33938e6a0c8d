"""The workshop export files: XLSX, CSV and the HTML report, opened with their own readers."""

import csv
import io
import zipfile
from datetime import date

import pytest
from flask_babel import force_locale, gettext
from openpyxl import load_workbook

from alumni.workshop.aggregate import workshop_picture
from alumni.workshop.export import write_export
from alumni.workshop.tables import neutralise
from tests.workshop_fixture import CLOCK, INJECTED_PRACTICE, INJECTED_SUPPORT, programme, reader  # noqa: F401


@pytest.fixture
def export(app, reader, tmp_path):
    """Write the fixture's 2026 export as ``fmt`` in ``language`` and return the file's path."""

    def build(fmt, language="pl", table=None, suffix=None):
        path = tmp_path / f"workshop-{language}{suffix or '.' + fmt}"
        with app.app_context():
            write_export(reader, workshop_picture(reader, 2026, CLOCK), fmt, path, language, table=table)
        return path

    return build


def _in(app, language, *messages):
    with app.app_context(), force_locale(language):
        return [gettext(message) for message in messages]


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _row(rows, *start):
    return next(row for row in rows if tuple(row[:len(start)]) == start)


@pytest.mark.parametrize("neutralised", ["=1+1", "+48 600", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(neutralised):
    assert neutralise(neutralised) == "'" + neutralised
    assert neutralise("Łódź") == "Łódź" and neutralise(-2) == -2 and neutralise(None) is None


def test_xlsx_has_one_sheet_per_table_with_polish_headers(app, export):
    workbook = load_workbook(export("xlsx"))
    expected = _in(app, "pl", "About", "Summary", "Chart")
    assert workbook.sheetnames[:3] == expected
    assert "MID-y" in workbook.sheetnames and len(workbook.sheetnames) == 14
    summary = workbook[workbook.sheetnames[1]]
    header = [cell.value for cell in summary[1]]
    assert header[:8] == ["Edycja", "Sieć", "MID-y", "Aktywny", "Zagrożony", "Uśpiony", "Zrealizowany", "Porzucony"]
    assert header[8:] == _in(app, "pl", "Share of actions done", "Actions done in the period",
                             "Actions started in the period", "Milestones achieved in the period",
                             "Reports expected", "Reports received", "Reports on time",
                             "Reporting completeness", "On-time rate", "Funding obtained (PLN)", "Barriers reported")


def test_xlsx_summary_numbers_match_the_hand_computed_fixture(app, export):
    workbook = load_workbook(export("xlsx"))
    rows = _rows(workbook[workbook.sheetnames[1]])
    assert [row[1] for row in rows[1:4]] == ["Jakość powietrza", "Sieć Cyfrowa", "Sieć Zielona"]
    green = _row(rows, "PIM II", "Sieć Zielona")
    assert green[2:] == [3, 1, 1, 0, 0, 1, 0.5, 2, 1, 1, 2, 2, 2, 1, 1, 1250000, 3]
    digital = _row(rows, "PIM II", "Sieć Cyfrowa")
    # Łódź is completed: not expected (nor its report counted); Rzeszów left a draft.
    assert digital[2:] == [2, 0, 1, 0, 1, 0, 0.5, 1, 1, 0, 1, 0, 0, 0, 0, 50000, 0]
    total = rows[-1]
    assert total[2:8] == [6, 1, 2, 1, 1, 1]
    assert total[8] == pytest.approx(4 / 9) and total[12:15] == [4, 2, 2] and total[15] == pytest.approx(0.5)
    assert total[16] == pytest.approx(0.5) and total[17] == 1300000 and total[18] == 3
    change = _rows(workbook[workbook.sheetnames[3]])[-1]
    # 2025: 5 MIDs (2 active, 3 dormant), 1 of 4 reports, 100,000 PLN, 1 barrier.
    assert change[2:8] == [1, -1, 2, -2, 1, 1]
    assert change[15] == pytest.approx(25.0) and change[17] == 1200000 and change[18] == 2


def test_xlsx_sheets_have_frozen_header_filter_widths_and_formats(export):
    workbook = load_workbook(export("xlsx"))
    summary = workbook[workbook.sheetnames[1]]
    assert summary.freeze_panes == "C2"
    assert summary.auto_filter.ref == f"A1:S{summary.max_row}"
    assert summary["A1"].font.b and summary["A1"].fill.fgColor.rgb.endswith("0B4F8A")
    # 34 characters wide: the stored width adds the cell's padding, as Excel itself stores it (34.71).
    assert 34 < summary.column_dimensions["B"].width < 35
    assert summary["I2"].number_format == "0.0%" and summary["R2"].number_format == "#,##0.00"
    mids = workbook["MID-y"]
    assert mids.freeze_panes == "D2" and mids.auto_filter.ref == "A1:R7"
    slupsk = next(cell.row for cell in mids["C"] if cell.value == "Słupsk")
    assert mids.cell(slupsk, 14).value.date() == date(2026, 6, 10)
    assert mids.cell(slupsk, 14).number_format == "dd.mm.yyyy"


def test_xlsx_chart_shows_life_status_by_network_with_visible_axes(app, export):
    workbook = load_workbook(export("xlsx"))
    chart = workbook[workbook.sheetnames[2]]._charts[0]
    assert chart.type == "bar" and chart.grouping == "stacked" and len(chart.series) == 5
    # Neither axis deleted (a deleted axis has <c:delete val="1"/>; a shown one none, as Excel writes it).
    assert not chart.x_axis.delete and not chart.y_axis.delete
    assert chart.x_axis.title is not None and chart.y_axis.title is not None
    # Categories are the three network rows of the summary, values its five status columns.
    assert chart.series[0].cat.numRef.f.endswith("$B$2:$B$4")
    assert chart.series[0].val.numRef.f.endswith("$D$2:$D$4")


def test_xlsx_chart_paints_each_status_with_the_colours_and_mark_of_the_other_charts(app, export):
    from alumni.charts import FILLS

    chart = load_workbook(export("xlsx"))["Wykres"]._charts[0]
    for series, status in zip(chart.series, ("active", "at_risk", "dormant", "completed", "abandoned")):
        fill, painted = FILLS[status], series.graphicalProperties
        if fill.xlsx:
            pattern = painted.pattFill
            assert (pattern.prst, pattern.fgClr.srgbClr, pattern.bgClr.srgbClr) == (
                fill.xlsx, fill.ink[1:].upper(), fill.colour[1:].upper()), status
        else:
            assert painted.solidFill.srgbClr == fill.colour[1:].upper(), status


def test_xlsx_mid_sheet_tells_each_mids_year_and_escapes_formulas(app, export):
    workbook = load_workbook(export("xlsx"))
    rows = _rows(workbook["MID-y"])
    slupsk = _row(rows, "PIM II", "Sieć Zielona", "Słupsk")
    assert slupsk[5:12] == ["aktywny", "aktywny", 3, 2, pytest.approx(2 / 3), 1, 1]
    assert "Ogrody deszczowe" in slupsk[12] and "Odbiór" in slupsk[12]
    assert slupsk[14] == "Ogrody deszczowe w Podgrodziu gotowe."
    assert slupsk[15] == "finansowe, prawne — Brak wkładu własnego; niejasne przepisy."
    assert slupsk[17] == "'" + INJECTED_PRACTICE
    cell = next(c for c in workbook["MID-y"]["R"] if c.value == "'" + INJECTED_PRACTICE)
    assert cell.data_type == "s"
    rzeszow = _row(rows, "PIM II", "Sieć Cyfrowa", "Rzeszów")
    assert rzeszow[6] == _in(app, "pl", "new MID")[0]
    support = _rows(workbook[_in(app, "pl", "Support needed")[0]])
    assert _row(support, "PIM II", "Sieć Zielona", "Lublin")[-1] == "'" + INJECTED_SUPPORT


def test_xlsx_in_english_on_request(app, export):
    workbook = load_workbook(export("xlsx", language="en"))
    assert workbook.sheetnames[:3] == ["About", "Summary", "Chart"] and "MIDs" in workbook.sheetnames
    rows = _rows(workbook["MIDs"])
    assert rows[0][:3] == ["Edition", "Network", "Participant"]
    assert _row(rows, "PIM II", "Sieć Zielona", "Słupsk")[5] == "active"


def test_csv_zip_has_one_file_per_table_that_polish_excel_reads(export):
    path = export("csv", suffix=".zip")
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names[:4] == ["01-informacje.csv", "02-podsumowanie.csv", "03-zmiana-wobec-2025.csv", "04-mid-y.csv"]
        assert len(names) == 13
        raw = archive.read("04-mid-y.csv")
        summary = archive.read("02-podsumowanie.csv").decode("utf-8-sig")
    assert raw.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Edycja", "Sieć", "Uczestnik"]
    participants = [row[2] for row in rows[1:]]
    assert participants == ["Toruń", "Łódź", "Rzeszów", "Lublin", "Słupsk", "Żyrardów"]
    slupsk = rows[participants.index("Słupsk") + 1]
    assert slupsk[9] == "66,7%" and slupsk[13] == "2026-06-10"
    assert slupsk[17] == "'" + INJECTED_PRACTICE
    green = next(row for row in csv.reader(io.StringIO(summary), delimiter=";") if row[1] == "Sieć Zielona")
    assert green[2:] == ["3", "1", "1", "0", "0", "1", "50,0%", "2", "1", "1", "2", "2", "2", "100,0%",
                        "100,0%", "1250000,00", "3"]


def test_csv_of_one_table_is_a_plain_file(export):
    path = export("csv", table="funding", suffix=".csv")
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["PIM II", "Sieć Zielona", "KPO", "1000000,00", "0,00", "1000000,00"] in rows
    assert ["PIM II", "Sieć Zielona", "WFOŚiGW", "0,00", "100000,00", "-100000,00"] in rows


def test_csv_in_english_uses_decimal_points(export):
    with zipfile.ZipFile(export("csv", language="en", suffix=".zip")) as archive:
        summary = archive.read("02-summary.csv").decode("utf-8-sig")
    green = next(row for row in csv.reader(io.StringIO(summary), delimiter=";") if row[1] == "Sieć Zielona")
    assert green[8] == "50.0%" and green[17] == "1250000.00"


def test_html_report_has_contents_charts_with_text_and_a_section_per_network(export):
    html = export("html").read_text(encoding="utf-8")
    assert '<html lang="pl">' in html and "<style>" in html and "@page" in html
    assert html.count('class="network"') == 3
    for anchor in ("#summary", "#barriers", "#funding"):
        assert f'href="{anchor}"' in html
    assert html.count('role="img"') >= 3 and "<desc" in html
    assert "Sieć Zielona: aktywny 1, zagrożony 1, porzucony 1" in html
    assert "Słupsk" in html and "&#39;=HYPERLINK" not in html  # HTML needs no apostrophe, only escaping
    assert "=HYPERLINK(&#34;http://zly.example.org&#34;" in html


def test_unknown_format_and_misplaced_table_are_refused(export):
    from alumni.workshop.export import ExportError

    with pytest.raises(ExportError, match="Unknown format"):
        export("pdf")
    with pytest.raises(ExportError, match="single table"):
        export("xlsx", table="mids")


def test_a_failed_export_leaves_no_file_behind(app, reader, tmp_path, monkeypatch):
    from alumni.workshop import export as export_module
    from alumni.workshop.tables import Column, Table

    def broken_rows():
        yield ("Słupsk",)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(export_module, "build_tables",
                        lambda *args: [Table("mids", "MID-y", [Column("Uczestnik")], broken_rows())])
    path = tmp_path / "exports" / "workshop.xlsx"
    with app.app_context(), pytest.raises(RuntimeError, match="went away"):
        write_export(reader, workshop_picture(reader, 2026, CLOCK), "xlsx", path)
    assert list(path.parent.iterdir()) == []
