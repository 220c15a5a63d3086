"""Provisional composite for the Overview page.

A deliberately simple, transparent score until the ranking engine lands:
each indicator is clipped to its valid range, min-max scaled to 0-100 across
aspirational blocks for the period (flipped when lower is better), averaged
within each scoring group, and the composite is the mean of the group scores.
A block missing more than 20% of indicators gets no score.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

MAX_MISSING_SHARE = 0.20
GROUP_ORDER = ("health", "nutrition", "education", "agriculture", "infrastructure", "social")
GROUP_LABELS = {
    "health": "Health", "nutrition": "Nutrition", "education": "Education",
    "agriculture": "Agriculture & Allied", "infrastructure": "Basic Infrastructure",
    "social": "Social Development",
}


def scaled_indicators(asof: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Wide (blocks x indicators) table of direction-aware 0-100 scaled values.

    Examples
    --------
    >>> cat = pd.DataFrame({"indicator_id": ["a"], "direction": ["lower"], "valid_min": [0.0], "valid_max": [100.0]})
    >>> asof = pd.DataFrame({"unit_id": ["x", "y", "z"], "indicator_id": "a", "value": [10.0, 20.0, 30.0]})
    >>> scaled_indicators(asof, cat)["a"].tolist()
    [100.0, 50.0, 0.0]
    """
    wide = asof.pivot(index="unit_id", columns="indicator_id", values="value")
    spec = catalogue.set_index("indicator_id").reindex(wide.columns)
    clipped = wide.clip(lower=spec.valid_min.astype(float), upper=spec.valid_max.astype(float), axis=1)
    low, high = clipped.min(), clipped.max()
    span = (high - low).replace(0.0, np.nan)
    scaled = (clipped - low) / span * 100.0
    scaled = scaled.fillna(clipped.notna().astype(float).replace({1.0: 50.0, 0.0: np.nan}))  # no spread: midpoint
    lower_better = (spec.direction == "lower").to_numpy()
    scaled.loc[:, lower_better] = 100.0 - scaled.loc[:, lower_better]
    return scaled


def provisional_scores(asof: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Group scores, composite and rank per block (rank 1 = best; ties share the lower rank).

    Blocks missing more than 20% of the catalogue's indicators are kept with
    ``composite`` NaN and a ``not_ranked_reason``.
    """
    scaled = scaled_indicators(asof, catalogue)
    groups = catalogue.set_index("indicator_id").score_group.reindex(scaled.columns)
    group_scores = scaled.T.groupby(groups).mean().T.reindex(columns=list(GROUP_ORDER))
    present = scaled.notna().sum(axis=1)
    missing_share = 1.0 - present / len(catalogue)
    result = group_scores.copy()
    result["composite"] = group_scores.mean(axis=1, skipna=True)
    result["indicators_present"] = present
    too_sparse = missing_share > MAX_MISSING_SHARE
    result.loc[too_sparse, "composite"] = np.nan
    result["not_ranked_reason"] = np.where(
        too_sparse, [f"only {n} of {len(catalogue)} indicators reported" for n in present], None)
    result["rank"] = result.composite.rank(ascending=False, method="min").astype("Int64")
    return result.rename_axis("block_id").reset_index()


def with_names(scores: pd.DataFrame, blocks: pd.DataFrame) -> pd.DataFrame:
    """Attach block, district and state names to a per-block table."""
    return blocks.merge(scores, on="block_id", how="inner")


def top_and_bottom(scores: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` best and ``n`` worst ranked blocks (unranked blocks excluded)."""
    ranked = scores.dropna(subset=["composite"]).sort_values(["rank", "block"])
    return ranked.head(n), ranked.tail(n).iloc[::-1]


def improvers(current: pd.DataFrame, baseline: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Blocks with the largest composite gain from ``baseline`` to ``current``."""
    paired = current[["block_id", "block", "district", "state", "composite"]].merge(
        baseline[["block_id", "composite"]], on="block_id", suffixes=("", "_baseline"))
    paired["change"] = paired.composite - paired.composite_baseline
    paired = paired.dropna(subset=["change"])
    paired["delta_rank"] = paired.change.rank(ascending=False, method="min").astype(int)
    return paired.sort_values(["delta_rank", "block"]).head(n)


def theme_summary(current: pd.DataFrame, baseline: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Mean group score now and a year earlier, with the number of indicators per group."""
    counts = catalogue.groupby("score_group").size()
    rows = []
    for group in GROUP_ORDER:
        now, before = current[group].mean(), baseline[group].mean()
        rows.append({"group": GROUP_LABELS[group], "indicators": int(counts.get(group, 0)),
                     "mean_score": now, "mean_score_year_before": before, "change": now - before})
    return pd.DataFrame(rows)


def year_before(period: date) -> date:
    return date(period.year - 1, period.month, 1)
