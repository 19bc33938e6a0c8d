"""The JSON API's indicators: one MID's with values and progress, and every MID's counts."""

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import event

from alumni.db import get_db
from alumni.models import Indicator, IndicatorValue
from alumni.tokens import create_api_token


@pytest.fixture
def secret(session, create_user):
    user = create_user(email="ministerstwo@example.org", role="ministry", password=None)
    token, _row = create_api_token(session, user, datetime.now(timezone.utc))
    session.commit()
    return token


def _add(session, mid, name, values, **fields):
    fields = {"unit": "szt.", "direction": "increase", "baseline_value": Decimal(0), "baseline_year": 2022,
              "target_value": Decimal(100), "target_year": 2024, **fields}
    indicator = Indicator(mid_id=mid.id, name=name, **fields)
    session.add(indicator)
    session.flush()
    for year, value in values.items():
        session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=year, value=Decimal(value)))
    session.commit()
    return indicator


def _get(client, url, secret):
    return client.get(url, headers={"Authorization": f"Bearer {secret}"})


def test_a_mids_indicators_carry_their_values_and_the_rules_progress(client, session, create_mid, secret):
    mid = create_mid(participant="Słupsk")
    _add(session, mid, "Drzewa", {2023: "40", 2024: "100.5"})               # met: achieved
    _add(session, mid, "Emisja", {2023: "95"}, unit="t CO₂", direction="decrease",
         baseline_value=Decimal(100), target_value=Decimal(50))               # target year passed: behind
    _add(session, mid, "Bez celu", {}, target_value=None, target_year=None)   # no data
    body = _get(client, f"/api/v1/mids/{mid.id}/indicators", secret).get_json()
    assert body["counts"] == {"achieved": 1, "on_track": 0, "behind": 1, "no_data": 1, "total": 3}
    trees = body["items"][0]
    assert trees["values"] == [{"year": 2023, "value": "40", "measured_on": None, "comment": ""},
                               {"year": 2024, "value": "100.5", "measured_on": None, "comment": ""}]
    assert (trees["progress"], trees["latest"], trees["target"]) == (
        "achieved", {"value": "100.5", "year": 2024}, {"value": "100", "year": 2024})
    assert _get(client, "/api/v1/mids/999999/indicators", secret).status_code == 404


def test_the_counts_list_every_mid_with_indicators_and_the_totals(client, session, create_mid, secret):
    slupsk, lublin = create_mid(participant="Słupsk"), create_mid(participant="Lublin", title="Zielone Serce")
    _add(session, slupsk, "Drzewa", {2024: "100"})
    _add(session, lublin, "Drzewa", {2023: "10"})
    body = _get(client, "/api/v1/indicators", secret).get_json()
    assert [item["mid_id"] for item in body["items"]] == [slupsk.id, lublin.id]
    assert body["totals"] == {"achieved": 1, "on_track": 0, "behind": 1, "no_data": 0, "total": 2}
    assert date.fromisoformat(body["as_of"]).year >= 2026


def test_the_indicator_answers_cost_the_same_statements_for_many_indicators(app, client, session, create_mid,
                                                                             secret):
    mid = create_mid(participant="Słupsk")
    _add(session, mid, "Drzewa", {2023: "40"})
    urls = [f"/api/v1/mids/{mid.id}/indicators", "/api/v1/indicators"]

    def counted(url):
        statements = []
        listener = lambda *_args: statements.append(1)  # noqa: E731
        event.listen(get_db(app).engine, "before_cursor_execute", listener)
        assert _get(client, url, secret).status_code == 200
        event.remove(get_db(app).engine, "before_cursor_execute", listener)
        return len(statements)

    [counted(url) for url in urls]
    before = [counted(url) for url in urls]
    for number in range(12):
        other = create_mid(participant=f"Miasto {number}", title=f"MID {number}")
        _add(session, other, "Drzewa", {2023: "40", 2024: "60"})
        _add(session, mid, f"Wskaźnik {number}", {2023: "1", 2024: "2"})
    assert [counted(url) for url in urls] == before
