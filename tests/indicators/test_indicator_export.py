"""The workshop export's indicators: values per year, the change against the year before, progress; the brief."""

import io
import zipfile
from decimal import Decimal

from openpyxl import load_workbook

from alumni.clock import Calendar
from alumni.models import Indicator, IndicatorValue, utcnow

YEAR = Calendar().local_date(utcnow()).year


def _world(session, create_mid, create_user, login):
    mid = create_mid(participant="Słupsk")
    indicator = Indicator(mid_id=mid.id, name="Objętość retencji", unit="m³", direction="increase",
                          baseline_value=Decimal(1000), baseline_year=YEAR - 4, target_value=Decimal(2000),
                          target_year=YEAR + 4)
    session.add(indicator)
    session.flush()
    for year, value in ((YEAR - 2, "1100"), (YEAR - 1, "1250.5"), (YEAR, "1600.25")):
        session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=year, value=Decimal(value)))
    session.commit()
    login(create_user("ministerstwo@example.org", "ministry", password=None))
    return mid


def test_the_xlsx_sheet_has_values_per_year_the_change_and_progress(client, session, create_mid, create_user, login):
    _world(session, create_mid, create_user, login)
    book = load_workbook(io.BytesIO(client.get(f"/exports/workshop/{YEAR}.xlsx?language=en").data))
    header, *rows = list(book["Indicators"].iter_rows(values_only=True))
    line = dict(zip(header, rows[0]))
    assert len(rows) == 1
    assert (line["Indicator"], line["Unit"], line["Direction"]) == ("Objętość retencji", "m³", "more is better")
    assert [line[str(year)] for year in range(YEAR - 4, YEAR + 1)] == [None, None, 1100, 1250.5, 1600.25]
    assert line[f"Change {YEAR} against {YEAR - 1}"] == 349.75
    assert line["Progress"] == "on track"


def test_the_csv_writes_indicator_numbers_with_a_polish_comma(client, session, create_mid, create_user, login):
    _world(session, create_mid, create_user, login)
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/exports/workshop/{YEAR}.zip?language=pl").data))
    name = next(name for name in archive.namelist() if "wskazniki" in name)
    text = archive.read(name).decode("utf-8-sig")
    assert "1250,5;1600,25;349,75;na dobrej drodze" in text


def test_the_report_and_the_brief_show_the_indicators(client, session, create_mid, create_user, login):
    mid = _world(session, create_mid, create_user, login)
    report = client.get(f"/exports/workshop/{YEAR}.html?language=pl").get_data(as_text=True)
    assert 'id="indicators"' in report and "Osiągnięte lub na dobrej drodze: 1 z 1 wskaźników." in report
    brief = client.get(f"/exports/workshop/{YEAR}/briefs/{mid.participant_id}.html?language=pl").get_data(
        as_text=True)
    assert "Objętość retencji (m³)" in brief and "+349,75" in brief and "na dobrej drodze" in brief


def test_the_sheet_lists_indicators_by_network_in_programme_order_then_by_participant_in_polish_order(
        client, session, create_mid, create_network, create_user, login):
    """Read a network at a time, the sheet keeps the programme's order: editions, networks by Polish
    name, participants by Polish name ("Łódź" after "Lublin"), a MID's indicators by position."""
    first, beta, alfa = (create_network("Żółta", "PIM I"), create_network("Beta", "PIM II"),
                         create_network("Alfa", "PIM II"))
    for participant, network, names in (("Żory", alfa, ["Z"]), ("Gdańsk", beta, ["G"]), ("Łódź", alfa, ["Ł2", "Ł1"]),
                                        ("Opole", first, ["O"]), ("Lublin", alfa, ["L"])):
        mid = create_mid(participant=participant, network=network)
        for position, name in reversed(list(enumerate(names))):
            session.add(Indicator(mid_id=mid.id, name=name, unit="szt.", direction="increase", position=position))
    session.commit()
    login(create_user("ministerstwo@example.org", "ministry", password=None))
    book = load_workbook(io.BytesIO(client.get(f"/exports/workshop/{YEAR}.xlsx?language=en").data))
    header, *rows = list(book["Indicators"].iter_rows(values_only=True))
    column = header.index("Indicator")
    assert [row[column] for row in rows] == ["O", "L", "Ł2", "Ł1", "Z", "G"]
