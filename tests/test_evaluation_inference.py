"""Effects per cohort and horizon, small-sample inference, randomisation inference, the
sensitivity bounds, the design comparison and placebos: answers worked out on paper."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_evaluation_estimators import TWO_BY_TWO, TWO_BY_TWO_DID, panel_frame

from lib.demo.simulate import small_demo
from lib.evaluation import estimators
from lib.evaluation.cohorts import find_cohorts
from lib.evaluation.effects import cohort_effects
from lib.evaluation.estimators import CellFit, Estimate
from lib.evaluation.inference import minimum_detectable_effect, randomisation_test
from lib.evaluation.outcomes import OutcomeInfo, carry_forward
from lib.evaluation.report import design_agreement, headline, warnings_for
from lib.evaluation.sensitivity import relative_magnitudes
from lib.evaluation.service import DESIGN_COLUMNS, evaluate, placebo_specs, run_placebos
from lib.evaluation.spec import Cohort, EvaluationSpec
from lib.periods import month_indices, window_start_index

pytestmark = [
    pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning"),
]
CLOSE = 1e-6
ANC = OutcomeInfo("anc", "ANC first-trimester registration", "ANC", "percentage points", True, "monthly")


# --- degrees of freedom from the pilot blocks -----------------------------------------------------


def test_intervals_use_pilot_blocks_less_one_degrees_of_freedom():
    estimate = estimators.twfe(panel_frame(TWO_BY_TWO))  # 3 pilot blocks of 6
    assert estimate.df == 2
    # t(0.975, 2) = 4.303 from a printed t table; with all 6 blocks (5 df) it would be 2.571
    assert (estimate.ci_high - estimate.estimate) / estimate.std_error == pytest.approx(4.303, abs=1e-3)


def test_minimum_detectable_effect_by_hand():
    # (t(0.975, 5) + t(0.80, 5)) * SE = (2.5706 + 0.9195) * 2 from a t table
    assert minimum_detectable_effect(2.0, 5) == pytest.approx(6.980, abs=1e-3)
    assert minimum_detectable_effect(2.0, 5) > minimum_detectable_effect(2.0, 50)  # fewer pilots, larger MDE


# --- randomisation inference -------------------------------------------------------------------


def test_randomisation_test_enumerates_every_assignment_by_hand():
    # Changes (post mean - pre mean): P1 10, P2 9, P3 9, C1 3, C2 2, C3 2.5 (sum 35.5). A choice S of three
    # "pilots" gives T = (2 sum_S - 35.5) / 3; observed sum 28 -> T = 41/6. |T| >= 41/6 needs sum_S >= 28 or
    # <= 7.5: only the real pilots and the three comparison blocks, 2 of C(6, 3) = 20 assignments.
    test = randomisation_test(panel_frame(TWO_BY_TWO))
    assert test.exact and test.draws == 20
    assert test.statistic == pytest.approx(TWO_BY_TWO_DID, abs=CLOSE)
    assert test.p_value == pytest.approx(2 / 20)


def test_randomisation_test_with_sampled_assignments_counts_the_observed_one():
    test = randomisation_test(panel_frame(TWO_BY_TWO), draws=10)  # fewer draws than the 20 assignments
    assert not test.exact and test.draws == 10
    # every sampled assignment is one of the 20; at least the observed one counts, so p >= 1/11
    assert 1 / 11 <= test.p_value <= 1
    assert test.p_value * 11 == pytest.approx(round(test.p_value * 11))


def _balanced(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    units = {f"P{i}": (4, list(rng.normal(10, 2, 8))) for i in range(4)}
    units |= {f"C{i}": (None, list(rng.normal(10, 2, 8))) for i in range(8)}
    return panel_frame(units)


@given(seed=st.integers(0, 10_000), month=st.integers(0, 7), shock=st.floats(-50, 50))
def test_a_shock_common_to_every_block_changes_no_randomisation_result(seed, month, shock):
    frame = _balanced(seed)
    shocked = frame.assign(y=frame.y + np.where(frame.t == frame.t.min() + month, shock, 0.0))
    before, after = randomisation_test(frame, draws=200), randomisation_test(shocked, draws=200)
    assert after.statistic == pytest.approx(before.statistic, abs=1e-9)
    assert after.p_value == before.p_value


@given(seed=st.integers(0, 10_000))
def test_negating_the_outcome_flips_the_statistic_and_keeps_the_p_value(seed):
    frame = _balanced(seed)
    before, after = randomisation_test(frame, draws=200), randomisation_test(frame.assign(y=-frame.y), draws=200)
    assert after.statistic == pytest.approx(-before.statistic, abs=1e-9)
    assert after.p_value == before.p_value


# --- effects per cohort and per horizon ------------------------------------------------------------


def _two_cohorts() -> pd.DataFrame:
    """No noise: y = block level + month shock + 2 * (months since start + 1) from the start on.
    Cohort A (A1, A2) starts in month 4, cohort B (B1-B3) in month 6; months 0-9."""
    months = [0.0, 1.0, -1.0, 2.0, 0.5, 1.5, -0.5, 3.0, 2.5, 1.0]
    levels = {"A1": 10, "A2": 12, "B1": 20, "B2": 22, "B3": 19, "C1": 15, "C2": 17, "C3": 14}
    starts = {"A1": 4, "A2": 4, "B1": 6, "B2": 6, "B3": 6}
    units = {}
    for unit, level in levels.items():
        start = starts.get(unit)
        effect = [2.0 * (m - start + 1) if start is not None and m >= start else 0.0 for m in range(10)]
        units[unit] = (start, [level + shock + e for shock, e in zip(months, effect, strict=True)])
    return panel_frame(units)


def test_cohort_and_horizon_effects_by_hand():
    frame = _two_cohorts()
    cohorts = (
        Cohort("c4", "A", date(2024, 5, 1), ("A1", "A2")),
        Cohort("c6", "B", date(2024, 7, 1), ("B1", "B2", "B3")),
    )
    table = cohort_effects(frame, estimators.sun_abraham(frame), cohorts).set_index(["cohort", "months_since_start"])
    # A: months since start 0-5, effects 2, 4, ..., 12 -> mean 7; B: 0-3, effects 2-8 -> mean 5
    assert table.loc[("A", "0-5"), "estimate"] == pytest.approx(7.0, abs=CLOSE)
    assert table.loc[("B", "0-3"), "estimate"] == pytest.approx(5.0, abs=CLOSE)
    assert table.loc[("A", "2"), "estimate"] == pytest.approx(6.0, abs=CLOSE)  # month 3: 2 * 3
    assert table.loc[("A", "5"), "estimate"] == pytest.approx(12.0, abs=CLOSE)  # month 6
    assert ("B", "5") not in table.index  # B has 4 months of data: no month-6 row
    pooled = table.xs("Pooled (all cohorts)", level="cohort")
    # block-months: A 2 x 6 = 12 with sum 2 * 42 = 84, B 3 x 4 = 12 with sum 3 * 20 = 60 -> 144 / 24 = 6
    assert pooled.loc["0-5", "estimate"] == pytest.approx(6.0, abs=CLOSE)
    # no noise, so the variance is the cohort shares' alone: (2 * 6^2 * (7-6)^2 + 3 * 4^2 * (5-6)^2) / 24^2
    assert pooled.loc["0-5", "std_error"] == pytest.approx(np.sqrt(120 / 576), abs=1e-6)
    assert "only A has data" in pooled.loc["5", "effect"]
    assert table.loc[("A", "0-5"), "df"] == 1 and pooled.loc["0-5", "df"] == 4


# --- sensitivity to parallel trends ---------------------------------------------------------------


def test_relative_magnitude_bounds_and_breakdown_by_hand():
    cells = pd.DataFrame({"cohort_id": ["a"] * 4, "rel": [-3, -2, 0, 1], "n": [10] * 4})
    fit = CellFit(cells, np.array([0.5, -1.0, 3.0, 5.0]), np.diag([0.04, 0.04, 0.25, 0.25]))
    result = relative_magnitudes(fit, df=9)
    # theta = (3 + 5) / 2 = 4, se = sqrt(0.25 * 0.25 + 0.25 * 0.25) = 0.35355; D = max(|0.5|, |-1|) = 1
    # c = t(0.975, 9) = 2.2622: M = 1 gives 4 -/+ (1 + 0.7998); breakdown (4 - 0.7998) / 1 = 3.2002
    assert result.estimate == pytest.approx(4.0) and result.std_error == pytest.approx(0.353553, abs=1e-6)
    assert result.pre_difference == pytest.approx(1.0)
    at_one = result.bounds.set_index("multiplier").loc[1.0]
    assert at_one.low == pytest.approx(2.2002, abs=1e-3) and at_one.high == pytest.approx(5.7998, abs=1e-3)
    assert result.breakdown == pytest.approx(3.2002, abs=1e-3)
    assert "3.2 times" in result.sentence("percentage points")


def test_an_interval_already_including_zero_breaks_down_at_zero():
    cells = pd.DataFrame({"cohort_id": ["a"] * 2, "rel": [-2, 0], "n": [5, 5]})
    result = relative_magnitudes(CellFit(cells, np.array([0.3, 0.5]), np.diag([0.01, 1.0])), df=20)
    assert result.breakdown == 0.0
    assert (result.bounds.low <= 0).all() and (result.bounds.high >= 0).all()


# --- the wording -----------------------------------------------------------------------------------

SPEC = EvaluationSpec((Cohort("c", "Phase I", date(2024, 4, 1), ("B1",)),), "anc", comparison="matched")


def _estimate(value: float, low: float, high: float) -> Estimate:
    return Estimate("sunab", "SA", value, 0.9, low, high, 0.001, 40, 120, 9000, 39)


def test_headline_says_the_effect_is_an_average_over_the_months_and_names_the_design():
    text = headline(_estimate(4.7, 2.9, 6.5), ANC, SPEC, {"c": 12})
    assert text.startswith("Design: matched comparison blocks. Averaged over the first 12 months from the start,")
    assert "was 4.7 percentage points higher than in matched comparison blocks" in text
    assert "rose" not in text


def test_headline_never_writes_minus_zero():
    text = headline(_estimate(-0.004, -1.2, 1.19), ANC, SPEC, {"c": 12})
    assert "-0.0" not in text and "0.00 percentage points different from matched comparison blocks" in text


def _designs(matched, states, everyone) -> pd.DataFrame:
    rows = []
    for design, (value, low, high) in {"matched": matched, "states": states, "all": everyone}.items():
        rows.append({"design": design, "estimator": "sunab", "estimate": value, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows)


def test_designs_disagree_when_an_estimate_lies_outside_another_designs_interval():
    agree = design_agreement(_designs((3.0, 2.0, 4.0), (3.5, 2.5, 4.5), (3.8, 3.0, 4.6)), SPEC)
    assert "agree within their intervals" in agree
    clash = design_agreement(_designs((3.0, 2.0, 4.0), (3.5, 2.5, 4.5), (5.0, 4.5, 5.5)), SPEC)
    assert "disagree beyond their intervals" in clash and "all non-pilot blocks 5.0" in clash


def test_imbalance_on_any_matching_variable_is_warned_about():
    balance = pd.DataFrame(
        {
            "variable": ["outcome_level", "education_level", "health_trend"],
            "smd_after": [0.05, -0.47, 0.2],
            "cohort": ["Phase I"] * 3,
        }
    )
    found = warnings_for(
        SPEC, _estimate(4.0, 3.0, 5.0), estimators.PretrendTest(1.0, 3, 0.5), {"c": 12}, 0, 40, ANC, balance
    )
    text = " ".join(found)
    assert "Education theme: pre-start level: -0.47" in text
    assert "outcome" not in text.lower().split("differ by")[1].split(".")[0]  # 0.05 is not listed
    assert "health" not in text.lower().split("differ by")[1]  # 0.2 is below 0.25


# --- the service on the reduced demo ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_con():
    con = small_demo(seed=0, n_blocks=120)
    yield con
    con.close()


def test_every_design_with_every_estimator_and_the_headline_design_first(small_con):
    phase_1 = find_cohorts(small_con, ["jica_phase_1"])
    result = evaluate(small_con, EvaluationSpec(phase_1, "anc_first_trimester"))
    assert result.spec.comparison == "matched"  # the default design
    designs = result.designs
    assert list(designs.columns) == DESIGN_COLUMNS
    assert list(dict.fromkeys(designs.design)) == ["matched", "states", "all"]
    assert set(designs[designs.design == "all"].estimator) == {"sunab", "did2s", "twfe", "naive"}
    matched = designs[designs.design == "matched"].set_index("estimator")
    own = result.estimates.set_index("estimator")
    assert np.allclose(matched.loc[own.index, "estimate"], own.estimate)
    alone = evaluate(small_con, EvaluationSpec(phase_1, "anc_first_trimester", comparison="all"), designs=False)
    assert designs[designs.design == "all"].set_index("estimator").loc["sunab", "estimate"] == pytest.approx(
        alone.headline_estimate.estimate
    )
    assert result.mde > 0 and f"With {result.headline_estimate.n_treated} pilot blocks" in result.mde_sentence


def test_placebo_start_moves_each_cohort_back_twelve_months_and_ends_before_the_real_start(small_con):
    phase_1 = find_cohorts(small_con, ["jica_phase_1"])
    spec = EvaluationSpec(phase_1, "anc_first_trimester", post_months=18)
    label, shifted = placebo_specs(spec, None)["placebo_start"]
    assert shifted.cohorts[0].start == date(2023, 4, 1) and phase_1[0].start == date(2024, 4, 1)
    assert shifted.post_months == 12  # months 2023-04 .. 2024-03: before the real start
    rows = run_placebos(small_con, spec, "diabetes_screening")
    assert set(rows.design) == {"placebo_start", "placebo_outcome"}
    assert rows.estimate.notna().all() and list(rows.columns) == DESIGN_COLUMNS
    same = run_placebos(small_con, spec, "anc_first_trimester")
    assert same[same.design == "placebo_outcome"].note.str.contains("the outcome itself").all()


# --- carrying values forward (the matching and theme-score outcomes) ---------------------------------


@given(
    start=st.integers(0, 23),
    length=st.integers(1, 30),
    periodicity=st.sampled_from(["quarterly", "annual", "monthly"]),
    seed=st.integers(0, 10_000),
)
def test_carry_forward_matches_a_groupby_fill_within_each_window(start, length, periodicity, seed):
    months = pd.date_range("2023-01-01", periods=24 + 30, freq="MS")[start : start + length]
    rng = np.random.default_rng(seed)
    grid = np.where(rng.random((4, len(months))) < 0.3, rng.normal(50, 10, (4, len(months))), np.nan)
    windows = window_start_index(periodicity, month_indices(months))
    expected = grid if periodicity == "monthly" else pd.DataFrame(grid.T).groupby(windows).ffill().to_numpy().T
    assert np.array_equal(carry_forward(grid, months, periodicity), expected, equal_nan=True)
