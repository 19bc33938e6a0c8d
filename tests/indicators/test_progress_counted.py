"""The on-track rule counted in the database (alumni/indicators/counted.py) gives the counts of the
rule itself (``progress_of``), on both databases: Hypothesis draws indicators of every kind,
values well off the line and exactly on it, and the day they are judged."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlmodel import select

from alumni.indicators.counted import counted_by_network
from alumni.indicators.progress import elapsed_share, progress_of
from alumni.models import Indicator, IndicatorValue, Mid

amounts = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"), places=4)
drawn_indicators = st.fixed_dictionaries({
    "direction": st.sampled_from(["increase", "decrease"]),
    "baseline": st.none() | amounts,
    "baseline_year": st.integers(min_value=2015, max_value=2030),
    "span": st.integers(min_value=0, max_value=8),
    "target": st.none() | amounts,
    "values": st.lists(amounts, max_size=3),
    "on_the_line": st.booleans(),  # the latest value exactly where the elapsed time puts it, if it can be
})


def _latest_on_the_line(spec, today):
    """baseline + way × elapsed share, if that is a number of four decimals (else None)."""
    if spec["baseline"] is None or spec["target"] is None:
        return None
    share = elapsed_share(spec["baseline_year"], spec["baseline_year"] + spec["span"], today)
    value = spec["baseline"] + (spec["target"] - spec["baseline"]) * share.numerator / Decimal(share.denominator)
    return value if value == value.quantize(Decimal("0.0001")) and abs(value) < 10**13 else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=st.lists(drawn_indicators, min_size=1, max_size=6),
       today=st.dates(min_value=date(2014, 1, 1), max_value=date(2040, 12, 31)))
def test_the_counts_are_those_of_the_rule(session, create_mid, specs, today):
    mid = session.exec(select(Mid)).first() or create_mid()
    session.exec(IndicatorValue.__table__.delete())
    session.exec(Indicator.__table__.delete())
    expected = Counter()
    for position, spec in enumerate(specs):
        indicator = Indicator(
            mid_id=mid.id, position=position, name=f"Wskaźnik {position}", unit="szt.", direction=spec["direction"],
            baseline_value=spec["baseline"], baseline_year=spec["baseline_year"] if spec["baseline"] is not None else None,
            target_value=spec["target"],
            target_year=spec["baseline_year"] + spec["span"] if spec["target"] is not None else None)
        session.add(indicator)
        session.flush()
        values = list(spec["values"])
        if spec["on_the_line"] and (exact := _latest_on_the_line(spec, today)) is not None:
            values.append(exact)
        for year, value in enumerate(values, start=2016):
            session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=year, value=value))
        expected[progress_of(indicator, values[-1] if values else None, today).value] += 1
    session.commit()
    counted = counted_by_network(session, today).get(mid.network_id)
    found = Counter({name: n for name, n in counted.as_dict().items() if name != "total" and n}) if counted else Counter()
    assert found == +expected


def test_a_value_exactly_on_the_line_is_on_track_and_a_hair_below_it_behind(session, create_mid):
    # From 0 at the end of 2020 to 1461 at the end of 2024: on 2022-12-31, 730 of 1461 days are gone.
    mid = create_mid()
    today = date(2022, 12, 31)
    assert elapsed_share(2020, 2024, today) * 1461 == 730
    for position, value in enumerate([Decimal("730"), Decimal("729.9999")]):
        indicator = Indicator(mid_id=mid.id, position=position, name=f"Wskaźnik {position}", unit="szt.",
                              baseline_value=Decimal(0), baseline_year=2020, target_value=Decimal(1461),
                              target_year=2024)
        session.add(indicator)
        session.flush()
        session.add(IndicatorValue(indicator_id=indicator.id, mid_id=mid.id, year=2022, value=value))
    session.commit()
    counted = counted_by_network(session, today)[mid.network_id]
    assert (counted.on_track, counted.behind) == (1, 1)
    assert counted_by_network(session, today + timedelta(days=1))[mid.network_id].behind == 2
