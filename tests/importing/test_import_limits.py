"""Import files built to mislead or exhaust the reader: every row is read, and what is too big is refused."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import String

from alumni.forms.plan import ActionForm
from alumni.models import Action, Mid, Milestone, Report, ReportActionUpdate, ReportFunding
from alumni.models.lengths import MAX_LENGTH
from tests.importing.test_importer import (  # noqa: F401
    ACTION_HEADERS, csv_file, programme, run_import, snapshot, workbook,
)


def with_sheet_xml(data, change):
    """The XLSX ``data`` with ``change`` applied to every worksheet's XML, the rest of the zip as it was."""
    source, target = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for member in source.infolist():
            content = source.read(member)
            if member.filename.startswith("xl/worksheets/sheet"):
                content = change(content.decode("utf-8")).encode("utf-8")
            rewritten.writestr(member, content)
    return target.getvalue()


def six_actions():
    return [["Nowa Dęba", "PIM II", "Sieć Zielona", n, f"Działanie {n}", "2024-04", "2025-10", 1000, "w trakcie", 10]
            for n in range(1, 7)]


@pytest.mark.parametrize("dimension, rows_openpyxl_sees", [("A1:A1", 1), ("A1:J2", 2)])
def test_a_sheet_whose_dimension_is_smaller_than_its_data_is_read_to_the_end(session, programme, run_import,
                                                                               dimension, rows_openpyxl_sees):
    data = workbook(actions=six_actions())
    shrunk = with_sheet_xml(data, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>',
                                                     f'<dimension ref="{dimension}"/>', xml))
    # openpyxl's read-only mode, trusting the dimension, stops where it says the data ends.
    sheet = load_workbook(io.BytesIO(shrunk), read_only=True)["Działania"]
    assert len(list(sheet.iter_rows(values_only=True))) == rows_openpyxl_sees
    result = run_import(shrunk, dry_run=True)
    assert result.ok, result.lines
    assert result.counts()["actions"]["created"] == 6
    assert result.counts()["mids"]["created"] == 1 and result.counts()["participants"]["created"] == 1


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_refused_in_polish(session, programme, run_import):
    data = csv_file(ACTION_HEADERS, [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, "x" * 200_000]])
    before = snapshot(session)
    lines = run_import(data, "dzialania.csv", language="pl").lines
    assert lines == ["dzialania.csv, wiersz 2: Komórka jest dłuższa niż 131072 znaków, więcej niż mieści "
                     "jakakolwiek kolumna. Sprawdź, czy każdy cudzysłów w pliku jest zamknięty."]
    assert snapshot(session) == before


def test_a_csv_quote_never_closed_is_refused_not_read_as_one_cell(session, programme, run_import):
    rows = [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, '"Park kieszonkowy'],
            ["Nowa Dęba", "PIM II", "Sieć Zielona", 2, "Łąki kwietne"]]
    lines = run_import(csv_file(ACTION_HEADERS[:5], rows), "dzialania.csv", language="pl").lines
    assert lines == ["dzialania.csv, wiersz 2: Cudzysłów otwarty w tym wierszu nie jest nigdzie zamknięty. "
                     "Zamknij go albo usuń i zaimportuj plik ponownie."]


def test_a_stray_quote_inside_a_quoted_csv_cell_is_refused(session, programme, run_import):
    rows = [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, '"Park "kieszonkowy""']]
    lines = run_import(csv_file(ACTION_HEADERS[:5], rows), "dzialania.csv").lines
    assert lines == ["dzialania.csv, row 2: A quotation mark inside a quoted cell must be doubled (\"\"). "
                     "Save the file again from Excel as CSV UTF-8, or import the .xlsx workbook."]


ENTITY_BOMB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">'
               + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
               + "]>\n")


