"""Bulk import: good files write what they say once; a file with any problem writes nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from alumni.db import get_db
from alumni.importer import build_template, describe_problem, import_file
from alumni.models import Action, AuditEvent, Membership, Mid, Participant

PARTICIPANT_HEADERS = ["nazwa", "rodzaj", "województwo", "liczba mieszkańców", "TERYT"]
MID_HEADERS = ["uczestnik", "edycja", "sieć", "tytuł", "wyzwanie", "data przyjęcia"]
ACTION_HEADERS = ["uczestnik", "edycja", "sieć", "lp", "tytuł", "planowany początek", "planowany koniec",
                  "szacowany budżet (PLN)", "status", "postęp (%)"]

PARTICIPANTS = [["Nowa Dęba", "gmina", "podkarpackie", "11 200", "1820064"]]
MIDS = [["Nowa Dęba", "PIM II", "Sieć Zielona", "Zielona Nowa Dęba", "upały", "31.03.2023"]]
ACTIONS = [
    ["Nowa Dęba", "PIM II", "Sieć Zielona", 1, "Park kieszonkowy", "2024-04", "10.2025", "125 000,50", "w trakcie", 40],
    ["Nowa Dęba", "PIM II", "Sieć Zielona", 2, "Łąki kwietne", "2024-05", "2024-09", 8000, "zrealizowane", None],
]


def workbook(participants=PARTICIPANTS, mids=MIDS, actions=ACTIONS, headers=None):
    """An XLSX file as a ministry official would fill it in."""
    headers = headers or {}
    book = Workbook()
    book.remove(book.active)
    for name, default_headers, rows in (("Uczestnicy", PARTICIPANT_HEADERS, participants),
                                        ("MID", MID_HEADERS, mids), ("Działania", ACTION_HEADERS, actions)):
        sheet = book.create_sheet(name)
        sheet.append(headers.get(name, default_headers))
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_file(headers, rows, delimiter=";", bom=True):
    lines = [delimiter.join(headers)] + [delimiter.join("" if v is None else str(v) for v in row) for row in rows]
    return (b"\xef\xbb\xbf" if bom else b"") + "\r\n".join(lines).encode("utf-8")


@pytest.fixture
def programme(create_network, create_mid, create_action):
    """PIM II's green network, with Słupsk's MID and one of its actions already in the service."""
    network = create_network(name="Sieć Zielona", edition_code="PIM II")
    mid = create_mid(participant="Słupsk", network=network, title="Błękitno-zielona infrastruktura")
    create_action(mid, title="Ogrody deszczowe", position=1, status="in_progress", progress=50)
    return network


@pytest.fixture
def run_import(app):
    """Import a file as the CLI and the upload page do: one session, commit only when it applied."""

    def run(data, filename="import.xlsx", dry_run=False, language="en"):
        with app.app_context(), force_locale(language):
            session = get_db(app).session()
            try:
                result = import_file(session, data, filename, dry_run=dry_run)
                if result.applied:
                    session.commit()
                result.lines = [describe_problem(problem) for problem in result.problems]
                return result
            finally:
                session.close()

    return run


def snapshot(session):
    """How many rows each table the import touches holds, and every record's version."""
    session.rollback()  # see what the import committed
    counts = [session.exec(select(func.count()).select_from(model)).one()
              for model in (Participant, Mid, Action, Membership, AuditEvent)]
    versions = sorted(session.exec(select(Action.id, Action.version)).all())
    return counts, versions, sorted(session.exec(select(Mid.id, Mid.version)).all())


def test_template_has_the_data_sheets_and_explains_every_column_in_polish(session, programme):
    with_networks = load_workbook(io.BytesIO(build_template(session)), read_only=True)
    assert with_networks.sheetnames == ["Uczestnicy", "MID", "Działania", "Objaśnienia", "Sieci"]
    assert [c.value for c in next(with_networks["Działania"].iter_rows(max_row=1))][:5] == [
        "uczestnik", "edycja", "sieć", "lp", "tytuł"]
    explained = [row for row in with_networks["Objaśnienia"].iter_rows(values_only=True)]
    assert ("Działania", "status", "nie") == explained[[r[:2] for r in explained].index(("Działania", "status"))][:3]
    assert any(row[0] and "wszystko albo nic" in row[0] for row in explained)
    assert ("PIM II", "Sieć Zielona", "Sieć Zielona") in list(with_networks["Sieci"].iter_rows(values_only=True))


def test_the_empty_template_imports_nothing_and_says_so(session, programme, run_import):
    result = run_import(build_template(session), "szablon.xlsx")
    assert not result.ok and "no rows to import" in result.lines[0]


