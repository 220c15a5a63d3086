"""Ranking engine on hand-built matrices: every expected number is worked out on paper below."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.scoring import IndicatorMatrix, RankingParams, delta_ranking, rank_units, rank_within
from lib.scoring.matrix import select_scope
from lib.scoring.params import ADP_WEIGHTS, GROUPS, params_from_text, parse_weights, share_labels
from matrix_factory import make_matrix as shared_make_matrix

AUG_2026, AUG_2025 = date(2026, 8, 1), date(2025, 8, 1)
NAN = np.nan
# (indicator, group, lower is better); valid range 0-100 for all
INDICATORS = [
    ("h1", "health", False),
    ("h2", "health", True),
    ("e1", "education", False),
    ("e2", "education", True),
    ("a1", "agriculture", False),
]
#             h1    h2    e1    e2    a1
ROWS = {
    "U1": [0.0, 0.0, 150.0, 36.0, 100.0],  # a zero (floored) and a mistyped 150% (clipped)
    "U2": [100.0, 75.0, 40.0, NAN, 32.0],  # 1 of 5 missing = 20%: still ranked
    "U3": [90.0, 10.0, 10.0, 90.0, 30.0],
    "U4": [80.0, NAN, NAN, NAN, 10.0],
}  # 3 of 5 missing = 60%: not ranked
IN_RANGE = {**ROWS, "U1": [0.0, 0.0, 100.0, 36.0, 100.0]}  # U1's e1 typed correctly


def make_matrix(rows: dict, indicators=INDICATORS, period=AUG_2026) -> IndicatorMatrix:
    return shared_make_matrix(rows, indicators, period)


def run(rows, period=AUG_2026, **params) -> pd.DataFrame:
    return rank_units(make_matrix(rows, period=period), RankingParams(period=period, **params)).table.set_index(
        "unit_id"
    )


def check(table, column, expected: dict, abs_tol=1e-6):
    assert table.loc[list(expected), column].to_numpy(dtype=float) == pytest.approx(
        list(expected.values()), abs=abs_tol
    )


def ranks(table, column="rank") -> dict:
    return {u: (None if pd.isna(r) else int(r)) for u, r in table[column].items()}


def test_balanced_percent_geometric_with_floor_clip_and_missing_value():
    # percent: clip to 0-100, lower-is-better enters as 100 - value, floor 0.01 before logs.
    #      health                          education                          agriculture
    # U1   h1 0->0.01, h2 0->100:          e1 150->100, e2 36->64:            100
    #      sqrt(0.01*100) = 1              sqrt(100*64) = 80
    # U2   sqrt(100*(100-75)) = 50         e1 40 alone (e2 missing) = 40      32
    # U3   sqrt(90*(100-10)) = 90          sqrt(10*(100-90)) = 10             30
    # composite = geometric mean of the 3 themes present (the other 3 have no indicators):
    # U1 (1*80*100)^(1/3) = 20, U2 (50*40*32)^(1/3) = 40, U3 (90*10*30)^(1/3) = 30
    table = run(ROWS)
    check(table, "health_score", {"U1": 1.0, "U2": 50.0, "U3": 90.0})
    check(table, "education_score", {"U1": 80.0, "U2": 40.0, "U3": 10.0})
    check(table, "agriculture_score", {"U1": 100.0, "U2": 32.0, "U3": 30.0})
    check(table, "composite", {"U1": 20.0, "U2": 40.0, "U3": 30.0})
    assert ranks(table) == {"U1": 3, "U2": 1, "U3": 2, "U4": None}
    assert table.nutrition_score.isna().all()


def test_missing_rule_marks_unit_not_ranked_with_reason():
    table = run(ROWS)
    assert np.isnan(table.loc["U4", "composite"]) and pd.isna(table.loc["U4", "rank"])
    assert np.isnan(table.loc["U4", "health_score"])  # no theme scores either
    assert "2 of 5" in table.loc["U4", "not_ranked_reason"]
    assert table.loc["U4", "indicators_present"] == 2
    assert pd.isna(table.loc["U2", "not_ranked_reason"]) and table.loc["U2", "indicators_present"] == 4


def test_frontier_minmax_with_adp_weights():
    # min-max over the eligible U1-U3 only; lower-is-better flipped:
    # h1 [0,100,90] -> 0, 100, 90          h2 [0,75,10] -> 100, 0, 100-10/75*100 = 86.667
    # e1 [100,40,10] -> 100, 30/90*100 = 33.333, 0     e2 [36,-,90] -> 100, -, 0
    # a1 [100,32,30] -> 100, 2/70*100 = 2.857, 0   (U4's 10 is not in the reference set)
    # themes (arithmetic): U1 50, 100, 100; U2 50, 33.333, 2.857; U3 88.333, 0, 0
    # ADP weights of themes present: health 15, education 30, agriculture 20 (sum 65):
    # U1 (15*50 + 30*100 + 20*100)/65 = 5750/65 = 88.4615
    # U2 (15*50 + 30*33.333 + 20*2.857)/65 = 1807.143/65 = 27.8022
    # U3 (15*88.333)/65 = 1325/65 = 20.3846
    params = RankingParams(period=AUG_2026, method="frontier").with_weights(theme_weights=ADP_WEIGHTS)
    table = rank_units(make_matrix(IN_RANGE), params).table.set_index("unit_id")
    check(table, "health_score", {"U1": 50.0, "U2": 50.0, "U3": 265 / 3})
    check(table, "education_score", {"U1": 100.0, "U2": 100 / 3, "U3": 0.0})
    check(table, "agriculture_score", {"U1": 100.0, "U2": 200 / 70, "U3": 0.0})
    check(table, "composite", {"U1": 88.4615, "U2": 27.8022, "U3": 20.3846}, abs_tol=1e-3)
    assert ranks(table) == {"U1": 1, "U2": 2, "U3": 3, "U4": None}


def test_not_ranked_units_are_outside_the_frontier_reference_set():
    # Default: U4 (not ranked) is ignored, min a1 = 30, so U3's a1 scores 0.
    # Letting U4 in (max_missing_share 0.8) makes 10 the minimum: U3 (30-10)/(100-10)*100 = 22.222.
    check(run(IN_RANGE, method="frontier"), "agriculture_score", {"U3": 0.0})
    check(run(IN_RANGE, method="frontier", max_missing_share=0.8), "agriculture_score", {"U3": 200 / 9, "U4": 0.0})


def test_zscore_sample_sd_arithmetic():
    # z = (x - mean) / sd, sd with n-1; sign flipped when lower is better:
    # h1 mean 63.333 sd 55.076: -1.1499, 0.6658, 0.4842   h2 mean 28.333 sd 40.723: +0.6958, -1.1460, +0.4502
    # e1 mean 50 sd 45.826: 1.0911, -0.2182, -0.8729       e2 [36,90] mean 63 sd 38.184: +0.7071, -, -0.7071
    # a1 mean 54 sd 39.850: 1.1543, -0.5521, -0.6023
    # U1 (-0.2271 + 0.8991 + 1.1543)/3 = 0.6088; U2 (-0.2401 - 0.2182 - 0.5521)/3 = -0.3368;
    # U3 (0.4672 - 0.7900 - 0.6023)/3 = -0.3084
    table = run(IN_RANGE, method="zscore")
    check(table, "health_score", {"U1": -0.2271, "U2": -0.2401, "U3": 0.4672}, abs_tol=2e-4)
    check(table, "education_score", {"U1": 0.8991, "U2": -0.2182, "U3": -0.7900}, abs_tol=2e-4)
    check(table, "composite", {"U1": 0.6088, "U2": -0.3368, "U3": -0.3084}, abs_tol=2e-4)
    assert ranks(table) == {"U1": 1, "U2": 3, "U3": 2, "U4": None}


def test_percentile_average_ranks():
    # (r - 1)/(n - 1)*100 among units with a value: h1 0, 100, 50; h2 100, 0, 50; e1 100, 50, 0;
    # e2 (2 values) 100, -, 0; a1 100, 50, 0.  Themes U1 50, 100, 100; U2 50, 50, 50; U3 50, 0, 0
    table = run(IN_RANGE, method="percentile")
    check(table, "education_score", {"U1": 100.0, "U2": 50.0, "U3": 0.0})
    check(table, "composite", {"U1": 250 / 3, "U2": 50.0, "U3": 50 / 3})
    assert ranks(table) == {"U1": 1, "U2": 2, "U3": 3, "U4": None}


def test_weighted_geometric_mean_with_unequal_weights():
    # theme weights health 2, education 1, agriculture 1; indicator weight h1 = 3 (h2 = 1)
    # health: U1 (0.01^3 * 100)^(1/4) = (1e-4)^(1/4) = 0.1; U2 (100^3 * 25)^(1/4) = 70.711; U3 90
    # composite = exp((2 log health + log education + log agriculture)/4):
    # U1 (0.1^2*80*100)^(1/4) = 80^(1/4) = 2.9907; U2 (5000*40*32)^(1/4) = 50.2973; U3 (8100*10*30)^(1/4) = 39.4822
    params = RankingParams(period=AUG_2026).with_weights({"health": 2, "education": 1, "agriculture": 1}, {"h1": 3})
    table = rank_units(make_matrix(ROWS), params).table.set_index("unit_id")
    check(table, "health_score", {"U1": 0.1, "U2": 70.7107, "U3": 90.0}, abs_tol=1e-4)
    check(table, "composite", {"U1": 2.9907, "U2": 50.2973, "U3": 39.4822}, abs_tol=1e-4)
    assert ranks(table) == {"U1": 3, "U2": 1, "U3": 2, "U4": None}


def test_indicator_weights_renormalise_within_theme_when_a_value_is_missing():
    # percent, arithmetic, e1 weight 1, e2 weight 3: U1 (100 + 3*64)/4 = 73; U3 (10 + 3*10)/4 = 10;
    # U2 has no e2, so education is e1 alone with its weight renormalised: 40
    params = RankingParams(period=AUG_2026, indicator_aggregation="arithmetic", theme_aggregation="arithmetic")
    table = rank_units(make_matrix(ROWS), params.with_weights(indicator_weights={"e1": 1, "e2": 3})).table
    check(table.set_index("unit_id"), "education_score", {"U1": 73.0, "U2": 40.0, "U3": 10.0})


def test_zero_weight_indicator_is_excluded_and_no_longer_missing():
    # max_missing_share 0.1: U2 misses 1 of 5 (20%) and is not ranked; with e2 at weight 0 it has 4 of 4.
    strict = run(ROWS, max_missing_share=0.1)
    assert pd.isna(strict.loc["U2", "rank"]) and "4 of 5" in strict.loc["U2", "not_ranked_reason"]
    params = RankingParams(period=AUG_2026, max_missing_share=0.1).with_weights(indicator_weights={"e2": 0})
    table = rank_units(make_matrix(ROWS), params).table.set_index("unit_id")
    assert (table.indicators_included == 4).all() and pd.isna(table.loc["U2", "not_ranked_reason"])
    # education is now e1 alone: U1 clipped 100, U2 40, U3 10; U1 (1*100*100)^(1/3) = 21.544
    check(table, "education_score", {"U1": 100.0, "U2": 40.0, "U3": 10.0})
    check(table, "composite", {"U1": 10000 ** (1 / 3)})


@pytest.mark.parametrize("method", ["balanced", "frontier", "zscore", "percentile"])
def test_out_of_range_value_counts_as_the_valid_maximum_in_every_method(method):
    # The balanced method clips a mistyped 150% to 100 (lib/scoring/normalise.py percent). The other
    # normalisations use the raw value, so one typo becomes the frontier and rescales every unit:
    # frontier e1 [150,40,10] -> U2 30/140*100 = 21.4 instead of 30/90*100 = 33.3.
    typo, clean = run(ROWS, method=method), run(IN_RANGE, method=method)
    check(typo, "composite", clean.composite.dropna().to_dict())


@pytest.mark.parametrize("method", ["balanced", "frontier", "zscore", "percentile"])
def test_identical_units_tie_at_the_minimum_rank(method):
    table = run(
        {
            "T1": [90.0, 10.0, 80.0, 20.0, 70.0],
            "T2": [50.0, 40.0, 60.0, 30.0, 40.0],
            "T3": [50.0, 40.0, 60.0, 30.0, 40.0],
            "T4": [10.0, 90.0, 20.0, 80.0, 5.0],
        },
        method=method,
    )
    assert ranks(table) == {"T1": 1, "T2": 2, "T3": 2, "T4": 4}
    if method == "percentile":  # h1 [90,50,50,10]: ranks 4, 2.5, 2.5, 1 -> 100, 50, 50, 0 (h2 mirrors it)
        check(table, "health_score", {"T1": 100.0, "T2": 50.0, "T3": 50.0, "T4": 0.0})


def test_units_equal_on_paper_share_a_rank():
    # Balanced, six health indicators. P1 reports 100% on all six; P2 on five (1 of 6 missing < 20%).
    # On paper both health scores are exp(6 log 100 / 6) = exp(5 log 100 / 5) = 100, so both composites
    # are 100 and both rank 1. In floating point they come out 100.00000000000013 and 100.00000000000004.
    indicators = [(f"h{i}", "health", False) for i in range(6)]
    table = rank_units(
        make_matrix({"P1": [100.0] * 6, "P2": [100.0] * 5 + [NAN], "P3": [50.0] * 6}, indicators),
        RankingParams(period=AUG_2026),
    ).table.set_index("unit_id")
    check(table, "composite", {"P1": 100.0, "P2": 100.0, "P3": 50.0}, abs_tol=1e-9)
    assert ranks(table) == {"P1": 1, "P2": 1, "P3": 3}


def test_delta_ranking_against_a_baseline():
    # balanced with arithmetic means; h1 and e1 only (both higher is better), so composite = (h1 + e1)/2
    indicators = [("h1", "health", False), ("e1", "education", False)]
    params = dict(indicator_aggregation="arithmetic", theme_aggregation="arithmetic")
    # baseline: V1 (40+60)/2 = 50, V2 20, V3 nothing reported (not ranked), V4 (50+70)/2 = 60
    base = {"V1": [40.0, 60.0], "V2": [20.0, 20.0], "V3": [NAN, NAN], "V4": [50.0, 70.0]}
    # current:  V1 65 (+15), V2 45 (+25), V3 30 (no delta), V4 55 (-5)
    now = {"V1": [60.0, 70.0], "V2": [50.0, 40.0], "V3": [30.0, 30.0], "V4": [50.0, 60.0]}
    runs = [
        rank_units(make_matrix(rows, indicators, period), RankingParams(period=period, **params))
        for rows, period in ((now, AUG_2026), (base, AUG_2025))
    ]
    table = delta_ranking(*runs).set_index("unit_id")
    check(table, "delta", {"V1": 15.0, "V2": 25.0, "V4": -5.0})
    assert np.isnan(table.loc["V3", "delta"]) and table.loc["V3", "rank"] == 4  # ranked now, not then
    assert ranks(table, "delta_rank") == {"V1": 2, "V2": 1, "V3": None, "V4": 3}
    check(table, "health_delta", {"V1": 20.0, "V2": 30.0, "V4": 0.0})  # 60-40, 50-20, 50-50
    check(table, "education_delta", {"V1": 10.0, "V2": 20.0, "V4": -10.0})
    assert ranks(table, "education_delta_rank") == {"V1": 2, "V2": 1, "V3": None, "V4": 3}


def test_rank_within_state():
    table = pd.DataFrame({"state": ["A", "A", "A", "A", "B", "B"], "composite": [10.0, 30.0, 30.0, NAN, 5.0, 7.0]})
    assert rank_within(table, "state").tolist() == [3, 1, 1, pd.NA, 2, 1]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(method="zscore", indicator_aggregation="geometric"), "z-scores"),
        (dict(method="zscore", theme_aggregation="geometric"), "z-scores"),
        (dict(theme_weights=(("health", 1.0), ("economy", 1.0))), "unknown theme(s) economy"),
        (dict(theme_weights=(("health", -1.0), ("education", 2.0))), "negative"),
        (dict(indicator_weights=(("h1", -0.5),)), "negative"),
        (dict(theme_weights=(("health", 0.0), ("education", 0.0))), "at least one theme"),
        (dict(method="topsis"), "not one of balanced"),
        (dict(max_missing_share=1.0), "max missing share"),
    ],
)
def test_invalid_parameters_are_rejected_with_a_message(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        RankingParams(period=AUG_2026, **kwargs)


@pytest.mark.parametrize("weights", ["health=nan,education=1", "health=inf,education=1"])
def test_non_finite_weights_are_rejected(weights):
    # float("nan") parses, passes `w < 0` and `w > 0` checks, and then every composite is NaN
    with pytest.raises(ValueError):
        params_from_text("2026-08", weights=weights)


def test_parse_weights():
    assert parse_weights("Health=30, education=70") == {
        "health": 30.0,
        "nutrition": 0.0,
        "education": 70.0,
        "agriculture": 0.0,
        "infrastructure": 0.0,
        "social": 0.0,
    }
    with pytest.raises(ValueError, match="weight for education must be a number, got 'x'"):
        parse_weights("health=30,education=x")
    with pytest.raises(ValueError, match="THEME=NUMBER"):
        parse_weights("foo=3")


def test_params_from_text():
    params = params_from_text(
        "2026-08", method="frontier", aggregation="geometric", weights="adp", scope="state=Bihar", baseline="2025-08"
    )
    assert (params.period, params.baseline, params.method, params.scope) == (
        AUG_2026,
        AUG_2025,
        "frontier",
        "state=Bihar",
    )
    assert params.aggregation_at("indicator") == params.aggregation_at("theme") == "geometric"
    assert params.theme_weight_map() == {
        "health": 15.0,
        "nutrition": 15.0,
        "education": 30.0,
        "agriculture": 20.0,
        "infrastructure": 10.0,
        "social": 10.0,
    }


@pytest.mark.parametrize(
    "weights, shares",
    [
        # ADP: 15 + 15 + 30 + 20 + 10 + 10 = 100, so the weights are the shares
        ("adp", "Health 15%, Nutrition 15%, Education 30%, Agriculture & Allied 20%, Basic Infrastructure 10%, "),
        # 1/6 = 16.666...% each: the same for all six, shown 16.7% (they add up to 100.2 on screen)
        ("equal", "Health 16.7%, Nutrition 16.7%, Education 16.7%, Agriculture & Allied 16.7%, Basic Infra"),
        # 1/3 = 33.333...% each; themes left out get 0%
        ("health=1,education=1,social=1", "Health 33.3%, Nutrition 0%, Education 33.3%, Agriculture & Allied 0%"),
        # 1/8 = 12.5%, 2/8 = 25%, 3/8 = 37.5%
        ("health=1,nutrition=2,education=3,social=2", "Health 12.5%, Nutrition 25%, Education 37.5%, Agricult"),
    ],
)
def test_describe_names_method_and_shares_to_one_decimal(weights, shares):
    text = params_from_text("2026-08", method="frontier", weights=weights).describe()
    assert text.startswith("frontier (minmax; arithmetic within themes, arithmetic across themes); weights " + shares)


def test_two_thirds_and_one_third_are_shown_to_one_decimal():
    # 2/3 = 66.666...% -> 66.7%; 1/3 -> 33.3%; together 100.0
    assert share_labels({"health": 20.0, "education": 10.0}) == {"health": "66.7%", "education": "33.3%"}
    assert share_labels({"health": 0.0, "education": 0.0}) == {"health": "0%", "education": "0%"}


# slider points (whole numbers 0-50, where equal weights are common) or any CLI weight
weight = st.one_of(st.integers(0, 50).map(float), st.floats(0.0, 1000.0))
theme_weights = st.lists(weight, min_size=len(GROUPS), max_size=len(GROUPS)).filter(any)


@given(theme_weights)
def test_each_shown_share_is_the_true_share_to_one_decimal(weights):
    weights = dict(zip(GROUPS, weights, strict=True))
    shown = share_labels(weights)
    total = sum(weights.values())
    for group, weight in weights.items():
        assert re.fullmatch(r"\d{1,3}(\.\d)?%", shown[group]), shown[group]
        assert abs(float(shown[group].rstrip("%")) - 100 * weight / total) <= 0.05 + 1e-9


@given(theme_weights)
def test_themes_with_equal_weights_read_the_same(weights):
    weights = dict(zip(GROUPS, weights, strict=True))
    shown = share_labels(weights)
    for a in GROUPS:
        for b in GROUPS:
            if weights[a] == weights[b]:
                assert shown[a] == shown[b]
    # and describe() says exactly these shares
    text = RankingParams(period=AUG_2026).with_weights(weights).describe()
    assert "weights " + ", ".join(f"{name} {shown[g]}" for g, name in zip(GROUPS, _LABELS, strict=True)) in text


_LABELS = ["Health", "Nutrition", "Education", "Agriculture & Allied", "Basic Infrastructure", "Social Development"]


@pytest.fixture()
def scope_units():
    return pd.DataFrame(
        {
            "unit_id": ["B1", "B2", "B3", "B4", "B5"],
            "state": ["Bihar", "Bihar", "Bihar", "Assam", "Assam"],
            "state_id": ["S10", "S10", "S10", "S18", "S18"],
            "district": ["Gaya", "Gaya", "Patna", "Baksa", "Baksa"],
            "district_id": ["D1", "D1", "D2", "D3", "D3"],
            "aspirational": [True, True, False, True, False],
            "cohorts": [[], [], [], ["jica_phase_1"], ["jica_phase_1"]],
        }
    )


@pytest.mark.parametrize(
    "scope, expected",
    [
        (None, ["B1", "B2", "B4"]),
        ("aspirational", ["B1", "B2", "B4"]),
        ("all", ["B1", "B2", "B3", "B4", "B5"]),
        ("state=bihar", ["B1", "B2"]),
        ("state=s10", ["B1", "B2"]),
        ("all,state=Bihar", ["B1", "B2", "B3"]),
        ("cohort=JICA_Phase_1", ["B4"]),
        ("all,cohort=jica_phase_1", ["B4", "B5"]),
        ("aspirational, state=S18, cohort=jica_phase_1", ["B4"]),
        ("district=Gaya", ["B1", "B2"]),
    ],
)
def test_select_scope(scope_units, scope, expected):
    assert select_scope(scope_units, scope).unit_id.tolist() == expected


@pytest.mark.parametrize(
    "scope, message",
    [
        ("region=East", "not understood"),
        ("state=Kerala", "selects no blocks"),
        ("all,district=Patna,cohort=jica_phase_1", "selects no blocks"),
    ],
)
def test_select_scope_rejects_bad_scopes(scope_units, scope, message):
    with pytest.raises(ValueError, match=message):
        select_scope(scope_units, scope)
