"""Property-based run of the API against its own OpenAPI document (schemathesis, offline on WSGI)."""

from decimal import Decimal

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from alumni.api.openapi import document
from alumni.models import Indicator, IndicatorValue, utcnow
from alumni.tokens import create_api_token

OPERATIONS = sorted(document()["paths"])


@pytest.fixture
def api_schema(app, session, create_user, create_mid, create_action, create_milestone, create_round,
               create_report):
    """The API's document as schemathesis reads it, over a small programme, and a ministry token."""
    mid = create_mid()
    action = create_action(mid)
    create_milestone(mid, action_id=action.id)
    create_report(mid, create_round())
    indicator = Indicator(mid_id=mid.id, name="Drzewa posadzone", unit="szt.", direction="increase",
                          baseline_value=Decimal(0), baseline_year=2022, target_value=Decimal(500), target_year=2028,
                          action_id=action.id)
    session.add(indicator)
    session.flush()
    session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=2024, value=Decimal("120.5")))
    user = create_user(email="ministerstwo@example.org", role="ministry", password=None)
    secret, _token = create_api_token(session, user, utcnow())
    session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app), secret


def sends_what_it_generated(case):
    """Skip invalid cases whose only fault is a parameter with no value: it is never sent at all."""
    return all(value not in ([], None) for value in (case.query or {}).values())


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_keeps_to_its_openapi_document(api_schema, path, mode):
    schema, secret = api_schema
    operation = schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode).filter(sends_what_it_generated))
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    def check(case):
        case.call_and_validate(headers={"Authorization": f"Bearer {secret}"})

    check()
