"""Nothing personal and nothing private ever reaches the public view or the open data.

The demo programme with its demo people, every MID published but a few, and personal traces
planted wherever the data model allows them (report authors and reviewers, a draft and a
returned report, barriers, descriptions, evidence, unpublished budgets). Then every public
route is walked, for every MID and every file, in both languages, plus every sitemap address:
no person's name or e-mail address, no private MID, no planted secret may appear.
"""

import re
import shutil
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlmodel import Session, select

from alumni import create_app
from alumni.clock import Calendar
from alumni.db import get_db
from alumni.demo import add_demo_users, load_demo
from alumni.models import Action, Indicator, IndicatorValue, Mid, Milestone, Report, ReportingRound, User, utcnow
from alumni.public import visibility
from alumni.public.open_data import DATASETS, FORMATS
from tests.conftest import FAST_HASH

SECRETS = ("SEKRET-ZRODLO", "SEKRET-KOMENTARZ", "SEKRET-SZKIC", "SEKRET-ZWROT", "SEKRET-BARIERA", "SEKRET-UWAGA", "SEKRET-OPIS", "SEKRET-DOWOD",
           "SEKRET-INTERESARIUSZ", "SEKRET-WSPARCIE", "SEKRET-POWOD")
HIDDEN_TITLES = ("UKRYTY-BEZ-ZGODY", "UKRYTY-WSTRZYMANY")
UNPUBLISHED_BUDGET = Decimal("7654321.98")


@pytest.fixture(scope="module")
def site(sqlite_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("public-privacy")
    shutil.copy(sqlite_template, folder / "alumni.db")
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'alumni.db'}", "SECRET_KEY": "walk",
                      "BASE_URL": "http://alumni.example.org", "PASSWORD_HASH": FAST_HASH,
                      "PUBLIC_RATE_LIMIT_PER_MINUTE": 100000})
    app.instance_path = str(folder / "instance")
    with app.app_context(), Session(get_db(app).engine) as session:
        today = Calendar().local_date(utcnow())
        load_demo(session, today)
        add_demo_users(session, password="correct horse battery staple")
        session.commit()
        _plant_personal_traces(session, today)
        visibility.switch_view(session, True)
        session.commit()
        people = [(user.name, user.email) for user in session.exec(select(User))]
        mid_ids = list(session.exec(select(Mid.id)))
    yield SimpleNamespace(app=app, people=people, mid_ids=mid_ids)
    get_db(app).dispose()


def _plant_personal_traces(session, today):
    users = session.exec(select(User)).all()
    coordinator = next(user for user in users if user.role == "coordinator")
    reviewer = next(user for user in users if user.role == "ministry")
    mids = session.exec(select(Mid).order_by(Mid.id)).all()
    for index, mid in enumerate(mids):
        mid.public_consent = True
        mid.public_budget = index % 2 == 0
        mid.stakeholders = f"{coordinator.name} ({coordinator.email}), SEKRET-INTERESARIUSZ"
        if mid.abandoned_at:
            mid.abandoned_reason = f"SEKRET-POWOD {reviewer.name}"
    mids[1].public_consent, mids[1].title = False, "UKRYTY-BEZ-ZGODY"
    mids[3].public_withheld, mids[3].title = True, "UKRYTY-WSTRZYMANY"
    for index, action in enumerate(session.exec(select(Action))):
        action.responsible_unit = coordinator.name[:200]
        action.description = f"SEKRET-OPIS {coordinator.email}"
        if mids[[m.id for m in mids].index(action.mid_id)].public_budget is False:
            action.estimated_budget = UNPUBLISHED_BUDGET
            action.funding_sources = "SEKRET-FINANSOWANIE"
    for milestone in session.exec(select(Milestone)):
        milestone.evidence = f"SEKRET-DOWOD {reviewer.email}"
    for indicator in session.exec(select(Indicator)):
        indicator.source = f"SEKRET-ZRODLO {coordinator.name}"
    for value in session.exec(select(IndicatorValue)):
        value.comment = f"SEKRET-KOMENTARZ {coordinator.email}"[:200]
    for report in session.exec(select(Report)):
        report.submitted_by_id, report.reviewed_by_id = coordinator.id, reviewer.id
        report.barriers_text = f"SEKRET-BARIERA {coordinator.name}"
        report.review_comment = f"SEKRET-UWAGA {reviewer.name}"
        report.support_needed = "SEKRET-WSPARCIE"
    year_round = ReportingRound(name="Runda bieżąca", opens_on=today - timedelta(days=10),
                                due_on=today - timedelta(days=1), closes_on=today + timedelta(days=20))
    later_round = ReportingRound(name="Runda kolejna", opens_on=today - timedelta(days=5),
                                 due_on=today, closes_on=today + timedelta(days=30))
    session.add_all([year_round, later_round])
    session.flush()
    now = utcnow()
    for mid in mids[:6]:
        session.add(Report(mid_id=mid.id, round_id=year_round.id, state="returned", submitted_at=now,
                           achievements=f"SEKRET-ZWROT {coordinator.name}", review_comment="SEKRET-UWAGA"))
        session.add(Report(mid_id=mid.id, round_id=later_round.id, state="draft",
                           achievements=f"SEKRET-SZKIC {coordinator.email}"))
    session.commit()


