"""Import files built to mislead or exhaust the reader: every row is read, and what is too big is refused."""

import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from alumni.models import Action
from tests.test_importer import ACTION_HEADERS, ACTIONS, programme, run_import, snapshot, workbook  # noqa: F401


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