def test_a_good_workbook_creates_participants_mids_and_actions(session, programme, run_import):
    result = run_import(workbook())
    assert result.ok and result.applied, result.lines
    assert result.counts()["actions"] == {"created": 2, "updated": 0, "unchanged": 0}
    session.rollback()
    town = session.exec(select(Participant).where(Participant.name == "Nowa Dęba")).one()
    assert (town.kind, town.voivodeship, town.population, town.teryt) == ("municipality", "podkarpackie", 11200,
                                                                          "1820064")
    mid = session.exec(select(Mid).where(Mid.participant_id == town.id)).one()
    assert (mid.title, mid.challenge, mid.adopted_on, mid.network_id) == (
        "Zielona Nowa Dęba", "upały", date(2023, 3, 31), programme.id)
    assert session.exec(select(Membership).where(Membership.participant_id == town.id)).one()
    park, meadow = session.exec(select(Action).where(Action.mid_id == mid.id).order_by(Action.position)).all()
    assert (park.planned_start, park.planned_end, park.estimated_budget, park.status, park.progress) == (
        date(2024, 4, 1), date(2025, 10, 1), Decimal("125000.50"), "in_progress", 40)
    assert (meadow.status, meadow.progress) == ("done", 100)
    events = session.exec(select(AuditEvent).where(AuditEvent.via == "import")).all()
    assert sorted(e.entity_type for e in events) == ["action", "action", "membership", "mid", "participant"]
    assert {e.mid_id for e in events if e.entity_type in ("mid", "action")} == {mid.id}


def test_importing_the_same_file_again_changes_nothing(session, programme, run_import):
    data = workbook()
    assert run_import(data).applied
    before = snapshot(session)
    again = run_import(data)
    assert again.ok and again.counts() == {
        "participants": {"created": 0, "updated": 0, "unchanged": 1},
        "mids": {"created": 0, "updated": 0, "unchanged": 1},
        "actions": {"created": 0, "updated": 0, "unchanged": 2},
    }
    assert snapshot(session) == before


def test_a_dry_run_shows_what_would_change_and_writes_nothing(session, programme, run_import):
    before = snapshot(session)
    changed = [["Słupsk", "PIM II", "Sieć Zielona", 1, "Ogrody deszczowe", None, None, None, "opóźnione", None]]
    result = run_import(workbook(actions=changed + ACTIONS[:1]), dry_run=True)
    assert result.ok and not result.applied
    assert [(c.sheet, c.row, c.outcome, c.label) for c in result.changes] == [
        ("Uczestnicy", 2, "created", "Nowa Dęba"),
        ("MID", 2, "created", "Nowa Dęba — Sieć Zielona (PIM II)"),
        ("Działania", 2, "updated", "Słupsk — Sieć Zielona (PIM II): Ogrody deszczowe"),
        ("Działania", 3, "created", "Nowa Dęba — Sieć Zielona (PIM II): Park kieszonkowy"),
    ]
    assert result.changes[2].fields == {"status": ("in_progress", "delayed")}
    assert snapshot(session) == before


def test_an_empty_cell_leaves_the_stored_value_and_a_number_lets_an_action_be_renamed(session, programme, run_import):
    renamed = [["Słupsk", "PIM II", "Sieć Zielona", 1, "Ogrody deszczowe i niecki", None, None, None, None, 60]]
    result = run_import(workbook(participants=[], mids=[], actions=renamed))
    assert result.counts()["actions"] == {"created": 0, "updated": 1, "unchanged": 0}
    session.rollback()
    action = session.exec(select(Action).where(Action.position == 1)).one()
    assert (action.title, action.progress, action.status, action.estimated_budget) == (
        "Ogrody deszczowe i niecki", 60, "in_progress", Decimal("100000.00"))
    assert action.version == 2


@pytest.mark.parametrize("delimiter, bom", [(";", True), (",", False)])
def test_a_csv_file_of_one_sheet_imports_with_either_separator(session, programme, run_import, delimiter, bom):
    data = csv_file(PARTICIPANT_HEADERS, [["Iława", "miasto", "warmińsko-mazurskie", "32000", ""]], delimiter, bom)
    result = run_import(data, "uczestnicy.csv")
    assert result.applied, result.lines
    session.rollback()
    assert session.exec(select(Participant.voivodeship).where(Participant.name == "Iława")).one() == \
        "warmińsko-mazurskie"


