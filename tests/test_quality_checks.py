"""Value-level data-quality checks (issue 19, in progress) on hand-made series: each rule flags what it
says and nothing else; adding a constant to a whole series flags nothing new."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from lib.quality import checks

CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["pct", "count"],
        "valid_min": [0.0, 0.0],
        "valid_max": [100.0, np.nan],
        "unit": ["%", "count"],
    }
)


def _series(values, indicator="pct", unit="B1", start="2022-01-01") -> pd.DataFrame:
    periods = pd.date_range(start, periods=len(values), freq="MS")
    return pd.DataFrame({"unit_id": unit, "indicator_id": indicator, "period": periods.date, "value": values})


def _flagged_periods(flags: pd.DataFrame) -> list[str]:
    return [f"{p:%Y-%m}" for p in pd.to_datetime(flags.period)]


def test_values_outside_the_valid_range_are_impossible_and_an_open_end_never_flags():
    reports = pd.concat([_series([50.0, 101.0, -1.0, 100.0]), _series([5000.0, -3.0], indicator="count")])
    flags = checks.impossible_values(reports, CATALOGUE)
    assert sorted(flags.value) == [-3.0, -1.0, 101.0]  # 100 is allowed, 5,000 has no upper bound
    assert set(flags.severity) == {"error"}


def test_a_numerator_above_its_denominator_and_a_negative_count_are_flagged():
    reports = _series([50.0, 120.0, 10.0]).assign(numerator=[5.0, 12.0, -1.0], denominator=[10.0, 10.0, 10.0])
    flags = checks.inconsistent_counts(reports)
    assert list(flags.reason) == ["numerator above denominator", "a negative count"]


# A series wobbling around 50: its median is 50, its absolute deviations 0, 1 and 2 in equal measure.
STEADY = [50.0, 51.0, 49.0, 52.0, 48.0, 50.0, 51.0, 49.0, 52.0, 48.0, 50.0, 51.0]


def test_a_spike_of_six_mads_is_flagged_and_one_of_two_is_not():
    history = STEADY
    median = float(np.median(history))
    raw = float(np.median(np.abs(np.array(history) - median)))  # by hand: deviations 0,1,1,2,2,0,1,1,2,2,0,1
    assert (median, raw) == (50.0, 1.0)
    mad = 1.4826 * raw  # scaled to a standard deviation, as R's mad() gives it
    six = checks.spikes(_series([*history, median + 6 * mad, 50.0]), CATALOGUE)
    two = checks.spikes(_series([*history, median + 2 * mad, 50.0]), CATALOGUE)
    assert _flagged_periods(six) == ["2023-01"] and list(six.reason) == ["spike"]
    assert two.empty
    assert (six.low.iloc[0], six.high.iloc[0]) == (50.0 - 6 * mad, 50.0 + 6 * mad)  # the expected range shown


def test_a_drop_is_named_a_drop_and_a_first_report_is_judged_by_the_ones_after_it():
    assert list(checks.spikes(_series([*STEADY, 30.0]), CATALOGUE).reason) == ["drop"]
    first = checks.spikes(_series([90.0, *STEADY]), CATALOGUE)  # no report before it: the 12 after it
    assert _flagged_periods(first) == ["2022-01"]
    assert checks.spikes(_series([90.0, 50.0, 51.0, 49.0, 52.0]), CATALOGUE).empty  # 4 after it: too few


def test_a_peak_seen_every_year_is_seasonal_and_not_flagged():
    """Four years of 50 (wobbling) with 70 every March. The fourth March has two earlier Marches with a
    level before them (2023 and 2024), so its usual offset (+20) is expected; the second March has
    none yet (one year's peak is not a pattern) and is a spike."""
    years = [(70.0 if month == 2 else STEADY[month]) for _ in range(4) for month in range(12)]
    flags = _flagged_periods(checks.spikes(_series(years), CATALOGUE))
    assert "2025-03" not in flags
    assert "2023-03" in flags
    odd = years.copy()
    odd[38] = 50.0 + 20.0 + 10.0  # the fourth March 10 points above its usual peak: still a spike
    assert "2025-03" in _flagged_periods(checks.spikes(_series(odd), CATALOGUE))


def test_a_jump_that_stays_is_a_level_shift_not_a_spike():
    stays = checks.spikes(_series([*STEADY, 60.0, 61.0, 59.0]), CATALOGUE)
    returns = checks.spikes(_series([*STEADY, 60.0, 50.0, 51.0]), CATALOGUE)
    assert "2023-01" not in _flagged_periods(stays) and _flagged_periods(returns) == ["2023-01"]
    latest = checks.spikes(_series([*STEADY, 60.0]), CATALOGUE)  # no next report yet: flagged
    assert _flagged_periods(latest) == ["2023-01"]


def test_a_flatline_of_six_reports_is_flagged_and_one_of_two_is_not():
    six = checks.flatlines(_series([40.0, 41.0, 55.0, 55.0, 55.0, 55.0, 55.0, 55.0, 43.0]))
    assert _flagged_periods(six) == ["2022-08"]  # the sixth report of the run
    assert list(six.reason) == ["the same value 6 reports in a row"]
    assert checks.flatlines(_series([40.0, 55.0, 55.0, 43.0, 44.0, 45.0, 46.0])).empty


def test_runs_never_join_across_series():
    reports = pd.concat([_series([7.0] * 3, unit="B1"), _series([7.0] * 3, unit="B2")])
    assert checks.flatlines(reports).empty  # 3 + 3, not 6


def test_a_jump_to_exactly_100_is_noted_and_a_climb_to_it_is_not():
    jump = checks.jumps_to_100(_series([60.0, 62.0, 100.0]), CATALOGUE)
    assert _flagged_periods(jump) == ["2022-03"] and list(jump.reason) == ["from 62.0"]
    assert checks.jumps_to_100(_series([80.0, 90.0, 100.0]), CATALOGUE).empty  # 10 points: a climb
    assert checks.jumps_to_100(_series([60.0, 100.0], indicator="count"), CATALOGUE).empty  # not a percentage


HALVES = st.integers(20, 120).map(lambda n: n / 2)  # halves add exactly: no rounding makes two values equal


@given(st.lists(HALVES, min_size=8, max_size=30), st.integers(-18, 60).map(lambda n: n / 2))
def test_adding_a_constant_to_a_whole_series_flags_nothing_new(values, constant):
    """Spikes, flatlines and their reasons depend on changes, not on the level (values stay in 1-90, so
    the valid range and the jump to 100 are never reached)."""
    before = pd.concat([checks.spikes(_series(values), CATALOGUE), checks.flatlines(_series(values))])
    shifted = [v + constant for v in values]
    after = pd.concat([checks.spikes(_series(shifted), CATALOGUE), checks.flatlines(_series(shifted))])
    assert _flagged_periods(after) == _flagged_periods(before)
