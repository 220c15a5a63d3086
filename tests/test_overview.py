"""Overview tables built from a ranking table (hand-computed expectations)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from lib.overview import improvers, rank_columns, theme_summary, top_and_bottom, year_before
from lib.scoring.params import GROUPS
from lib.scoring.service import with_ranks_within

NAN = float("nan")


def test_improvers_drop_units_without_a_delta_and_order_by_delta_rank():
    # deltas: X +10, Y +15, Z +10 (tie with X), W none (not ranked at baseline)
    table = pd.DataFrame(
        {
            "unit_name": ["X", "Y", "Z", "W"],
            "delta": [10.0, 15.0, 10.0, np.nan],
            "delta_rank": pd.array([2, 1, 2, pd.NA], dtype="Int64"),
        }
    )
    assert improvers(table).unit_name.tolist() == ["Y", "X", "Z"]
    assert improvers(table, n=2).unit_name.tolist() == ["Y", "X"]


def test_top_and_bottom_skip_unranked_and_order_best_and_worst_first():
    table = pd.DataFrame(
        {
            "unit_name": ["A", "B", "C", "D"],
            "composite": [50.0, np.nan, 70.0, 60.0],
            "rank": pd.array([3, pd.NA, 1, 2], dtype="Int64"),
        }
    )
    top, bottom = top_and_bottom(table, n=2)
    assert top.unit_name.tolist() == ["C", "D"]
    assert bottom.unit_name.tolist() == ["A"]  # D is in the top list already: each unit is listed once


def test_theme_summary_means_and_changes_by_hand():
    rows = []
    for now, before in ((60.0, 50.0), (80.0, 55.0)):
        rows.append({f"{g}_score": now for g in GROUPS} | {f"{g}_score_baseline": before for g in GROUPS})
    rows[1]["education_score"] = np.nan  # a missing theme score is left out of the mean
    summary = theme_summary(pd.DataFrame(rows)).set_index("group")
    # Health: mean(60, 80) = 70 now, mean(50, 55) = 52.5 before, change 17.5
    assert summary.loc["Health", "mean_score"] == pytest.approx(70.0)
    assert summary.loc["Health", "change"] == pytest.approx(17.5)
    # Education: only the first unit counts now (60), baseline still 52.5
    assert summary.loc["Education", "mean_score"] == pytest.approx(60.0)
    assert summary.loc["Education", "change"] == pytest.approx(7.5)


def test_year_before_keeps_the_month():
    assert year_before(date(2026, 2, 1)) == date(2025, 2, 1)


def test_a_small_scope_lists_each_unit_once():
    table = pd.DataFrame(
        {
            "unit_id": ["B1", "B2", "B3"],
            "unit_name": ["a", "b", "c"],
            "composite": [50.0, 40.0, NAN],
            "rank": [1, 2, NAN],
        }
    )
    top, bottom = top_and_bottom(table)
    assert top.unit_id.tolist() == ["B1", "B2"] and bottom.empty
    many = pd.DataFrame(
        {"unit_id": [f"B{i}" for i in range(12)], "unit_name": list("abcdefghijkl"), "composite": range(12, 0, -1)}
    ).assign(rank=range(1, 13))
    top, bottom = top_and_bottom(many, n=10)
    assert top.unit_id.tolist() == [f"B{i}" for i in range(10)]
    assert bottom.unit_id.tolist() == ["B11", "B10"]  # worst first, none of the top ten again


def test_ranks_within_state_and_district_by_code_not_name():
    # Two districts called "Aurangabad" (one in Bihar, one in Maharashtra) must rank separately.
    table = pd.DataFrame(
        {
            "unit_id": ["B1", "B2", "B3", "B4", "B5"],
            "state_id": ["S10", "S10", "S10", "S27", "S27"],
            "district_id": ["D1", "D1", "D2", "D9", "D9"],
            "district": ["Aurangabad", "Aurangabad", "Gaya", "Aurangabad", "Aurangabad"],
            "composite": [60.0, 70.0, 80.0, 65.0, NAN],
            "delta": [1.0, -2.0, 0.5, 3.0, NAN],
        }
    )
    ranked = with_ranks_within(table)
    assert ranked.state_rank.tolist() == [3, 2, 1, 1, pd.NA]
    assert ranked.district_rank.tolist() == [2, 1, 1, 1, pd.NA]
    assert ranked.state_delta_rank.tolist() == [1, 3, 2, 1, pd.NA]
    assert ranked.district_delta_rank.tolist() == [1, 2, 1, 1, pd.NA]
    assert "state_rank" not in table.columns  # the caller's table is left as it was
    assert rank_columns({"state": "S10", "district": ""}) == ["rank", "state_rank"]
    assert rank_columns({"state": "S10", "district": "D1"}) == ["rank", "state_rank", "district_rank"]
    assert rank_columns({"state": "", "district": ""}) == ["rank"]
