"""One truth: the dashboard, the JSON API, the XLSX, the CSV and the HTML report give the same numbers.

One round holds every case the definition of reporting completeness names: a report on time,
one late, one only a draft, one returned and not resubmitted, one returned and resubmitted
late (on time by its first submission), an extension granted with a submission between the
due date and the extended date, a MID abandoned before the round, a completed MID and a silent
one. Every output must show the counts a plain reading of the definition gives.
"""

import csv
import io
import re
import zipfile
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from alumni.clock import Calendar
from alumni.models import DeadlineExtension, Indicator, IndicatorValue, LifeStatus, Workshop, utcnow
from alumni.reporting.states import RECEIVED_STATES
from alumni.tokens import create_api_token

CALENDAR = Calendar()
TODAY = CALENDAR.local_date(utcnow())
DUE = TODAY - timedelta(days=40)
OPENS = DUE - timedelta(days=42)


def at(day, hour=12):
    return datetime.combine(day, time(hour), tzinfo=CALENDAR.zone)


def expected_by_definition(cases, extensions):
    """Expected, received and on time, read straight from the definition, in plain Python."""
    expected = received = on_time = 0
    for case in cases:
        mid, report = case["mid"], case.get("report")
        abandoned = mid.abandoned_at is not None and mid.abandoned_at <= CALENDAR.end_of_day(DUE)
        if abandoned or case.get("completed"):
            continue
        expected += 1
        if report is None or report.state not in RECEIVED_STATES:
            continue
        received += 1
        first = report.first_submitted_at or report.submitted_at
        deadline = max(DUE, extensions.get(mid.id, DUE))
        on_time += first <= CALENDAR.end_of_day(deadline)
    return expected, received, on_time


@pytest.fixture
def one_round(session, create_network, create_mid, create_action, create_round, create_report):
    """One round due 40 days ago and the workshop year around it (the year is the workshop's)."""
    year = (TODAY + timedelta(days=20)).year
    session.add(Workshop(year=year, starts_on=TODAY + timedelta(days=20), ends_on=TODAY + timedelta(days=21)))
    session.add(Workshop(year=year - 1, starts_on=TODAY - timedelta(days=300),
                         ends_on=TODAY - timedelta(days=299)))
    round_ = create_round("Runda próbna", OPENS, DUE, TODAY + timedelta(days=30))
    green = create_network("Sieć Zielona", "PIM II")
    compact = create_network("Miasto Kompaktowe", "PIM III")
    recent = utcnow() - timedelta(days=5)
    long_ago = at(OPENS - timedelta(days=200))
    cases = []

    def case(name, network, report=None, completed=False, **mid_fields):
        mid = create_mid(name, f"MID {name}", network, created_at=long_ago, **mid_fields)
        create_action(mid, title=f"Działanie {name}", status="done" if completed else "in_progress",
                      progress=100 if completed else 40, updated_at=recent)
        made = report(mid) if report else None
        cases.append({"name": name, "mid": mid, "report": made, "completed": completed})
        return mid

    case("Koszalin", green, lambda mid: create_report(mid, round_, submitted_at=at(DUE - timedelta(days=5))))
    case("Kołobrzeg", green, lambda mid: create_report(mid, round_, submitted_at=at(DUE + timedelta(days=3)),
                                                       state="accepted"))
    case("Poznań", green, lambda mid: create_report(mid, round_, submitted_at=None, state="draft"))
    case("Świdwin", green, lambda mid: create_report(mid, round_, submitted_at=at(DUE - timedelta(days=2)),
                                                     first_submitted_at=at(DUE - timedelta(days=2)),
                                                     state="returned"))
    case("Wałcz", green, lambda mid: create_report(mid, round_, submitted_at=at(DUE + timedelta(days=7)),
                                                   first_submitted_at=at(DUE - timedelta(days=3))))
    extended = case("Mińsk Mazowiecki", compact,
                    lambda mid: create_report(mid, round_, submitted_at=at(DUE + timedelta(days=5))))
    case("Bełchatów", compact, abandoned_at=at(OPENS - timedelta(days=10)), abandoned_reason="Brak środków")
    case("Żyrardów", compact, completed=True)
    case("Toruń", compact)
    until = DUE + timedelta(days=10)
    session.add(DeadlineExtension(mid_id=extended.id, round_id=round_.id, requested_until=until,
                                  granted_until=until, decided_at=at(DUE - timedelta(days=1))))
    session.commit()
    return year, round_, cases, {extended.id: until}