def test_an_xlsx_with_an_xml_entity_bomb_is_refused(session, programme, run_import):
    def bomb(xml):
        body = xml[xml.index("?>") + 2:].lstrip() if xml.startswith("<?xml") else xml
        return ENTITY_BOMB + body.replace("<v>", "<v>&lol9;", 1)

    data = with_sheet_xml(workbook(), bomb)
    lines = run_import(data, "bomba.xlsx", language="pl").lines
    assert lines == ["bomba.xlsx: Skoroszyt zawiera deklaracje XML (DOCTYPE), których Excel nie zapisuje, więc nie "
                     "zostanie wczytany. Zapisz go ponownie w Excelu jako .xlsx albo jako CSV UTF-8."]


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused_before_it_is_opened(session, programme, run_import):
    source, target = zipfile.ZipFile(io.BytesIO(workbook())), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                # 60 MB of spaces compress to some 60 kB.
                content = content.replace(b"</", b" " * (60 * 1024 * 1024) + b"</", 1)
            rewritten.writestr(member, content)
    small = target.getvalue()
    assert len(small) < 1024 * 1024
    lines = run_import(small, "gesty.xlsx", language="pl").lines
    assert len(lines) == 1, lines
    assert lines[0].startswith("gesty.xlsx: Po rozpakowaniu skoroszyt ma ")
    assert lines[0].endswith(" MB, a wczytać można najwyżej 50 MB. Podziel go na mniejsze pliki.")


def test_a_text_longer_than_its_column_allows_is_refused_by_the_import_as_by_the_form(session, programme,
                                                                                      run_import):
    headers = {"Działania": ACTION_HEADERS[:5] + ["opis"]}
    row = ["Nowa Dęba", "PIM II", "Sieć Zielona", 1, "Park kieszonkowy"]
    limit = next(validator.max for validator in ActionForm.description.kwargs["validators"]
                 if hasattr(validator, "max"))
    lines = run_import(workbook(actions=[row + ["x" * (limit + 1)]], headers=headers)).lines
    assert lines == [f"Działania, row 2, column 'opis': The text is {limit + 1} characters long; "
                     f"at most {limit} are allowed."]
    assert run_import(workbook(actions=[row + ["x" * limit]], headers=headers)).ok


def test_every_free_text_of_a_mid_has_a_maximum_in_the_import(session, programme, run_import):
    mid = ["Nowa Dęba", "PIM II", "Sieć Zielona", "Zielona Nowa Dęba", "u" * 20_000, "2023-03-31"]
    result = run_import(workbook(mids=[mid], actions=[]))
    assert result.lines == ["MID, row 2, column 'wyzwanie': The text is 20000 characters long; "
                            "at most 10000 are allowed."]


def test_the_import_page_and_command_refuse_a_broken_csv_with_the_reason(client, runner, session, programme,
                                                                       create_user, login, tmp_path):
    data = csv_file(ACTION_HEADERS[:5], [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, '"Park']])
    path = tmp_path / "dzialania.csv"
    path.write_bytes(data)
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "wiersz 2: Cudzysłów otwarty w tym wierszu nie jest nigdzie zamknięty." in result.output
    login(create_user(email="admin@example.org", role="admin", password=None))
    page = client.get("/admin/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/admin/import", data={"csrf_token": token, "check": "1",
                                                  "file": (io.BytesIO(data), "dzialania.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert re.search(r'<td class="num">2</td>\s*<td></td><td>Cudzysłów otwarty w tym wierszu nie jest nigdzie '
                     r"zamknięty.", response.get_data(as_text=True))


def test_every_text_column_a_person_writes_has_one_maximum_that_the_schema_agrees_with():
    vocabularies, checked = {"status", "state", "lineage_kind"}, []
    for model in (Mid, Action, Milestone, Report, ReportActionUpdate, ReportFunding):
        for column in model.__table__.columns:
            kind = getattr(column.type, "impl_instance", column.type)  # SQLModel's strings wrap a String
            if not isinstance(kind, String) or column.name in vocabularies:
                continue
            name = f"{model.__tablename__}.{column.name}"
            checked.append(name)
            assert name in MAX_LENGTH, name
            assert kind.length in (None, MAX_LENGTH[name]), name  # TEXT, or VARCHAR of that size
    assert {"mid.title", "mid.challenge", "action.description", "milestone.evidence", "reportfunding.source"} <= set(
        checked)