def _refused(session, run_import, data, filename="import.xlsx"):
    before = snapshot(session)
    result = run_import(data, filename)
    assert not result.ok and not result.applied
    assert snapshot(session) == before
    return result.lines


def test_wrong_headers_are_named_and_nothing_is_written(session, programme, run_import):
    headers = {"MID": ["uczestnik", "edycja", "siec", "nazwa MID"]}
    lines = _refused(session, run_import, workbook(headers=headers))
    assert "MID, row 1, column 'nazwa MID': Unknown column 'nazwa MID'." in lines[0]
    assert lines[1] == "MID, row 1, column 'tytuł': The required column 'tytuł' is missing."
    csv_lines = _refused(session, run_import, csv_file(["miasto", "kraj"], [["A", "B"]]), "dane.csv")
    assert csv_lines == ["dane.csv, row 1: The columns do not match any sheet of the template "
                         "(Uczestnicy, MID, Działania). Check the header row, or start from the template."]


def test_an_unknown_network_or_edition_or_participant_is_reported_with_its_row(session, programme, run_import):
    mids = [["Słupsk", "PIM II", "Sieć Niebieska", "X", None, None],
            ["Słupsk", "PIM IV", "Sieć Zielona", "Y", None, None],
            ["Atlantyda", "PIM II", "Sieć Zielona", "Z", None, None]]
    lines = _refused(session, run_import, workbook(participants=PARTICIPANTS, mids=MIDS + mids, actions=ACTIONS))
    assert lines == [
        "MID, row 3, column 'sieć': Unknown network 'Sieć Niebieska' in PIM II. Its networks are: Sieć Zielona.",
        "MID, row 4, column 'edycja': Unknown edition 'PIM IV'. The editions are: PIM II.",
        "MID, row 5, column 'uczestnik': Unknown participant 'Atlantyda'. Check the spelling, "
        "or add it to the sheet Uczestnicy.",
    ]


def test_bad_dates_months_and_numbers_say_what_to_write(session, programme, run_import):
    mids = [["Nowa Dęba", "PIM II", "Sieć Zielona", "Zielona Nowa Dęba", None, "31.02.2023"]]
    actions = [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, "Park", "kwiecień", "2024-13", "dużo", "gotowe", 140],
               ["Nowa Dęba", "PIM II", "Sieć Zielona", 2, "Łąki", "2025-05", "2024-09", None, "done", 50]]
    lines = _refused(session, run_import, workbook(mids=mids, actions=actions))
    assert lines == [
        "MID, row 2, column 'data przyjęcia': '31.02.2023' is not a date; write YYYY-MM-DD or DD.MM.YYYY, "
        "e.g. 2025-03-31.",
        "Działania, row 2, column 'planowany początek': 'kwiecień' is not a month; write YYYY-MM or MM.YYYY, "
        "e.g. 2025-03.",
        "Działania, row 2, column 'planowany koniec': '2024-13' is not a month; write YYYY-MM or MM.YYYY, "
        "e.g. 2025-03.",
        "Działania, row 2, column 'szacowany budżet (PLN)': 'dużo' is not an amount; write e.g. 125 000,50.",
        "Działania, row 2, column 'status': 'gotowe' is not allowed here; write one of: zaplanowane, w trakcie, "
        "zrealizowane, opóźnione, wstrzymane, zaniechane.",
        "Działania, row 2, column 'postęp (%)': 140 is outside the allowed range 0–100.",
        "Działania, row 3, column 'postęp (%)': A done action has progress 100.",
        "Działania, row 3, column 'planowany koniec': The planned end comes before the planned start.",
    ]


def test_duplicate_keys_in_the_file_point_to_the_first_row(session, programme, run_import):
    participants = PARTICIPANTS + [["nowa dęba", None, "podkarpackie", None, None]]
    mids = MIDS + [["Nowa Dęba", "PIM II", "sieć zielona", "Inny tytuł", None, None]]
    actions = ACTIONS + [["Nowa Dęba", "PIM II", "Sieć Zielona", 1, "Inne", None, None, None, None, None],
                         ["Nowa Dęba", "PIM II", "Sieć Zielona", None, "łąki kwietne", None, None, None, None, None]]
    lines = _refused(session, run_import, workbook(participants, mids, actions))
    assert lines == [
        "Uczestnicy, row 3, column 'nazwa': The participant 'nowa dęba' is already in row 2.",
        "MID, row 3, column 'sieć': The MID Nowa Dęba — Sieć Zielona (PIM II) is already in row 2.",
        "Działania, row 4, column 'lp': This action is already in row 2 (same MID and same number).",
        "Działania, row 5, column 'tytuł': This action is already in row 3 (same MID and same title).",
    ]


