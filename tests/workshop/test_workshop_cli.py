"""`alumni export workshop` and `alumni export brief`, as people run them."""

import csv
import io
import zipfile

from openpyxl import load_workbook

from tests.workshop_fixture import programme  # noqa: F401


def test_export_workshop_writes_the_xlsx_as_of_the_day_given(runner, programme, tmp_path):
    output = tmp_path / "exports" / "warsztaty-2026.xlsx"
    result = runner.invoke(args=["export", "workshop", "--year", "2026", "--format", "xlsx",
                                 "--output", str(output), "--as-of", "2026-12-15"])
    assert result.exit_code == 0, result.output
    assert "6 MIDs, as of 2026-12-07" in result.output
    workbook = load_workbook(output)
    assert [row[2] for row in workbook["MID-y"].iter_rows(min_row=2, values_only=True)] == [
        "Toruń", "Łódź", "Rzeszów", "Lublin", "Słupsk", "Żyrardów"]


def test_export_workshop_csv_one_table_in_english(runner, programme, tmp_path):
    output = tmp_path / "mids.csv"
    result = runner.invoke(args=["export", "workshop", "--year", "2026", "--format", "csv", "--table", "mids",
                                 "--lang", "en", "--output", str(output), "--as-of", "2026-12-15"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(output.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Edition", "Network", "Participant"] and len(rows) == 7


def test_export_workshop_html_and_briefs(runner, programme, tmp_path):
    report = runner.invoke(args=["export", "workshop", "--year", "2026", "--format", "html",
                                 "--output", str(tmp_path / "r.html"), "--as-of", "2026-12-15"])
    assert report.exit_code == 0, report.output
    assert "Sieć Zielona" in (tmp_path / "r.html").read_text(encoding="utf-8")
    one = runner.invoke(args=["export", "brief", "--year", "2026", "--participant", "łódź",
                              "--output", str(tmp_path / "lodz.html"), "--as-of", "2026-12-15"])
    assert one.exit_code == 0, one.output
    assert "<h1>Łódź:" in (tmp_path / "lodz.html").read_text(encoding="utf-8")
    every = runner.invoke(args=["export", "brief", "--year", "2026", "--output", str(tmp_path / "b.zip"),
                                "--as-of", "2026-12-15"])
    assert every.exit_code == 0 and "Wrote 6 brief(s)" in every.output
    assert len(zipfile.ZipFile(tmp_path / "b.zip").namelist()) == 6


def test_export_explains_what_cannot_be_done(runner, programme, tmp_path):
    early = runner.invoke(args=["export", "workshop", "--year", "2027", "--format", "xlsx",
                                "--output", str(tmp_path / "x.xlsx"), "--as-of", "2026-12-01"])
    assert early.exit_code != 0 and "has not begun: it starts on 2026-12-08" in early.output
    table = runner.invoke(args=["export", "workshop", "--year", "2026", "--format", "xlsx", "--table", "mids",
                                "--output", str(tmp_path / "x.xlsx")])
    assert table.exit_code != 0 and "single table is a CSV" in table.output
    nobody = runner.invoke(args=["export", "brief", "--year", "2026", "--participant", "Atlantyda",
                                 "--output", str(tmp_path / "x.html")])
    assert nobody.exit_code != 0 and "No participant is named 'Atlantyda'" in nobody.output
    many = runner.invoke(args=["export", "brief", "--year", "2026", "--output", str(tmp_path / "x.html")])
    assert many.exit_code != 0 and "ending in .zip" in many.output
