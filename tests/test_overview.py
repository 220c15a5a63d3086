"""Overview tables built from a ranking table (hand-computed expectations)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from lib.overview import improvers, theme_summary, top_and_bottom, year_before
from lib.scoring.params import GROUPS


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
    assert bottom.unit_name.tolist() == ["A", "D"]


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
