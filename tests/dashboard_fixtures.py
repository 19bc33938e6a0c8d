"""Hand-made worlds for the dashboard's tests, with numbers that can be counted by hand."""

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from tests.pages import csrf
from sqlmodel import select

from alumni.life_status import StatusSettings
from alumni.models import DeadlineExtension, Participant, ReportBarrier

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)
RECENT = NOW - timedelta(days=10)
SETTINGS = StatusSettings()
LONG_AGO = datetime(2025, 1, 1, 10, 0, tzinfo=timezone.utc)


def utc(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=timezone.utc)


@pytest.fixture
def mid_in(session, create_mid):
    """A MID of ``network`` for a new participant with the given place and population."""

    def create(network, participant, voivodeship="pomorskie", population=90000, **fields):
        mid = create_mid(participant=participant, title=f"MID {participant}", network=network,
                         voivodeship=voivodeship, **fields)
        person = session.exec(select(Participant).where(Participant.name == participant)).one()
        person.population = population
        session.commit()
        return mid

    return create


@pytest.fixture
def status_world(session, create_network, create_round, create_report, create_action, mid_in):
    """Seven MIDs, one per outcome and then some, in three networks of two editions."""
    green = create_network("Sieć Zielona", "PIM II", date(2023, 3, 31))
    digital = create_network("Sieć Cyfrowa", "PIM II", date(2023, 3, 31))
    compact = create_network("Miasto Kompaktowe", "PIM III", date(2026, 3, 31))
    due = create_round("2026 H1", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31))
    w = SimpleNamespace(green=green, digital=digital, compact=compact, round=due)

    w.active = mid_in(green, "Słupsk", "pomorskie", 90000)
    create_action(w.active, updated_at=RECENT)
    create_report(w.active, due, submitted_at=utc(2026, 6, 10))
    w.at_risk = mid_in(green, "Lublin", "lubelskie", 340000)
    create_action(w.at_risk, status="delayed", updated_at=RECENT)
    create_report(w.at_risk, due, submitted_at=utc(2026, 6, 10))
    w.dormant = mid_in(digital, "Iłowa", "lubuskie", 6800)
    create_action(w.dormant, updated_at=NOW - timedelta(days=500))
    w.completed = mid_in(digital, "Toruń", "kujawsko-pomorskie", 196000)
    create_action(w.completed, status="done", progress=100, updated_at=RECENT)
    w.abandoned = mid_in(compact, "Żory", "śląskie", None, abandoned_at=utc(2026, 9, 1),
                         abandoned_reason="Zmiana priorytetów")
    w.absorbed = mid_in(compact, "Dębica", "podkarpackie", 44000, abandoned_at=utc(2026, 9, 1),
                        abandoned_reason="Włączony do strategii", lineage_kind="absorbed",
                        successor_strategy="Strategia Rozwoju Dębicy 2030")
    w.continuing = mid_in(compact, "Rzeszów", "podkarpackie", 196000, lineage_kind="continues",
                          successor_mid_id=w.active.id)
    create_action(w.continuing, updated_at=RECENT)
    create_report(w.continuing, due, submitted_at=utc(2026, 6, 10))
    session.commit()
    return w


@pytest.fixture
def reporting_world(session, create_network, create_round, create_report, create_user, mid_in):
    """Three rounds and eight MIDs: on time, late, silent, abandoned, new, extended, reported anyway, draft."""
    x = create_network("Sieć PPP", "PIM II", date(2023, 3, 31))
    y = create_network("Miasto Dostępnych Mieszkań", "PIM III", date(2026, 3, 31))
    w = SimpleNamespace(x=x, y=y)
    w.r0 = create_round("2025 H2", date(2025, 11, 3), date(2025, 12, 15), date(2026, 1, 30))
    w.r1 = create_round("2026 H1", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31))
    w.r2 = create_round("2026 H2", date(2026, 11, 2), date(2026, 12, 14), date(2027, 1, 29))
    abandoned = {"abandoned_at": utc(2026, 3, 1), "abandoned_reason": "Brak środków"}

    w.on_time = mid_in(x, "Koszalin", created_at=LONG_AGO)
    w.late = mid_in(x, "Kołobrzeg", created_at=LONG_AGO)
    w.silent = mid_in(x, "Świdwin", created_at=LONG_AGO)
    w.draft = mid_in(x, "Poznań", created_at=LONG_AGO)
    w.gone = mid_in(y, "Bełchatów", created_at=LONG_AGO, **abandoned)
    w.new = mid_in(y, "Dąbrowa Górnicza", created_at=utc(2026, 8, 1))
    w.extended = mid_in(y, "Mińsk Mazowiecki", created_at=LONG_AGO)
    w.anyway = mid_in(y, "Wyszków", created_at=LONG_AGO, **abandoned)

    first = create_report(w.on_time, w.r1, submitted_at=utc(2026, 6, 10),
                          support_needed="Wymiana doświadczeń")
    second = create_report(w.late, w.r1, submitted_at=utc(2026, 6, 20), support_needed=" Wymiana doświadczeń ")
    third = create_report(w.extended, w.r1, submitted_at=utc(2026, 6, 25), support_needed="Szkolenia PPP")
    create_report(w.anyway, w.r1, submitted_at=utc(2026, 6, 1))
    create_report(w.draft, w.r1, submitted_at=None, state="draft", support_needed="Szkic")
    old = create_report(w.anyway, w.r0, submitted_at=utc(2025, 11, 1), support_needed="Dawno temu")
    create_report(w.new, w.r2, submitted_at=NOW - timedelta(days=1))
    for report, categories in ((first, ["financial", "legal"]), (second, ["financial"]), (third, ["financial"]),
                               (old, ["political"])):
        for category in categories:
            session.add(ReportBarrier(report_id=report.id, category=category))
    session.add(DeadlineExtension(mid_id=w.extended.id, round_id=w.r1.id, requested_until=date(2026, 6, 30),
                                  granted_until=date(2026, 6, 30), decided_at=utc(2026, 6, 14)))
    session.commit()
    w.coordinator = create_user("koordynator.swidwin@example.org", participants=("Świdwin",),
                                name="Zofia Zielińska")
    w.departed = create_user("byly.swidwin@example.org", participants=("Świdwin",), name="Adam Nowak")
    w.departed.is_active = False
    session.commit()
    return w


@pytest.fixture
def login_page():
    """Where signing in happens."""
    return "/login"


def csrf_token(client, url):
    """The CSRF token of the form on ``url``."""
    return csrf(client, url)
