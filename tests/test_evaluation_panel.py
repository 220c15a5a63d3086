"""The evaluation panel: month indices, windows, comparison pools, the assembled
panel on a small simulated database, fixed-scale outcomes and spec validation."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from lib import db
from lib.demo.simulate import small_demo
from lib.evaluation.cohorts import database_cohorts
from lib.evaluation.outcomes import default_outcome, describe_outcome, outcome_options, outcome_panel, score_panel
from lib.evaluation.panel import build_panel, comparison_pool, windows
from lib.evaluation.spec import Cohort, EvaluationSpec, MatchingOptions
from lib.periods import month_index
from lib.scoring.params import GROUPS

OUTCOME = "anc_first_trimester"  # monthly, higher is better, 0-100
APRIL_2024 = date(2024, 4, 1)


@pytest.fixture(scope="module")
def small_con():
    con = small_demo(seed=0, n_blocks=120)
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo_cohorts(small_con):
    return tuple(database_cohorts(small_con))


def _spec(*cohorts: Cohort, **options) -> EvaluationSpec:
    return EvaluationSpec(cohorts=tuple(cohorts), outcome=options.pop("outcome", OUTCOME), **options)


def _cohort(start: date, members=("B1",), cohort_id: str = "c") -> Cohort:
    return Cohort(cohort_id, cohort_id.upper(), start, tuple(members))


# ---------------------------------------------------------------- windows


def test_windows_clip_to_the_data():
    first, last = date(2023, 1, 1), date(2026, 9, 1)
    spec = _spec(
        _cohort(APRIL_2024, cohort_id="mid"),
        _cohort(date(2023, 6, 1), cohort_id="early"),
        _cohort(date(2026, 6, 1), cohort_id="late"),
        _cohort(last, cohort_id="last_month"),
        pre_months=12,
        post_months=12,
    )
    assert windows(spec, first, last) == {
        "mid": (month_index(date(2023, 4, 1)), month_index(date(2025, 3, 1))),
        "early": (month_index(first), month_index(date(2024, 5, 1))),  # 12 months back is 2022-06
        "late": (month_index(date(2025, 6, 1)), month_index(last)),  # 12 months on is 2027-05
        "last_month": (month_index(date(2025, 9, 1)), month_index(last)),
    }


@pytest.mark.parametrize("start", [date(2023, 1, 1), date(2022, 11, 1)])
def test_window_needs_a_month_before_the_start(start):
    with pytest.raises(ValueError, match="data begin in 2023-01: there is no month before the start"):
        windows(_spec(_cohort(start)), date(2023, 1, 1), date(2026, 9, 1))


def test_window_needs_the_start_inside_the_data():
    with pytest.raises(ValueError, match="starts in 2026-10, after the latest data \\(2026-09\\)"):
        windows(_spec(_cohort(date(2026, 10, 1))), date(2023, 1, 1), date(2026, 9, 1))


# ---------------------------------------------------------------- comparison_pool

HAND_BLOCKS = pd.DataFrame(
    {
        "unit_id": ["B1", "B2", "B3", "B4", "B5", "B6", "B7"],
        "state_id": ["S1", "S1", "S2", "S1", "S3", "S2", "S3"],
        "aspirational": [True, True, True, False, True, True, True],
    }
)
# B1 is the chosen pilot (S1); B5 is in another cohort in the database (S3); B4 is not aspirational.
HAND_COHORT = Cohort("chosen", "Chosen", APRIL_2024, ("B1",))


def test_comparison_pool_all():
    pool = comparison_pool(HAND_BLOCKS, _spec(HAND_COHORT, comparison="all"), {"B1", "B5"})
    assert pool.unit_id.tolist() == ["B2", "B3", "B6", "B7"]


def test_comparison_pool_states_keeps_only_pilot_states():
    # The database cohort's state S3 does not count: only the chosen cohorts' states.
    pool = comparison_pool(HAND_BLOCKS, _spec(HAND_COHORT, comparison="states"), {"B1", "B5"})
    assert pool.unit_id.tolist() == ["B2"]
    two_states = Cohort("chosen", "Chosen", APRIL_2024, ("B1", "B3"))
    pool = comparison_pool(HAND_BLOCKS, _spec(two_states, comparison="states"), {"B1", "B3", "B5"})
    assert pool.unit_id.tolist() == ["B2", "B6"]


# ---------------------------------------------------------------- build_panel on a small demo


def _rel_range(frame: pd.DataFrame, cohort_id: str) -> tuple[float, float]:
    rel = frame.loc[frame.cohort_id == cohort_id, "rel"]
    return rel.min(), rel.max()


def test_panel_all_comparison(small_con, demo_cohorts):
    phase_1, phase_2 = demo_cohorts
    panel = build_panel(small_con, _spec(phase_1, phase_2, comparison="all", pre_months=12, post_months=12))
    frame = panel.frame
    pilots, comparison = frame[frame.cohort_id != ""], frame[frame.cohort_id == ""]
    members = set(phase_1.members) | set(phase_2.members)

    # Pilots: inside their windows; phase II (2026-04) is clipped at the last data month 2026-09 (rel 5).
    assert _rel_range(frame, "jica_phase_1") == (-12, 11)
    assert _rel_range(frame, "jica_phase_2") == (-12, 5)
    assert set(pilots.unit_id) <= members
    assert (pilots.rel == pilots.t - pilots.start_t).all()
    assert (pilots.treated_post == (pilots.rel >= 0).astype(int)).all()
    assert set(pilots.loc[pilots.cohort_id == "jica_phase_1", "start_t"]) == {month_index(APRIL_2024)}

    # Comparison: no cohort, no relative time, never treated, weight 1, every month of the span.
    assert comparison.rel.isna().all()
    assert (comparison.treated_post == 0).all() and (comparison.start_t == -1).all()
    assert not set(comparison.unit_id) & members
    assert (frame.weight == 1.0).all()
    assert comparison.t.min() == month_index(date(2023, 4, 1))
    assert comparison.t.max() == month_index(date(2026, 9, 1))
    assert 120 - len(members) == len(panel.comparison_ids)
    assert not frame.duplicated(["unit_id", "t"]).any()
    # one design, not stacked: fixed effects are the plain block and month
    assert (frame["stack"] == "all").all() and (frame.fe_unit == frame.unit_id).all()
    assert (frame.fe_time == frame.t.astype(str)).all()
    assert panel.months_covered == {"jica_phase_1": 12, "jica_phase_2": 6}
    assert panel.balance is None and panel.pairs is None and panel.excluded.empty


def test_panel_pool_excludes_members_of_cohorts_not_chosen(small_con, demo_cohorts):
    phase_1, phase_2 = demo_cohorts
    panel = build_panel(small_con, _spec(phase_1, comparison="all"))
    assert not set(panel.comparison_ids) & set(phase_2.members)
    assert set(panel.treated_ids) <= set(phase_1.members)
    assert len(panel.comparison_ids) == 20


def _window(pilots, cohort_id):
    rows = pilots[pilots.cohort_id == cohort_id]
    return rows.t.min(), rows.t.max()


def test_panel_matched(small_con, demo_cohorts):
    panel = build_panel(small_con, _spec(*demo_cohorts, comparison="matched"))
    frame = panel.frame
    comparison = frame[frame.cohort_id == ""]
    # stacked: each cohort's matched blocks form their own copy, with that cohort's weights and fixed effects
    assert set(frame["stack"]) == {"jica_phase_1", "jica_phase_2"}
    assert (frame.fe_unit == frame["stack"] + ":" + frame.unit_id).all()
    pilots = frame[frame.cohort_id != ""]
    assert (pilots["stack"] == pilots.cohort_id).all()
    per_block = comparison.groupby(["stack", "unit_id"]).weight.agg(["min", "max"])
    assert (per_block["min"] == per_block["max"]).all()  # one weight per comparison block and cohort
    assert (per_block["min"] > 0).all()
    # ATT weights: within a cohort each matched pilot carries total comparison weight 1.
    for cohort_id, weights in per_block["min"].groupby(level="stack"):
        assert weights.sum() == pytest.approx(pilots.loc[pilots.cohort_id == cohort_id, "unit_id"].nunique())
    # a stack's comparison rows lie inside its cohort's window
    for cohort_id, rows in comparison.groupby("stack"):
        assert rows.t.between(*_window(pilots, cohort_id)).all()
    assert set(panel.treated_ids) == set(panel.pairs.treated_id)
    assert set(panel.comparison_ids) == set(panel.pairs.comparison_id)
    # Default options: without replacement within a cohort, at most 2 matches per pilot.
    for _, pairs in panel.pairs.groupby("cohort_id"):
        assert pairs.comparison_id.is_unique
        assert pairs.groupby("treated_id").size().max() <= 2
    # Pilots with no match are listed and absent from the frame.
    assert len(panel.excluded) > 0
    assert not set(panel.excluded.unit_id) & set(frame.unit_id)
    members = {u for c in demo_cohorts for u in c.members}
    assert len(panel.treated_ids) + panel.excluded.unit_id.nunique() == len(members)
    assert not set(panel.comparison_ids) & members


def test_matching_improves_outcome_level_balance(small_con, demo_cohorts):
    balance = build_panel(small_con, _spec(*demo_cohorts, comparison="matched")).balance
    assert {"smd_before", "smd_after"} <= set(balance.columns)
    level = balance[balance.variable == "outcome_level"].set_index("cohort_id")
    assert set(level.index) == {"jica_phase_1", "jica_phase_2"}
    assert (level.smd_after.abs() < level.smd_before.abs()).all()


def test_exact_state_matching_pairs_within_states(small_con, demo_cohorts):
    spec = _spec(
        *demo_cohorts,
        comparison="matched",
        matching=MatchingOptions(neighbours=1, replacement=True, caliper=None, exact_state=True),
    )
    panel = build_panel(small_con, spec)
    states = panel.frame.drop_duplicates("unit_id").set_index("unit_id").state_id
    pairs = panel.pairs
    assert len(pairs) > 0
    assert (pairs.treated_id.map(states).to_numpy() == pairs.comparison_id.map(states).to_numpy()).all()


def test_a_block_in_two_chosen_cohorts_is_refused(small_con, demo_cohorts):
    # Even with the same start, a block in two chosen cohorts would put each of its
    # block-months in the panel twice; the evaluation refuses and names the blocks.
    phase_1 = demo_cohorts[0]
    extra = Cohort("district_list", "District list", phase_1.start, phase_1.members[:5])
    with pytest.raises(ValueError, match="5 block.s. are in more than one of the chosen cohorts"):
        build_panel(small_con, _spec(phase_1, extra))


def test_two_cohorts_sharing_an_id_are_refused(small_con, demo_cohorts):
    # Cohorts named 'Round 1' and 'round 1' would both get id 'round_1' and share one window.
    free = sorted(
        set(small_con.execute("SELECT unit_id FROM units WHERE level = 'block'").df().unit_id)
        - {u for c in demo_cohorts for u in c.members}
    )
    early = Cohort("round_1", "Round 1", APRIL_2024, tuple(free[:3]))
    later = Cohort("round_1", "round 1", date(2025, 4, 1), tuple(free[3:6]))
    with pytest.raises(ValueError, match="share the id"):
        _spec(early, later, pre_months=12, post_months=12)


# ---------------------------------------------------------------- outcomes


def test_outcome_panel_clips_to_the_valid_range():
    con = small_demo(seed=0, n_blocks=120)
    try:
        where = "unit_id = 'B5001' AND indicator_id = ? AND period = ?"
        con.execute(f"UPDATE observations SET value = 150 WHERE {where}", [OUTCOME, date(2025, 1, 1)])
        con.execute(f"UPDATE observations SET value = -5 WHERE {where}", [OUTCOME, date(2025, 2, 1)])
        raw = con.execute(
            "SELECT period, value FROM observations WHERE unit_id = 'B5001' AND indicator_id = ? "
            "AND period BETWEEN '2024-12-01' AND '2025-03-01' ORDER BY period",
            [OUTCOME],
        ).df()
        assert len(raw) == 4  # the updates hit stored rows
        panel = outcome_panel(con, OUTCOME, ["B5001"], date(2024, 12, 1), date(2025, 3, 1))
        y = dict(zip(pd.DatetimeIndex(panel.period).strftime("%Y-%m"), panel.y, strict=True))
        assert y["2025-01"] == 100.0
        assert y["2025-02"] == 0.0
        for period, value in zip(pd.DatetimeIndex(raw.period).strftime("%Y-%m"), raw.value, strict=True):
            if period in ("2024-12", "2025-03"):
                assert y[period] == value  # in range: unchanged
    finally:
        con.close()


def _hand_database():
    """Six themes; health has a monthly higher-is-better and a quarterly lower-is-better indicator."""
    con = db.connect(":memory:")
    indicators = [
        # id, score_group, direction, periodicity, valid_min, valid_max
        ("h_month", "health", "higher", "monthly", 0.0, 100.0),
        ("h_quarter", "health", "lower", "quarterly", 0.0, 50.0),
        ("n_month", "nutrition", "higher", "monthly", 0.0, 100.0),
        ("e_month", "education", "higher", "monthly", 0.0, 100.0),
        ("a_month", "agriculture", "higher", "monthly", 0.0, 100.0),
        ("i_month", "infrastructure", "higher", "monthly", 0.0, 100.0),
        ("s_month", "social", "lower", "monthly", 0.0, 200.0),
    ]
    con.executemany(
        "INSERT INTO indicators (indicator_id, name, short_name, theme, score_group, unit, direction, periodicity, "
        "valid_min, valid_max) VALUES (?, ?, ?, 'Theme', ?, '%', ?, ?, ?, ?)",
        [(i, i, i, g, d, p, lo, hi) for i, g, d, p, lo, hi in indicators],
    )
    months = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]
    rows = [("B1", "h_month", m, v) for m, v in zip(months, [60, 70, 80, 90], strict=True)]
    rows += [("B1", "h_quarter", "2024-01-01", 10)]  # -> 100 - 20 = 80
    rows += [("B1", "n_month", m, v) for m, v in zip(months, [50, 50, 50, 120], strict=True)]  # 120 clipped to 100
    rows += [("B1", "e_month", m, 40) for m in months]
    rows += [("B1", "a_month", m, 30) for m in months]
    rows += [("B1", "i_month", m, 20) for m in months]
    rows += [("B1", "s_month", m, 50) for m in months[:3]]  # -> 100 - 25 = 75; none in April
    rows += [("B2", "h_quarter", "2023-12-01", 25)]  # Q4 2023, off schedule: -> 50
    rows += [("B2", "h_quarter", "2024-02-01", 30)]  # Q1 2024, off schedule: -> 40
    rows += [("B2", "n_month", "2024-01-01", 40)]
    con.executemany(
        "INSERT INTO observations (unit_id, indicator_id, period, value, load_id) VALUES (?, ?, ?, ?, 1)", rows
    )
    return con


def test_score_panel_hand_values():
    con = _hand_database()
    try:
        scores = score_panel(con, ["B2", "B1"], date(2024, 1, 1), date(2024, 4, 1))
    finally:
        con.close()
    assert list(scores.columns) == ["unit_id", "period", *GROUPS, "composite"]
    assert len(scores) == 8
    at = scores.assign(month=pd.DatetimeIndex(scores.period).strftime("%Y-%m")).set_index(["unit_id", "month"])

    # Health, B1: mean of the monthly value and the quarterly 80 carried for two months.
    assert at.loc[("B1", "2024-01"), "health"] == pytest.approx((60 + 80) / 2)
    assert at.loc[("B1", "2024-02"), "health"] == pytest.approx((70 + 80) / 2)
    assert at.loc[("B1", "2024-03"), "health"] == pytest.approx((80 + 80) / 2)
    assert at.loc[("B1", "2024-04"), "health"] == pytest.approx(90)  # third month: not carried
    assert at.loc[("B1", "2024-01"), "social"] == pytest.approx(75)
    assert at.loc[("B1", "2024-04"), "nutrition"] == pytest.approx(100)

    # Composite: mean of the six themes; NaN in April when social has no value.
    assert at.loc[("B1", "2024-01"), "composite"] == pytest.approx((70 + 50 + 40 + 30 + 20 + 75) / 6)
    assert at.loc[("B1", "2024-03"), "composite"] == pytest.approx((80 + 50 + 40 + 30 + 20 + 75) / 6)
    assert math.isnan(at.loc[("B1", "2024-04"), "social"])
    assert math.isnan(at.loc[("B1", "2024-04"), "composite"])

    # B2: quarterly values dated off schedule serve the rest of their own quarter only, as in the
    # ranking's as-of values: December's (Q4 2023) is not carried into January, February's serves
    # February and March but not April. A monthly value is not carried at all.
    assert math.isnan(at.loc[("B2", "2024-01"), "health"])
    assert at.loc[("B2", "2024-02"), "health"] == pytest.approx(40)
    assert at.loc[("B2", "2024-03"), "health"] == pytest.approx(40)
    assert math.isnan(at.loc[("B2", "2024-04"), "health"])
    assert at.loc[("B2", "2024-01"), "nutrition"] == pytest.approx(40)
    assert math.isnan(at.loc[("B2", "2024-02"), "nutrition"])
    assert at.loc[("B2", "2024-01")].drop(["period", "health", "nutrition"]).isna().all()


def test_theme_outcome_panel_reads_score_panel():
    con = _hand_database()
    try:
        panel = outcome_panel(con, "theme:health", ["B1"], date(2024, 1, 1), date(2024, 4, 1))
        composite = outcome_panel(con, "composite", ["B1"], date(2024, 1, 1), date(2024, 4, 1))
    finally:
        con.close()
    assert panel.y.tolist() == pytest.approx([70, 75, 80, 90])
    assert len(composite) == 3  # April has no composite and is dropped


CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["anc", "sam", "ptr"],
        "name": ["ANC in first trimester", "SAM children", "Pupil-teacher ratio"],
        "short_name": ["ANC 1st trim.", "SAM", "PTR"],
        "score_group": ["health", "nutrition", "education"],
        "unit": ["%", "count", "ratio"],
        "direction": ["higher", "lower", "higher"],
        "periodicity": ["monthly", "monthly", "annual"],
    }
)


def test_outcome_options_lists_indicators_then_themes_then_composite():
    options = outcome_options(CATALOGUE)
    assert list(options)[:3] == ["anc", "sam", "ptr"]
    assert list(options)[3:] == [f"theme:{g}" for g in GROUPS] + ["composite"]
    assert options["anc"] == "ANC in first trimester (anc)"
    assert options["theme:agriculture"] == "Theme score: Agriculture & Allied"


def test_default_outcome_is_the_first_monthly_health_indicator():
    assert default_outcome(CATALOGUE) == "anc"
    no_health = CATALOGUE[CATALOGUE.score_group != "health"]
    assert default_outcome(no_health) == "sam"  # no monthly health indicator: the first one


def test_describe_outcome():
    anc, sam, ptr = (describe_outcome(CATALOGUE, key) for key in ("anc", "sam", "ptr"))
    assert (anc.label, anc.short_label) == ("ANC in first trimester", "ANC 1st trim.")
    assert (anc.unit_word, anc.higher_is_better, anc.periodicity) == ("percentage points", True, "monthly")
    assert (sam.unit_word, sam.higher_is_better) == ("", False)
    assert (ptr.unit_word, ptr.periodicity) == ("", "annual")
    assert describe_outcome(CATALOGUE, "theme:health").label == "Health theme score"
    composite = describe_outcome(CATALOGUE, "composite")
    assert (composite.unit_word, composite.higher_is_better) == ("score points", True)
    with pytest.raises(ValueError, match="unknown theme 'wealth'"):
        describe_outcome(CATALOGUE, "theme:wealth")
    with pytest.raises(ValueError, match="unknown outcome 'imr'"):
        describe_outcome(CATALOGUE, "imr")


# ---------------------------------------------------------------- spec validation

COHORT = _cohort(APRIL_2024)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"comparison": "nearby"}, "comparison 'nearby' is not one of all, states, matched"),
        ({"estimator": "ols"}, "estimator 'ols' is not one of sunab, did2s, twfe"),
        ({"pre_months": 0}, "pre months must be between 1 and 36, got 0"),
        ({"pre_months": 37}, "pre months must be between 1 and 36, got 37"),
        ({"post_months": 0}, "post months must be between 1 and 36, got 0"),
        ({"post_months": 37}, "post months must be between 1 and 36, got 37"),
        ({"pre_months": 1}, "pre months must be at least 2"),
    ],
)
def test_evaluation_spec_rejects(options, message):
    with pytest.raises(ValueError, match=message):
        EvaluationSpec(cohorts=(COHORT,), outcome=OUTCOME, **options)


def test_evaluation_spec_needs_a_cohort():
    with pytest.raises(ValueError, match="choose at least one pilot cohort"):
        EvaluationSpec(cohorts=(), outcome=OUTCOME)


def test_evaluation_spec_accepts_the_limits_and_knows_staggering():
    spec = EvaluationSpec(cohorts=(COHORT,), outcome=OUTCOME, pre_months=2, post_months=36)
    assert not spec.staggered
    later = _cohort(date(2025, 4, 1), ("B2",), "d")
    assert EvaluationSpec(cohorts=(COHORT, later), outcome=OUTCOME, pre_months=36, post_months=1).staggered


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"neighbours": 0}, "neighbours must be between 1 and 10, got 0"),
        ({"neighbours": 11}, "neighbours must be between 1 and 10, got 11"),
        ({"caliper": 0.0}, "caliper must be a positive number"),
        ({"caliper": -0.5}, "caliper must be a positive number"),
        ({"caliper": float("nan")}, "caliper must be a positive number"),
    ],
)
def test_matching_options_rejects(options, message):
    with pytest.raises(ValueError, match=message):
        MatchingOptions(**options)


def test_matching_options_accepts_the_limits():
    assert MatchingOptions(neighbours=1, caliper=None).caliper is None
    assert MatchingOptions(neighbours=10, caliper=0.01).neighbours == 10


def test_pilots_without_reports_on_both_sides_of_the_start_are_listed_not_dropped_silently():
    con = small_demo(seed=0, n_blocks=120)  # its own database: this test deletes rows
    phase_1 = database_cohorts(con)[0]
    gone, early_only = phase_1.members[0], phase_1.members[1]
    con.execute("DELETE FROM observations WHERE indicator_id = 'anc_first_trimester' AND unit_id = ?", [gone])
    con.execute(
        "DELETE FROM observations WHERE indicator_id = 'anc_first_trimester' AND unit_id = ? "
        "AND period >= DATE '2024-04-01'",
        [early_only],
    )
    try:
        panel = build_panel(con, _spec(phase_1))
    finally:
        con.close()
    reasons = panel.excluded.set_index("unit_id").reason
    assert reasons[gone] == "no reports of this outcome in the window"
    assert reasons[early_only] == "no report from the start on in the window"
    assert not {gone, early_only} & set(panel.frame.unit_id)


def test_a_quarterly_outcome_with_a_too_short_window_is_refused_with_advice(small_con, demo_cohorts):
    # tb_treatment_success is quarterly (January, April, July, October); a 2-month window before an April
    # start holds no report, so no pilot block can be compared (pyfixest would otherwise abort the process)
    with pytest.raises(ValueError, match="too few blocks to estimate: 0 pilot"):
        build_panel(small_con, _spec(demo_cohorts[0], outcome="tb_treatment_success", pre_months=2, post_months=1))
