"""Importing indicators and their values: all or nothing, a dry run, matched again on a second import."""

import io
from decimal import Decimal

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlmodel import select

from alumni.db import get_db
from alumni.importer import build_template, describe_problem, import_file
from alumni.models import AuditEvent, Indicator, IndicatorValue

KEY = ["Słupsk", "PIM II", "Sieć Zielona"]
ACTIONS = (["uczestnik", "edycja", "sieć", "lp", "tytuł"], [[*KEY, 2, "Zbiornik retencyjny"]])
INDICATORS = (["uczestnik", "edycja", "sieć", "wskaźnik", "jednostka", "kierunek", "wartość bazowa", "rok bazowy",
               "wartość docelowa", "rok docelowy", "źródło lub metoda", "lp działania"],
              [[*KEY, "Objętość retencji", "m³", "więcej = lepiej", "1 200", 2022, "15 000,5", 2030, "Wodociągi", 2],
               [*KEY, "Emisja CO₂", "t CO₂", "mniej = lepiej", 5000, 2022, 3000, 2030, "", None]])
VALUES = (["uczestnik", "edycja", "sieć", "wskaźnik", "rok", "wartość", "komentarz"],
          [[*KEY, "Objętość retencji", 2024, "7 450,25", "po budowie"],
           [*KEY, "objętość retencji", 2025, 9000, ""],
           [*KEY, "Emisja CO₂", 2025, "4 100", ""]])


def workbook(**sheets):
    book = Workbook()
    book.remove(book.active)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def programme(create_network, create_mid):
    network = create_network(name="Sieć Zielona", edition_code="PIM II")
    return create_mid(participant="Słupsk", network=network)


@pytest.fixture
def run_import(app):
    def run(data, dry_run=False):
        with app.app_context(), force_locale("pl"):
            session = get_db(app).session()
            try:
                result = import_file(session, data, "import.xlsx", dry_run=dry_run)
                if result.applied:
                    session.commit()
                result.lines = [describe_problem(problem) for problem in result.problems]
                return result
            finally:
                session.close()

    return run


FILE = {"Działania": ACTIONS, "Wskaźniki": INDICATORS, "Wartości wskaźników": VALUES}


def test_indicators_and_values_are_imported_once_and_audited(run_import, programme, session):
    dry = run_import(workbook(**FILE), dry_run=True)
    assert dry.ok and not dry.applied and dry.counts()["indicators"]["created"] == 2
    assert session.exec(select(Indicator)).all() == []

    result = run_import(workbook(**FILE))
    assert result.applied, result.lines
    retention, emissions = session.exec(select(Indicator).order_by(Indicator.position)).all()
    assert (retention.unit, retention.baseline_value, retention.target_value, retention.direction) == (
        "m³", Decimal("1200.0000"), Decimal("15000.5000"), "increase")
    assert retention.action_id is not None and emissions.direction == "decrease"
    values = session.exec(select(IndicatorValue.year, IndicatorValue.value)
                          .where(IndicatorValue.indicator_id == retention.id).order_by(IndicatorValue.year)).all()
    assert values == [(2024, Decimal("7450.2500")), (2025, Decimal("9000.0000"))]
    audited = session.exec(select(AuditEvent.via).where(AuditEvent.entity_type == "indicatorvalue")).all()
    assert audited == ["import"] * 3

    again = run_import(workbook(**FILE))
    assert again.applied and {counts["created"] + counts["updated"] for counts in again.counts().values()} == {0}


def test_a_file_with_one_bad_value_writes_nothing(run_import, programme, session):
    bad_values = (VALUES[0], VALUES[1] + [[*KEY, "Objętość retencji", 2023, "-5", ""],
                                          [*KEY, "Nieznany wskaźnik", 2023, "5", ""]])
    bad_target = (INDICATORS[0], INDICATORS[1] + [[*KEY, "Udział rowerów", "%", "", 10, 2022, 140, 2030, "", None]])
    result = run_import(workbook(**{"Działania": ACTIONS, "Wskaźniki": bad_target, "Wartości wskaźników": bad_values}))
    assert not result.applied
    text = " ".join(result.lines)
    assert "od 0 do 100" in text and "od 0 do" in text and "Nieznany wskaźnik" in text
    assert session.exec(select(Indicator)).all() == [] and session.exec(select(IndicatorValue)).all() == []


def test_the_template_has_the_indicator_sheets(app):
    with app.app_context(), force_locale("pl"):
        book = load_workbook(io.BytesIO(build_template()))
    assert {"Wskaźniki", "Wartości wskaźników"} <= set(book.sheetnames)
    assert [cell.value for cell in book["Wartości wskaźników"][1]][:6] == [
        "uczestnik", "edycja", "sieć", "wskaźnik", "rok", "wartość"]