def test_an_action_of_a_mid_that_exists_nowhere_is_refused(session, programme, run_import):
    lines = _refused(session, run_import, workbook(mids=[]))
    assert lines[0] == ("Działania, row 2, column 'sieć': There is no MID Nowa Dęba — Sieć Zielona (PIM II). "
                        "Add it to the sheet MID first.")


def test_an_empty_file_is_refused(session, programme, run_import):
    assert _refused(session, run_import, b"", "pusty.csv") == ["pusty.csv: The file is empty."]
    assert _refused(session, run_import, b"\xef\xbb\xbf \r\n", "pusty.csv") == ["pusty.csv: The file is empty."]
    headers_only = _refused(session, run_import, workbook(participants=[], mids=[], actions=[]))
    assert "no rows to import" in headers_only[0]


def test_a_20_mb_file_is_refused_with_its_size_and_the_limit(session, programme, run_import):
    row = "Miasto {};miasto;pomorskie;1000;\n"
    body = "nazwa;rodzaj;województwo;liczba mieszkańców;TERYT\n" + "".join(row.format(n) for n in range(600_000))
    data = body.encode("utf-8")[: 20 * 1024 * 1024]
    assert _refused(session, run_import, data, "duzy.csv") == [
        "duzy.csv: The file is 20 MB; files of up to 10 MB can be imported. "
        "Split it into smaller files and import them one after another."]


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "neither an Excel workbook (.xlsx) nor a CSV file"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "is not in UTF-8"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Excel file (.xls)"),
    (b"PK\x03\x04" + b"\x00" * 64, "could not be read as an Excel workbook"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused(session, programme, run_import, data, message):
    assert message in _refused(session, run_import, data, "plik.xlsx")[0]


def test_the_import_command_checks_dry_runs_and_imports(runner, session, programme, tmp_path):
    path = tmp_path / "mids.xlsx"
    path.write_bytes(workbook())
    dry = runner.invoke(args=["import", str(path), "--dry-run", "--language", "en"])
    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was written." in dry.output
    assert "Działania, row 3: create Nowa Dęba — Sieć Zielona (PIM II): Łąki kwietne" in dry.output
    assert "Actions: created 2, updated 0, unchanged 0" in dry.output
    assert snapshot(session)[0][0] == 1
    real = runner.invoke(args=["import", str(path)])
    assert real.exit_code == 0, real.output
    assert "MID-y:" in real.output  # Polish unless asked otherwise
    assert snapshot(session)[0][:3] == [2, 2, 3]


def test_the_import_command_lists_every_problem_and_fails(runner, session, programme, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook(mids=[["Nowa Dęba", "PIM II", "Sieć X", "T", None, "wczoraj"]]))
    result = runner.invoke(args=["import", str(path), "--language", "en"])
    assert result.exit_code == 1
    assert "The file cannot be imported; nothing was written. Problems found: 4." in result.output
    assert "MID, row 2, column 'sieć': Unknown network 'Sieć X' in PIM II." in result.output
    assert "MID, row 2, column 'data przyjęcia': 'wczoraj' is not a date" in result.output
    assert snapshot(session)[0][0] == 1


def test_the_import_template_command_writes_the_template(runner, programme, tmp_path):
    path = tmp_path / "szablon.xlsx"
    result = runner.invoke(args=["import-template", str(path)])
    assert result.exit_code == 0, result.output
    assert "Objaśnienia" in load_workbook(path, read_only=True).sheetnames


def test_participants_bring_their_coordinates_for_the_map(session, programme, run_import):
    headers = {"Uczestnicy": PARTICIPANT_HEADERS + ["szerokość geograficzna", "długość geograficzna"]}
    participants = [["Nowa Dęba", "gmina", "podkarpackie", "11 200", "1820064", "50,42°", 21.75]]
    assert run_import(workbook(participants=participants, headers=headers)).applied
    session.rollback()
    town = session.exec(select(Participant).where(Participant.name == "Nowa Dęba")).one()
    assert (town.latitude, town.longitude) == (50.42, 21.75)
    wrong = [["Nowa Dęba", "gmina", "podkarpackie", None, None, "północ", 190]]
    lines = _refused(session, run_import, workbook(participants=wrong, headers=headers))
    assert lines == [
        "Uczestnicy, row 2, column 'szerokość geograficzna': 'północ' is not a number of degrees; "
        "write e.g. 54,52.",
        "Uczestnicy, row 2, column 'długość geograficzna': 190 is outside the allowed range −180 to 180 degrees.",
    ]