@pytest.fixture
def ministry(create_user, login):
    return login(create_user("ministerstwo@example.org", "ministry", password=None))


def _numbers(text):
    return int(re.sub(r"\D", "", text))


def dashboard_counts(client, round_):
    page = client.get("/dashboard").get_data(as_text=True)
    row = re.search(re.escape(round_.name) + r".*?</th>\s*<td>.*?</td>" + r"\s*<td class=\"num\">([^<]*)</td>" * 3,
                    page, re.S)
    statuses = {status: _numbers(count) for status, count in re.findall(
        r'status=(\w+)"[^>]*>\s*<span class="tile-number">(?:<[^>]*>)*\s*([\d\s\xa0]+)', page)
        if _numbers(count)}
    return tuple(_numbers(value) for value in row.groups()), statuses


def api_counts(client, session, user, year, round_):
    secret, _token = create_api_token(session, user, utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    rounds = client.get("/api/v1/rounds", headers=headers).get_json()["items"]
    item = next(item for item in rounds if item["id"] == round_.id)
    totals = client.get(f"/api/v1/statistics/{year}", headers=headers).get_json()["totals"]
    return ((item["expected"], item["received"], item["on_time"]),
            (totals["reports_expected"], totals["reports_received"], totals["reports_on_time"]),
            {status: count for status, count in totals["life_status"].items() if count})


HEADERS = ("Reports expected", "Reports received", "Reports on time")


def xlsx_workbook(client, year):
    return load_workbook(io.BytesIO(client.get(f"/exports/workshop/{year}.xlsx?language=en").data))


def xlsx_counts(client, year):
    rows = list(xlsx_workbook(client, year)["Summary"].iter_rows(values_only=True))
    return _total_row(rows)


def csv_counts(client, year):
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/exports/workshop/{year}.zip?language=en").data))
    name = next(name for name in archive.namelist() if "summary" in name)
    rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig")), delimiter=";"))
    return _total_row(rows)


def _total_row(rows):
    header = list(rows[0])
    total = next(row for row in rows if row[0] == "Total")
    statuses = {}
    for status, label in (("active", "active"), ("at_risk", "at risk"), ("dormant", "dormant"),
                          ("completed", "completed"), ("abandoned", "abandoned")):
        column = next(index for index, name in enumerate(header) if str(name).lower() == label)
        if int(total[column]):
            statuses[status] = int(total[column])
    return tuple(int(total[header.index(name)]) for name in HEADERS), statuses


def html_counts(client, year):
    """The key figures (the total, first) and the sum of the networks' sections (the rest)."""
    page = client.get(f"/exports/workshop/{year}.html?language=en").get_data(as_text=True)
    total, networks = [], []
    for name in HEADERS:
        values = [_numbers(value) for value in re.findall(
            r"<th scope=\"row\">" + name + r"</th>\s*<td class=\"num\">([^<]*)</td>", page)]
        total.append(values[0])
        networks.append(sum(values[1:]))
    return tuple(total), tuple(networks)


def test_every_output_gives_the_numbers_of_the_definition(client, session, ministry, one_round):
    year, round_, cases, extensions = one_round
    by_definition = expected_by_definition(cases, extensions)
    # On time: Koszalin, Wałcz (by its first submission), Mińsk Mazowiecki (extension).
    assert by_definition == (7, 4, 3)

    dashboard, dashboard_statuses = dashboard_counts(client, round_)
    api_round, api_year, api_statuses = api_counts(client, session, ministry, year, round_)
    xlsx, xlsx_statuses = xlsx_counts(client, year)
    csv_, csv_statuses = csv_counts(client, year)
    assert dashboard == api_round == api_year == xlsx == csv_ == by_definition
    # The HTML report's key figures, and the sum of its networks' sections.
    assert html_counts(client, year) == (by_definition, by_definition)

    assert dashboard_statuses == api_statuses == xlsx_statuses == csv_statuses
    assert sum(dashboard_statuses.values()) == len(cases)
    assert dashboard_statuses[LifeStatus.abandoned.value] == 1
    assert dashboard_statuses[LifeStatus.completed.value] == 1


def test_the_export_lists_the_requests_for_more_time(client, ministry, one_round):
    year, round_, _cases, extensions = one_round
    rows = list(xlsx_workbook(client, year)["Requests for more time"].iter_rows(values_only=True))
    header, [row] = rows[0], rows[1:]
    line = dict(zip(header, row))
    assert (line["Participant"], line["Round"], line["Decision"]) == ("Mińsk Mazowiecki", round_.name, "granted")
    assert line["Extended due date"].date() == next(iter(extensions.values()))


def _indicators(session, cases):
    """One indicator in each state of the on-track rule, on live and abandoned MIDs alike."""
    mids = {case["name"]: case["mid"] for case in cases}
    this_year = TODAY.year
    made = [("Koszalin", "Drzewa", {this_year - 1: 100}),           # the target met: achieved
            ("Koszalin", "Retencja", {this_year - 1: 95}),          # far ahead of the time elapsed: on track
            ("Toruń", "Rowery", {this_year - 2: 5, this_year - 1: 6}),  # hardly moved: behind
            ("Bełchatów", "Emisja", {})]                            # nothing recorded: no data
    for name, indicator_name, values in made:
        indicator = Indicator(mid_id=mids[name].id, name=indicator_name, unit="szt.", direction="increase",
                              baseline_value=Decimal(0), baseline_year=this_year - 3, target_value=Decimal(100),
                              target_year=this_year + 1)
        session.add(indicator)
        session.flush()
        for year, value in values.items():
            session.add(IndicatorValue(indicator_id=indicator.id, mid_id=indicator.mid_id, year=year,
                                       value=Decimal(value)))
    session.commit()
    return {"achieved": 1, "on_track": 1, "behind": 1, "no_data": 1}


def test_indicator_counts_agree_between_the_dashboard_the_api_and_the_export(client, session, ministry, one_round):
    year, _round, cases, _extensions = one_round
    expected = _indicators(session, cases)

    page = client.get("/dashboard").get_data(as_text=True)
    section = page[page.index('id="indicators"'):]
    total_row = re.search(r'<tr class="total">(.*?)</tr>', section, re.S).group(1)
    cells = [_numbers(cell) for cell in re.findall(r'<td class="num">([^<%]*)</td>', total_row)]
    dashboard = dict(zip(("achieved", "on_track", "behind", "no_data", "total"), cells))

    secret, _token = create_api_token(session, ministry, utcnow())
    session.commit()
    api = client.get("/api/v1/indicators", headers={"Authorization": f"Bearer {secret}"}).get_json()["totals"]

    rows = list(xlsx_workbook(client, year)["Indicators"].iter_rows(values_only=True))
    progress = [dict(zip(rows[0], row))["Progress"] for row in rows[1:]]
    export = {key: progress.count(label) for key, label in (("achieved", "achieved"), ("on_track", "on track"),
                                                             ("behind", "behind"), ("no_data", "no data"))}
    export["total"] = len(progress)

    assert dashboard == api == export == {**expected, "total": 4}
