"""The on-track rule at its edges (alumni/indicators/progress.py): one indicator, no database."""

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from alumni.indicators import Progress, elapsed_share, expected_value, progress_of
from alumni.models import Indicator


def indicator(base=D(100), base_year=2022, target=D(200), target_year=2026, direction="increase", unit="szt."):
    return Indicator(mid_id=1, name="Drzewa posadzone", unit=unit, direction=direction, baseline_value=base,
                     baseline_year=base_year if base is not None else None, target_value=target,
                     target_year=target_year if target is not None else None)


# Baseline at the end of 2022, target at the end of 2026: mid-2024 is (very nearly) half the way.
MIDWAY = date(2024, 12, 31)


def test_elapsed_share_runs_from_the_end_of_the_baseline_year_to_the_end_of_the_target_year():
    assert elapsed_share(2022, 2026, date(2022, 12, 31)) == 0
    assert elapsed_share(2022, 2026, date(2021, 5, 1)) == 0
    assert elapsed_share(2022, 2026, MIDWAY) == Fraction(731, 1461)
    assert elapsed_share(2022, 2026, date(2026, 12, 31)) == 1
    assert elapsed_share(2022, 2026, date(2030, 1, 1)) == 1


def test_no_value_recorded_is_no_data():
    assert progress_of(indicator(), None, MIDWAY) == Progress.no_data


def test_no_target_is_no_data_whatever_the_value():
    assert progress_of(indicator(target=None), D(500), MIDWAY) == Progress.no_data


def test_no_baseline_is_no_data_unless_the_target_is_met():
    assert progress_of(indicator(base=None), D(150), MIDWAY) == Progress.no_data
    assert progress_of(indicator(base=None), D(200), MIDWAY) == Progress.achieved


def test_a_target_already_met_is_achieved_even_before_any_time_has_passed():
    assert progress_of(indicator(), D(200), date(2022, 6, 1)) == Progress.achieved
    assert progress_of(indicator(), D(250), MIDWAY) == Progress.achieved


def test_on_track_at_exactly_the_elapsed_share_and_behind_just_below_it():
    needed = expected_value(indicator(), MIDWAY)  # 100 + 100 × 731/1461
    assert D("150.03") < needed < D("150.04")
    assert progress_of(indicator(), D("150.04"), MIDWAY) == Progress.on_track
    assert progress_of(indicator(), D("150.03"), MIDWAY) == Progress.behind


def test_one_value_only_is_judged_against_the_baseline():
    # the only value recorded is all the rule needs: the way is measured from the baseline
    assert progress_of(indicator(), D(160), MIDWAY) == Progress.on_track
    assert progress_of(indicator(), D(100), MIDWAY) == Progress.behind


def test_less_is_better_measures_the_way_down():
    emissions = indicator(base=D(1000), target=D(600), direction="decrease", unit="t CO₂")
    assert progress_of(emissions, D(790), MIDWAY) == Progress.on_track    # 210 of 400 down: more than half
    assert progress_of(emissions, D(820), MIDWAY) == Progress.behind      # 180 of 400
    assert progress_of(emissions, D(600), MIDWAY) == Progress.achieved
    assert progress_of(emissions, D(1100), MIDWAY) == Progress.behind     # worse than the baseline


def test_a_target_year_passed_without_the_target_met_is_behind():
    after = date(2027, 3, 1)
    assert progress_of(indicator(), D("199.99"), after) == Progress.behind
    assert progress_of(indicator(), D(200), after) == Progress.achieved


def test_before_the_way_starts_any_value_is_on_track():
    assert progress_of(indicator(), D(100), date(2022, 12, 31)) == Progress.on_track


@pytest.mark.parametrize("direction, value, expected", [
    ("increase", D(101), Progress.behind), ("decrease", D(99), Progress.behind)])
def test_a_baseline_year_equal_to_the_target_year_needs_the_target_once_that_year_has_ended(direction, value, expected):
    same_year = indicator(base=D(100), base_year=2025, target=D(110) if direction == "increase" else D(90),
                          target_year=2025, direction=direction)
    assert progress_of(same_year, value, date(2026, 1, 10)) == expected
