"""How far the estimate survives departures from parallel trends (relative magnitudes).

Rambachan & Roth (2023, "A More Credible Approach to Parallel Trends",
Review of Economic Studies 90(5)) ask how large a violation of parallel
trends after the start would have to be, relative to the violations seen
before it, to overturn the conclusion. This module applies that idea in a
simple form:

- theta: the event study's average post-start effect (each cohort x month
  cell against the cohort's reference month, the last month before the start,
  weighted by pilot block-months), with standard error se;
- D: the largest pre-start difference of the pooled event-study path from
  the reference month (the largest |coefficient| before the start);
- if the pilot and comparison trends may have drifted apart after the start
  by up to M * D in any month, the average is off by at most M * D, so the
  bounds are theta -/+ (M * D + c * se), c the 95% t critical value;
- breakdown M: where those bounds first include zero, (|theta| - c * se) / D,
  or 0 when the interval already includes zero.

Simplifications against the paper: the restriction bounds post-start
differences in levels by the largest pre-start level (the paper's
relative-magnitudes restriction bounds month-to-month changes, which with
noisy monthly data makes every bound very wide); the pre-start coefficients
are taken at face value; and the interval is the plain union bound rather
than the paper's conditional/hybrid confidence sets. The figures are a
guide to robustness, not an exact test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.evaluation.estimators import CellFit, critical_value
from lib.i18n import tr

MULTIPLIERS = (0.0, 0.5, 1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Sensitivity:
    estimate: float  # event-study average post-start effect (against the reference month)
    std_error: float
    df: int
    pre_difference: float  # D: largest |pre-start coefficient| (NaN without a pre-start month)
    bounds: pd.DataFrame  # multiplier, low, high
    breakdown: float  # M at which the bounds first include zero (NaN when D is unknown, inf when D is 0)

    def sentence(self, unit_word: str, lang: str = "en") -> str:
        """The result in one sentence, in ``lang``."""
        if np.isnan(self.breakdown):
            return tr(lang, "Sensitivity to parallel trends cannot be assessed: no pre-start months to measure drift.")
        if self.breakdown == 0:
            return tr(
                lang,
                "Even if trends after the start were exactly parallel, the interval would include zero, "
                "so there is no effect for a trend violation to explain away.",
            )
        if np.isinf(self.breakdown):
            return tr(lang, "Pre-start differences were all zero, so no multiple of them removes the effect.")
        return tr(
            lang,
            "The effect stays clear of zero unless the pilot and comparison trends diverged after the start by "
            "more than {multiple} times the largest difference seen before it ({difference} {units}, against the "
            "month before the start).",
            multiple=f"{self.breakdown:.1f}",
            difference=f"{self.pre_difference:.2f}",
            units=unit_word,
        )


def largest_pre_difference(cells: pd.DataFrame, beta: np.ndarray) -> float:
    """Largest |pooled pre-start coefficient| (cells of a rel pooled by pilot block-months).

    Examples
    --------
    >>> cells = pd.DataFrame({"cohort_id": ["a", "a", "a"], "rel": [-3, -2, 0], "n": [5, 5, 5]})
    >>> largest_pre_difference(cells, np.array([0.5, -1.5, 4.0]))
    1.5
    """
    pre = cells.assign(weighted=cells.n * beta)[(cells.rel < 0).to_numpy()]
    if pre.empty:
        return np.nan
    grouped = pre.groupby("rel")
    return float((grouped.weighted.sum() / grouped.n.sum()).abs().max())


def relative_magnitudes(fit: CellFit, df: int, multipliers=MULTIPLIERS) -> Sensitivity:
    """Bounds on the average post-start effect for each M in ``multipliers`` and the breakdown M.

    ``fit`` is the event-study fit (:attr:`lib.evaluation.estimators.SunAbraham.full`).
    """
    cells, beta, vcov = fit.cells, fit.beta, fit.vcov
    post = (cells.rel >= 0).to_numpy()
    n = cells.n.to_numpy(dtype=float)
    weights = np.where(post, n, 0.0) / n[post].sum()
    theta = float(weights @ beta)
    se = float(np.sqrt(max(weights @ vcov @ weights, 0.0)))
    pre_difference = largest_pre_difference(cells, beta)
    critical = critical_value(df)
    slack = np.array(multipliers, dtype=float) * pre_difference
    bounds = pd.DataFrame(
        {
            "multiplier": list(multipliers),
            "low": theta - slack - critical * se,
            "high": theta + slack + critical * se,
        }
    )
    margin = abs(theta) - critical * se
    if np.isnan(pre_difference):
        breakdown = np.nan
    elif margin <= 0:
        breakdown = 0.0
    elif pre_difference == 0:
        breakdown = np.inf
    else:
        breakdown = margin / pre_difference
    return Sensitivity(theta, se, df, pre_difference, bounds, float(breakdown))
