"""A small programme whose 2026 workshop picture is computed by hand in the tests.

Workshop 2026 starts on 8 December, so the 2026 span is 1 January – 7 December 2026 and the
2025 span the calendar year 2025 (no workshop that year). The clock reads 15 December 2026.

| network (edition)          | MID        | 2026        | 2025 (a year earlier)        |
|----------------------------|------------|-------------|------------------------------|
| Sieć Zielona (PIM II)      | Słupsk     | active      | active                       |
|                            | Lublin     | at_risk     | dormant                      |
|                            | Żyrardów   | abandoned   | dormant                      |
| Sieć Cyfrowa (PIM II)      | Łódź       | completed   | active (recorded that day)   |
|                            | Rzeszów    | at_risk     | did not exist yet            |
| Jakość powietrza (PIM I)   | Toruń      | dormant     | dormant                      |
"""

from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from alumni.db import get_db
from alumni.life_status import count_days
from alumni.models import (
    MidStatusRecord, ReportActionUpdate, ReportBarrier, ReportFunding, Workshop,
)

CLOCK = datetime(2026, 12, 15, 12, 0, tzinfo=timezone.utc)
LONG_AGO = datetime(2024, 1, 1, 10, 0, tzinfo=timezone.utc)
INJECTED_PRACTICE = '=HYPERLINK("http://zly.example.org","kliknij")'
INJECTED_SUPPORT = "@wsparcie prawne przy zamówieniach"


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def reader(app, programme):
    """Read in a transaction, as the web, the CLI and the job do (PostgreSQL streams rows only in one)."""
    with get_db(app).session(write=False) as db_session:
        yield db_session


@dataclass
class Programme:
    mids: dict
    rounds: dict


@pytest.fixture
def programme(session, create_network, create_mid, create_action, create_milestone, create_round,
              create_report):
    """Build the programme described in this module's docstring and return its MIDs and rounds."""
    session.add(Workshop(year=2026, starts_on=date(2026, 12, 8), ends_on=date(2026, 12, 10),
                         place="Warszawa"))
    rounds = {
        "2025 H2": create_round("2025 H2", date(2025, 11, 3), date(2025, 12, 15), date(2026, 1, 30)),
        "2026 H1": create_round("2026 H1", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31)),
        "2026 H2": create_round("2026 H2", date(2026, 11, 2), date(2026, 12, 14), date(2027, 1, 29)),
    }
    green = create_network("Sieć Zielona", "PIM II")
    digital = create_network("Sieć Cyfrowa", "PIM II")
    air = create_network("Jakość powietrza", "PIM I")
    mids = {}

    slupsk = mids["Słupsk"] = create_mid("Słupsk", "Błękitno-zielona infrastruktura", green,
                                         created_at=LONG_AGO)
    create_action(slupsk, "Ogrody deszczowe", "done", 100, updated_at=at(2026, 3, 10), position=0,
                  responsible_unit="Wydział Zieleni")
    create_action(slupsk, "Zbiornik retencyjny", "done", 100, updated_at=at(2025, 5, 5), position=1)
    create_action(slupsk, "Zielone przystanki", "in_progress", 50, updated_at=at(2026, 11, 1), position=2,
                  planned_start=date(2026, 2, 1))
    create_milestone(slupsk, due_on=date(2026, 4, 30), achieved_on=date(2026, 4, 30),
                     updated_at=at(2026, 4, 30))
    h1 = create_report(slupsk, rounds["2026 H1"], submitted_at=at(2026, 6, 10),
                       achievements="Ogrody deszczowe w Podgrodziu gotowe.",
                       barriers_text="Brak wkładu własnego; niejasne przepisy.",
                       support_needed="Szkolenia z zamówień zielonych.", good_practice=INJECTED_PRACTICE)
    _barriers(session, h1, "financial", "legal")
    session.add(ReportFunding(report_id=h1.id, amount=Decimal("250000.00"), source="FEnIKS"))
    h2 = create_report(slupsk, rounds["2025 H2"], submitted_at=at(2025, 12, 10))
    _barriers(session, h2, "financial")
    session.add(ReportFunding(report_id=h2.id, amount=Decimal("100000.00"), source="WFOŚiGW"))

    lublin = mids["Lublin"] = create_mid("Lublin", "Zielone Serce Miasta", green, voivodeship="lubelskie",
                                         created_at=LONG_AGO)
    create_action(lublin, "Park kieszonkowy", "delayed", 30, updated_at=at(2026, 9, 1), position=0)
    done_late = create_action(lublin, "Inwentaryzacja zieleni", "done", 100, updated_at=at(2026, 10, 15),
                              position=1)
    report = create_report(lublin, rounds["2026 H1"], submitted_at=at(2026, 6, 12),
                           support_needed=INJECTED_SUPPORT)
    _barriers(session, report, "staffing")
    session.add(ReportFunding(report_id=report.id, amount=Decimal("1000000.00"), source="KPO"))
    # The report said the inventory was done before the plan was last edited: it counts from the report.
    session.add(ReportActionUpdate(report_id=report.id, action_id=done_late.id, status="done", progress=100))

    zyrardow = mids["Żyrardów"] = create_mid(
        "Żyrardów", "Zielony Żyrardów", green, voivodeship="mazowieckie", created_at=LONG_AGO,
        abandoned_at=at(2026, 3, 1), abandoned_reason="Zmiana priorytetów")
    create_action(zyrardow, "Edukacja ekologiczna", "planned", 0, updated_at=at(2024, 6, 1))

    lodz = mids["Łódź"] = create_mid("Łódź", "Koncepcja Portalu Mieszkańca", digital, voivodeship="łódzkie",
                                     created_at=LONG_AGO)
    create_action(lodz, "Portal mieszkańca", "done", 100, updated_at=at(2026, 2, 2), position=0)
    create_action(lodz, "Aplikacja mobilna", "dropped", 0, updated_at=at(2026, 2, 2), position=1)
    report = create_report(lodz, rounds["2026 H1"], submitted_at=at(2026, 6, 1))
    session.add(ReportFunding(report_id=report.id, amount=Decimal("50000.00"), source="budżet miasta"))
    session.add(MidStatusRecord(mid_id=lodz.id, recorded_on=date(2025, 12, 31), status="active"))
    session.flush()
    count_days(session, [date(2025, 12, 31)])  # as the record's writers do

    rzeszow = mids["Rzeszów"] = create_mid("Rzeszów", "Cyfryzacja procesów urzędu", digital,
                                           voivodeship="podkarpackie", created_at=at(2026, 5, 1))
    create_action(rzeszow, "Elektroniczny obieg dokumentów", "in_progress", 20, updated_at=at(2026, 11, 20),
                  planned_start=date(2026, 6, 1), planned_end=date(2027, 6, 30))
    create_report(rzeszow, rounds["2026 H1"], submitted_at=None, state="draft")

    torun = mids["Toruń"] = create_mid("Toruń", "Edukacja i finansowanie jakości powietrza", air,
                                       voivodeship="kujawsko-pomorskie", created_at=LONG_AGO)
    create_action(torun, "Kampania edukacyjna", "in_progress", 40, updated_at=LONG_AGO)
    session.commit()
    return Programme(mids=mids, rounds=rounds)


def _barriers(session, report, *categories):
    for category in categories:
        session.add(ReportBarrier(report_id=report.id, category=category))
