"""The DiD estimators on small hand-built panels, with the answers worked out on paper,
plus invariants (hypothesis) and the wording of the report built on them."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from lib.evaluation import estimators
from lib.evaluation.estimators import Estimate, PretrendTest, joint_wald, reference_months
from lib.evaluation.outcomes import OutcomeInfo
from lib.evaluation.report import headline, warnings_for
from lib.evaluation.spec import Cohort, EvaluationSpec

# A perfect fit gives a covariance of rounding noise; pyfixest then takes sqrt of tiny negatives.
pytestmark = [
    pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning"),
]

FIRST_T = 2024 * 12  # month index of January 2024: any month works, the estimators only difference it
COLUMNS = [
    "unit_id",
    "state_id",
    "cohort_id",
    "start_t",
    "t",
    "period",
    "y",
    "rel",
    "treated_post",
    "weight",
    "stack",
    "fe_unit",
    "fe_time",
]
EXACT = 1e-8


def panel_frame(
    units: dict[str, tuple[int | None, list[float | None]]], weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """A Panel.frame from ``unit_id -> (start month or None for comparison, y by month)``.

    Months are 0, 1, 2, ... from January 2024; ``None`` in ``y`` is a month without a report.
    Pilot blocks with the same start month form one cohort (``c<start>``).
    """
    rows = []
    for unit_id, (start, values) in units.items():
        for month, y in enumerate(values):
            if y is None:
                continue
            t = FIRST_T + month
            rows.append(
                {
                    "unit_id": unit_id,
                    "state_id": "S1",
                    "cohort_id": "" if start is None else f"c{start}",
                    "start_t": -1 if start is None else FIRST_T + start,
                    "t": t,
                    "period": pd.Timestamp(date(t // 12, t % 12 + 1, 1)),
                    "y": float(y),
                    "rel": np.nan if start is None else float(month - start),
                    "weight": (weights or {}).get(unit_id, 1.0),
                }
            )
    frame = pd.DataFrame(rows)
    frame["treated_post"] = ((frame.cohort_id != "") & (frame.rel >= 0)).astype(int)
    # one design (not stacked): fixed effects are plain block and month
    frame["stack"], frame["fe_unit"], frame["fe_time"] = "all", frame.unit_id, frame.t.astype(str)
    return frame[COLUMNS]


def additive_panel(levels: dict[str, float], months: list[float], starts: dict[str, int], effect) -> pd.DataFrame:
    """No-noise panel y = block level + month level + effect(months since start) from the start on."""
    units = {}
    for unit_id, level in levels.items():
        start = starts.get(unit_id)
        units[unit_id] = (
            start,
            [
                level + shock + (effect(m - start) if start is not None and m >= start else 0.0)
                for m, shock in enumerate(months)
            ],
        )
    return panel_frame(units)


# --- a 2x2 panel computed on paper ---------------------------------------------------------------

# Three pilot blocks start in month 2; months 0-1 are before, 2-3 after. Not parallel: each block moves
# on its own, so the estimators have something to average.
TWO_BY_TWO = {
    "P1": (2, [10, 12, 20, 22]),
    "P2": (2, [14, 14, 21, 25]),
    "P3": (2, [12, 13, 19, 24]),
    "C1": (None, [20, 22, 23, 25]),
    "C2": (None, [18, 18, 21, 19]),
    "C3": (None, [22, 23, 24, 26]),
}
# Pilots:     pre mean  (10+12+14+14+12+13)/6 = 75/6,  post mean (20+22+21+25+19+24)/6 = 131/6
# Comparison: pre mean  (20+22+18+18+22+23)/6 = 123/6, post mean (23+25+21+19+24+26)/6 = 138/6
# DiD = (131 - 75)/6 - (138 - 123)/6 = 56/6 - 15/6 = 41/6
TWO_BY_TWO_DID = 41 / 6
# Naive, post months only: month 2 pilots 60/3 vs comparison 68/3; month 3 pilots 71/3 vs comparison 70/3;
# equal months, so (60 + 71)/6 - (68 + 70)/6 = -7/6
TWO_BY_TWO_NAIVE = -7 / 6


@pytest.mark.parametrize(
    "estimate",
    [
        lambda f: estimators.twfe(f),
        lambda f: estimators.did2s(f),
        lambda f: estimators.sun_abraham(f).estimate,
    ],
    ids=["twfe", "did2s", "sunab"],
)
def test_two_by_two_att_is_the_difference_of_mean_changes(estimate):
    result = estimate(panel_frame(TWO_BY_TWO))
    assert result.estimate == pytest.approx(TWO_BY_TWO_DID, abs=EXACT)
    assert (result.n_treated, result.n_comparison, result.n_obs) == (3, 3, 24)


def test_two_by_two_naive_is_the_post_period_difference_of_means():
    result = estimators.naive(panel_frame(TWO_BY_TWO))
    assert result.estimate == pytest.approx(TWO_BY_TWO_NAIVE, abs=EXACT)
    assert result.n_obs == 12  # post months 2 and 3 of all six blocks


# --- exactly parallel panel with a constant effect -----------------------------------------------

TAU = 2.5
PARALLEL = additive_panel(
    levels={"P1": 3.0, "P2": -1.0, "P3": 5.0, "C1": 0.0, "C2": 2.0, "C3": 7.0},
    months=[0.0, 1.5, -2.0, 4.0, 3.0, 6.0],
    starts={"P1": 3, "P2": 3, "P3": 3},
    effect=lambda rel: TAU,
)


@pytest.mark.parametrize(
    "estimate",
    [
        lambda f: estimators.twfe(f),
        lambda f: estimators.did2s(f),
        lambda f: estimators.sun_abraham(f).estimate,
    ],
    ids=["twfe", "did2s", "sunab"],
)
def test_parallel_panel_recovers_a_constant_effect(estimate):
    assert estimate(PARALLEL).estimate == pytest.approx(TAU, abs=EXACT)


@pytest.mark.parametrize(
    "event_study",
    [
        lambda f: estimators.event_study_twfe(f)[0],
        lambda f: estimators.sun_abraham(f).event_study,
    ],
    ids=["twfe", "sunab"],
)
def test_parallel_panel_event_study_is_zero_before_and_tau_after(event_study):
    table = event_study(PARALLEL).set_index("rel")
    # Months 0-5, start in month 3: relative months -3..2, reference -1
    assert table.index.tolist() == [-3, -2, -1, 0, 1, 2]
    assert table.loc[[-3, -2], "estimate"].abs().max() < EXACT
    assert np.allclose(table.loc[[0, 1, 2], "estimate"], TAU, atol=EXACT)
    assert table.loc[-1, "estimate"] == 0.0 and table.loc[-1, "std_error"] == 0.0
    assert table.reference.tolist() == [False, False, True, False, False, False]


# --- staggered starts, effects growing with time since the start ---------------------------------

# Cohort c2 (A1-A3) starts in month 2, cohort c5 (B1, B2) in month 5, months 0-7; effect = 1 + rel.
STAGGERED = additive_panel(
    levels={"A1": 3.0, "A2": -1.0, "A3": 5.0, "B1": 1.0, "B2": 4.0, "C1": 0.0, "C2": 2.0, "C3": 7.0},
    months=[0.0, 1.5, -2.0, 4.0, 3.0, 6.0, 5.0, 8.0],
    starts={"A1": 2, "A2": 2, "A3": 2, "B1": 5, "B2": 5},
    effect=lambda rel: 1.0 + rel,
)
# True ATT over treated block-months: c2 has rel 0..5, effects 1..6 (sum 21) on 3 blocks = 63 over 18
# block-months; c5 has rel 0..2, effects 1..3 (sum 6) on 2 blocks = 12 over 6. (63 + 12) / (18 + 6) = 75/24.
STAGGERED_ATT = 75 / 24


@pytest.mark.parametrize(
    "estimate",
    [
        lambda f: estimators.did2s(f),
        lambda f: estimators.sun_abraham(f).estimate,
    ],
    ids=["did2s", "sunab"],
)
def test_staggered_growing_effect_robust_estimators_recover_the_att(estimate):
    assert estimate(STAGGERED).estimate == pytest.approx(STAGGERED_ATT, abs=1e-6)


def test_staggered_growing_effect_biases_twfe():
    # Goodman-Bacon: c2's later, larger effects land in the "control" side when c5 starts,
    # so static TWFE understates the ATT (it gives 2.0 here against 3.125).
    result = estimators.twfe(STAGGERED)
    assert abs(result.estimate - STAGGERED_ATT) > 0.5
    assert result.estimate < STAGGERED_ATT


# --- weights --------------------------------------------------------------------------------------


def _noisy_units(seed: int) -> dict[str, tuple[int | None, list[float]]]:
    rng = np.random.default_rng(seed)
    return {
        unit_id: (3 if unit_id.startswith("P") else None, list(np.round(rng.normal(50, 5, 6), 1)))
        for unit_id in ["P1", "P2", "P3", "C1", "C2", "C3", "C4"]
    }


@pytest.mark.parametrize(
    "estimate",
    [
        lambda f: estimators.twfe(f),
        lambda f: estimators.did2s(f),
        lambda f: estimators.sun_abraham(f).estimate,
        lambda f: estimators.naive(f),
    ],
    ids=["twfe", "did2s", "sunab", "naive"],
)
def test_weight_two_equals_duplicating_the_comparison_block(estimate):
    units = _noisy_units(1)
    weighted = panel_frame(units, weights={"C2": 2.0})
    duplicated = panel_frame(units | {"C2_copy": units["C2"]})
    unweighted = panel_frame(units)
    assert estimate(weighted).estimate == pytest.approx(estimate(duplicated).estimate, abs=EXACT)
    # ... and the weight does matter, so the check above is not vacuous
    assert abs(estimate(weighted).estimate - estimate(unweighted).estimate) > 1e-3


# --- joint Wald test ------------------------------------------------------------------------------


def test_joint_wald_diagonal_by_hand():
    # W = b1^2/v1 + b2^2/v2 = 2^2/4 + 3^2/9 = 2, q = 2; with G1 = 30 pilot blocks the Hotelling scaling
    # gives F = W (G1 - q) / (q (G1 - 1)) = 2 * 28 / (2 * 29) = 28/29, on (2, 28) degrees of freedom
    result = joint_wald(np.array([2.0, -3.0]), np.diag([4.0, 9.0]), 30)
    assert result.statistic == pytest.approx(28 / 29)
    assert result.df == 2
    assert result.p_value == pytest.approx(stats.f.sf(28 / 29, 2, 28))
    # W = 1^2/0.25 + 2^2/1 = 8, G1 = 11: F = 8 * 9 / (2 * 10) = 3.6 on (2, 9)
    result = joint_wald(np.array([1.0, 2.0]), np.diag([0.25, 1.0]), 11)
    assert result.statistic == pytest.approx(3.6)
    assert result.p_value == pytest.approx(stats.f.sf(3.6, 2, 9))
    assert 0.05 < result.p_value < 0.1  # F(2, 9) critical value at 5% is 4.26


def test_joint_wald_cannot_test_more_months_than_pilot_blocks():
    result = joint_wald(np.ones(3), np.eye(3), 3)
    assert result.df == 3 and np.isnan(result.p_value)


def test_joint_wald_ignores_round_off_directions():
    # a direction with variance -1e-17 (round-off on a degenerate design) is not a restriction
    vcov = np.diag([1.0, -1e-17])
    result = joint_wald(np.array([1.0, 0.0]), vcov, 40)
    assert result.df == 1 and result.statistic == pytest.approx(1.0)  # 1 * 39 / (1 * 39)
    assert np.isnan(joint_wald(np.zeros(2), np.zeros((2, 2)), 40).p_value)


def test_joint_wald_empty_is_nan():
    result = joint_wald(np.array([]), np.zeros((0, 0)), 30)
    assert np.isnan(result.statistic) and np.isnan(result.p_value) and result.df == 0


# --- reference months -----------------------------------------------------------------------------


def test_reference_month_monthly_cohort_is_minus_one():
    assert reference_months(PARALLEL) == {"c3": -1}


def test_reference_month_quarterly_cohort_is_last_report_before_start():
    # Pilots report only in months 0, 3 and 6 (rel -3, 0, 3); comparison blocks likewise.
    quarterly = [1.0, None, None, 2.0, None, None, 4.0]
    frame = panel_frame({"P1": (3, quarterly), "P2": (3, quarterly), "C1": (None, quarterly), "C2": (None, quarterly)})
    assert sorted(frame.loc[frame.cohort_id != "", "rel"].unique()) == [-3, 0, 3]
    assert reference_months(frame) == {"c3": -3}


def test_reference_months_per_cohort():
    assert reference_months(STAGGERED) == {"c2": -1, "c5": -1}


# Quarterly reports (months 0, 3, 6, 9, 12); cohort c6 starts in a report month (last pre report rel -3),
# cohort c5 a month earlier (last pre report rel -2), so the cohorts' reference months differ.
QUARTERLY_LEVELS = {"A1": 3.0, "A2": -1.0, "B1": 1.0, "B2": 4.0, "C1": 0.0, "C2": 2.0, "C3": 7.0}
QUARTERLY_STAGGERED = additive_panel(
    levels=QUARTERLY_LEVELS,
    months=[0.0, 1.5, -2.0, 4.0, 3.0, 6.0, 5.0, 8.0, 6.5, 9.0, 7.0, 11.0, 10.0],
    starts={"A1": 6, "A2": 6, "B1": 5, "B2": 5},
    effect=lambda rel: TAU,
)
QUARTERLY_STAGGERED = QUARTERLY_STAGGERED[(QUARTERLY_STAGGERED.t - FIRST_T) % 3 == 0].reset_index(drop=True)


@pytest.mark.parametrize(
    "event_study",
    [
        # each cohort's own reference month is left out (a bug once left out only the latest, -2)
        pytest.param(lambda f: estimators.event_study_twfe(f)[0], id="twfe"),
        pytest.param(lambda f: estimators.sun_abraham(f).event_study, id="sunab"),
    ],
)
def test_event_study_with_cohorts_on_different_reference_months(event_study):
    assert reference_months(QUARTERLY_STAGGERED) == {"c5": -2, "c6": -3}
    table = event_study(QUARTERLY_STAGGERED)
    estimated = table[~table.reference]
    # Every relative month with pilot reports (less the references) is estimated: c6 has -6, 0, 3, 6;
    # c5 has -5, 1, 4, 7.
    assert set(estimated.rel) >= {-6, -5, 0, 1, 3, 4, 6, 7}
    assert estimated.loc[estimated.rel < 0, "estimate"].abs().max() < 1e-6
    assert np.allclose(estimated.loc[estimated.rel >= 0, "estimate"], TAU, atol=1e-6)


# --- intervals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "estimate",
    [
        lambda f: estimators.twfe(f),
        lambda f: estimators.did2s(f),
        lambda f: estimators.sun_abraham(f).estimate,
        lambda f: estimators.naive(f),
    ],
    ids=["twfe", "did2s", "sunab", "naive"],
)
def test_interval_uses_t_with_pilot_clusters_minus_one_df(estimate):
    frame = panel_frame(_noisy_units(2))
    result = estimate(frame)
    # 3 pilot blocks of 7 -> 2 degrees of freedom (not 6); t_{0.975, 2} = 4.302653 (tables)
    assert frame.unit_id.nunique() == 7 and result.df == 2
    critical = 4.302653
    assert result.std_error > 0
    assert result.ci_low == pytest.approx(result.estimate - critical * result.std_error, abs=1e-5)
    assert result.ci_high == pytest.approx(result.estimate + critical * result.std_error, abs=1e-5)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(result.estimate / result.std_error), 2))


# --- invariants (hypothesis) ----------------------------------------------------------------------

N_BLOCKS, N_MONTHS = 8, 6
PROPERTY = settings(max_examples=15, deadline=None)
SHIFTS = st.integers(-500, 500).map(lambda v: v / 10)
ROBUST = {
    "twfe": lambda f: estimators.twfe(f),
    "sunab": lambda f: estimators.sun_abraham(f).estimate,
    "did2s": lambda f: estimators.did2s(f),
}


@st.composite
def random_panels(draw) -> pd.DataFrame:
    """8 blocks x 6 months: blocks 0-2 start in month 3, blocks 3-4 in a drawn month (2-4), 5-7 comparison."""
    late_start = draw(st.integers(2, 4))
    starts = [3, 3, 3, late_start, late_start, None, None, None]
    values = draw(
        st.lists(st.integers(0, 1000).map(lambda v: v / 10), min_size=N_BLOCKS * N_MONTHS, max_size=N_BLOCKS * N_MONTHS)
    )
    return panel_frame({f"B{i}": (starts[i], values[i * N_MONTHS : (i + 1) * N_MONTHS]) for i in range(N_BLOCKS)})


def _close(a: float, b: float, scale: float) -> bool:
    return abs(a - b) <= 1e-6 * (1.0 + scale)


@PROPERTY
@given(frame=random_panels(), block=st.integers(0, N_BLOCKS - 1), shift=SHIFTS)
def test_adding_a_constant_to_one_block_changes_no_estimate(frame, block, shift):
    shifted = frame.assign(y=frame.y + np.where(frame.unit_id == f"B{block}", shift, 0.0))
    for name, estimate in ROBUST.items():
        before, after = estimate(frame), estimate(shifted)
        assert _close(before.estimate, after.estimate, abs(shift) + frame.y.abs().max()), name


@PROPERTY
@given(frame=random_panels(), month=st.integers(0, N_MONTHS - 1), shift=SHIFTS)
def test_adding_a_constant_to_one_month_changes_no_estimate(frame, month, shift):
    shifted = frame.assign(y=frame.y + np.where(frame.t == FIRST_T + month, shift, 0.0))
    for name, estimate in ROBUST.items():
        before, after = estimate(frame), estimate(shifted)
        assert _close(before.estimate, after.estimate, abs(shift) + frame.y.abs().max()), name


@PROPERTY
@given(frame=random_panels(), factor=st.integers(1, 100).map(lambda v: v / 10))
def test_scaling_the_outcome_scales_estimate_and_standard_error(frame, factor):
    scaled = frame.assign(y=frame.y * factor)
    for name, estimate in ROBUST.items():
        before, after = estimate(frame), estimate(scaled)
        scale = factor * frame.y.abs().max()
        assert _close(after.estimate, factor * before.estimate, scale), name
        assert _close(after.std_error, factor * before.std_error, scale), name


# --- report wording -------------------------------------------------------------------------------

COHORT = Cohort("c", "Phase I", date(2024, 4, 1), ("B1",))
SPEC = EvaluationSpec((COHORT,), "anc", comparison="all")
ANC = OutcomeInfo(
    outcome="anc",
    label="ANC first-trimester registration",
    short_label="ANC 1st trimester",
    unit_word="percentage points",
    higher_is_better=True,
    periodicity="monthly",
)
IMR = OutcomeInfo(
    outcome="imr",
    label="Infant mortality",
    short_label="IMR",
    unit_word="per 1,000",
    higher_is_better=False,
    periodicity="monthly",
)


def _estimate(value: float, low: float, high: float, treated: int = 40, comparison: int = 120) -> Estimate:
    return Estimate("sunab", "SA", value, 0.9, low, high, 0.001, treated, comparison, 9000, treated - 1)


def test_headline_positive_significant_higher_is_better():
    text = headline(_estimate(4.1, 2.3, 5.9), ANC, SPEC, {"c": 12})
    # Fragments, not the whole sentence: the surrounding wording is edited for style, these facts are not.
    assert "Phase I" in text
    assert "ANC first-trimester registration in pilot blocks (Phase I) was 4.1 percentage points higher than in" in text
    assert text.startswith(
        "Design: all non-pilot aspirational blocks. Averaged over the first 12 months from the start,"
    )
    assert "(95% CI 2.3 to 5.9)" in text
    assert text.endswith("Higher is better, so this is an improvement relative to the comparison.")
    assert "consistent with no effect" not in text


def test_headline_negative_significant_lower_is_better_is_an_improvement():
    text = headline(_estimate(-3.24, -5.0, -1.46), IMR, SPEC, {"c": 1})
    assert "nfant mortality in pilot blocks (Phase I) was 3.2 per 1,000 lower than in" in text  # may be lower-cased
    assert "(95% CI -5.0 to -1.5)" in text
    assert "Averaged over the first 1 month from the start," in text
    assert text.endswith("Lower is better, so this is an improvement relative to the comparison.")


def test_headline_positive_on_lower_is_better_is_a_deterioration():
    text = headline(_estimate(2.0, 0.5, 3.5), IMR, SPEC, {"c": 12})
    assert "was 2.0 per 1,000 higher" in text
    assert text.endswith("Lower is better, so this is a deterioration relative to the comparison.")


def test_headline_with_very_few_pilot_blocks_gives_no_verdict():
    text = headline(_estimate(0.4, 0.2, 0.6, treated=2), ANC, SPEC, {"c": 12})
    assert text.endswith("With only 2 pilot blocks this is too thin for a verdict.")
    assert "improvement" not in text


def test_headline_names_cohorts_with_fewer_months():
    later = Cohort("d", "Phase II", date(2025, 4, 1), ("B2",))
    text = headline(_estimate(4.1, 2.3, 5.9), ANC, EvaluationSpec((COHORT, later), "anc"), {"c": 12, "d": 6})
    assert "Averaged over the first 12 months from the start (Phase II: only 6)," in text


def test_headline_interval_spanning_zero_is_consistent_with_no_effect():
    text = headline(_estimate(1.2, -0.4, 2.8), ANC, SPEC, {"c": 12})
    assert "was 1.2 percentage points higher" in text and "(95% CI -0.4 to 2.8)" in text
    assert text.endswith(
        "The interval includes zero: the data cannot rule out no effect, nor an effect as large as 2.8."
    )
    assert "improvement" not in text


NO_PRETREND = PretrendTest(1.0, 11, 0.5)


def test_no_warnings_for_a_clean_evaluation():
    # The control case: without it, the warning checks below could pass on a function that always warns.
    assert warnings_for(SPEC, _estimate(4.1, 2.3, 5.9), NO_PRETREND, {"c": 12}, 0, 40, ANC) == []


def test_warning_for_pretrends():
    notes = warnings_for(SPEC, _estimate(4.1, 2.3, 5.9), PretrendTest(2.5, 11, 0.012), {"c": 12}, 0, 40, ANC)
    assert len(notes) == 1
    assert notes[0].startswith("Pre-start trends differ") and "p = 0.012" in notes[0]
    assert "Look at the event study" in notes[0]


def test_warning_for_few_treated_blocks():
    notes = warnings_for(SPEC, _estimate(4.1, 2.3, 5.9, treated=19), NO_PRETREND, {"c": 12}, 0, 19, ANC)
    assert len(notes) == 1
    assert notes[0].startswith("Only 19 pilot blocks") and "fewer than 20 treated clusters" in notes[0]
    assert warnings_for(SPEC, _estimate(4.1, 2.3, 5.9, treated=20), NO_PRETREND, {"c": 12}, 0, 20, ANC) == []


def test_warning_for_twfe_with_staggered_cohorts():
    later = Cohort("d", "Phase II", date(2025, 4, 1), ("B2",))
    staggered_twfe = EvaluationSpec((COHORT, later), "anc", estimator="twfe")
    notes = warnings_for(staggered_twfe, _estimate(4.1, 2.3, 5.9), NO_PRETREND, {"c": 12, "d": 12}, 0, 40, ANC)
    assert len(notes) == 1 and notes[0].startswith("Cohorts start in different months")
    staggered_sunab = EvaluationSpec((COHORT, later), "anc", estimator="sunab")
    assert warnings_for(staggered_sunab, _estimate(4.1, 2.3, 5.9), NO_PRETREND, {"c": 12, "d": 12}, 0, 40, ANC) == []


def test_warning_for_fewer_months_than_asked():
    notes = warnings_for(SPEC, _estimate(4.1, 2.3, 5.9), NO_PRETREND, {"c": 7}, 0, 40, ANC)
    assert len(notes) == 1 and "fewer than the 12 months after the start asked for (Phase I: 7)" in notes[0]