def _public_addresses(app, mid_ids):
    """Every address of the public view's and open data's routes: each MID (public or not), each file."""
    addresses = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("public", "open_data"):
            continue
        if "mid_id" in rule.arguments:
            addresses += [rule.build({"mid_id": mid_id})[1] for mid_id in mid_ids]
        elif "dataset" in rule.arguments:
            addresses += [rule.build({"dataset": dataset, "fmt": fmt})[1]
                          for dataset in DATASETS for fmt in (*FORMATS, "dictionary.csv")]
        else:
            addresses.append(rule.build({})[1])
    return addresses


def _forbidden(people):
    words = set(SECRETS) | set(HIDDEN_TITLES) | {"SEKRET-FINANSOWANIE", "7654321", "7 654 321", "7\u00a0654\u00a0321"}
    for name, email in people:
        words.add(email)
        if name:
            words.add(name)
            words |= {part for part in name.split() if len(part) > 3}  # a surname alone is a name too
    return words


def test_no_public_route_or_file_shows_a_person_or_anything_private(site):
    client = site.app.test_client()
    forbidden = _forbidden(site.people)
    assert "Katarzyna Koordynatorka" in forbidden and "admin@example.org" in forbidden
    addresses = _public_addresses(site.app, site.mid_ids)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    addresses += [re.sub(r"^http://alumni\.example\.org", "", found) for found in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    assert len(addresses) > 2 * len(site.mid_ids)
    seen, shown = 0, 0
    for address in addresses:
        for language in ("", "lang=en"):
            url = address + ("&" if "?" in address else "?") + language if language else address
            response = client.get(url)
            assert response.status_code in (200, 404), url
            assert "Set-Cookie" not in response.headers, url
            text = response.get_data(as_text=True)
            leaks = sorted(word for word in forbidden if word in text)
            assert leaks == [], f"{url} shows {leaks}"
            seen += 1
            shown += response.status_code == 200
    assert shown > len(site.mid_ids)  # the public MIDs' pages were there to be read
    assert seen - shown == 2 * len(HIDDEN_TITLES)  # only the hidden MIDs' own pages (in two languages) are 404


def test_the_walk_reads_what_is_public(site):
    """The walk above would pass on empty pages: here the public content is there to be checked."""
    client = site.app.test_client()
    index = client.get("/public/").get_data(as_text=True)
    assert index.count('href="/public/mids/') == len(site.mid_ids) - len(HIDDEN_TITLES)
    page = client.get(f"/public/mids/{site.mid_ids[0]}").get_data(as_text=True)
    assert 'id="indicators-heading"' in page and 'class="indicator"' in page  # the demo's indicators are shown
    rows = client.get("/open-data/actions.json").get_json()["rows"]
    assert rows and any(row["estimated_budget_pln"] for row in rows)
    assert all(row["estimated_budget_pln"] != str(UNPUBLISHED_BUDGET) for row in rows)
