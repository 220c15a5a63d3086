"""Inference that holds with few pilot blocks: randomisation inference and the minimum detectable effect.

Randomisation inference (Fisher's exact test; Imbens & Rubin 2015, ch. 5):
under the sharp null that the pilot changed no block's outcome, which blocks
carry the pilot label is all that differs between assignments. The pilot
label is re-assigned at random among the *comparable* blocks (each cohort's
pilot blocks and its comparison blocks in the chosen design: the matched
ones, the same-state pool or all non-pilot blocks), keeping each cohort's
size, and the statistic is recomputed for every re-assignment. The
p-value is the share of re-assignments at least as far from zero as the one
observed, counting the observed one (so it is never 0).

The statistic is the difference in mean changes: for each block, its mean
over the cohort's months from the start minus its mean over the months
before the start (within the window), averaged over pilot blocks minus
averaged over the other candidates; with several cohorts, the cohorts'
statistics weighted by their pilot blocks. It is the comparison every
estimator makes, without their regression adjustment for months a block did
not report, so it is fast enough to repeat thousands of times. When a single
cohort has fewer possible assignments than the number of draws, every
assignment is enumerated (an exact test).

The minimum detectable effect at 80% power and 5% two-sided significance
(Bloom 1995): MDE = (t_{0.975, df} + t_{0.80, df}) * SE, SE the estimator's
standard error and df the pilot blocks less one. It depends on the design
(how many pilot blocks, how noisy the outcome), not on the estimate.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

DRAWS = 1999
SEED = 20260301  # fixed: the same evaluation always gives the same p-value
POWER = 0.8
LEVEL = 0.95
FEW_PILOTS = 30  # below this the page shows the randomisation p-value beside the analytic one


@dataclass(frozen=True)
class RandomisationTest:
    statistic: float  # observed difference in mean changes
    p_value: float
    draws: int  # re-assignments compared (all of them when exact)
    exact: bool


def minimum_detectable_effect(std_error: float, df: int, power: float = POWER) -> float:
    """Smallest true effect a two-sided 5% test detects with probability ``power``.

    Examples
    --------
    >>> round(minimum_detectable_effect(1.0, 1_000_000), 2)  # 1.96 + 0.84 with a large sample
    2.8
    """
    return float((stats.t.ppf(0.5 + LEVEL / 2, df) + stats.t.ppf(power, df)) * std_error)


def _changes(rows: pd.DataFrame, start: int) -> np.ndarray:
    """Each block's mean from ``start`` on minus its mean before it (blocks with both sides only)."""
    after = rows.t >= start
    post = rows[after].groupby("unit_id").y.mean()
    pre = rows[~after].groupby("unit_id").y.mean()
    return (post - pre).dropna().to_numpy()


def block_changes(frame: pd.DataFrame) -> list[tuple[np.ndarray, int]]:
    """Per cohort: (changes of its candidate blocks, pilot blocks first; number of pilot blocks).

    A block's change is its mean from the cohort's start on minus its mean before
    it, within the cohort's window; blocks without months on both sides are left out.
    """
    groups = []
    for _, pilots in frame[frame.cohort_id != ""].groupby("cohort_id", sort=True):
        start, low, high = int(pilots.start_t.iloc[0]), int(pilots.t.min()), int(pilots.t.max())
        comparison = frame[
            (frame.cohort_id == "") & frame["stack"].isin(set(pilots["stack"])) & frame.t.between(low, high)
        ]
        treated = _changes(pilots, start)
        groups.append((np.concatenate([treated, _changes(comparison, start)]), len(treated)))
    return groups


def _statistic(changes: np.ndarray, chosen_sum: np.ndarray, n: int) -> np.ndarray:
    rest = len(changes) - n
    return chosen_sum / n - (changes.sum() - chosen_sum) / rest


def randomisation_test(frame: pd.DataFrame, draws: int = DRAWS, seed: int = SEED) -> RandomisationTest:
    """Fisher randomisation test of no effect for any block, on an evaluation panel's frame."""
    groups = [(c, n) for c, n in block_changes(frame) if n >= 1 and len(c) - n >= 1]
    if not groups:
        return RandomisationTest(np.nan, np.nan, 0, False)
    total = sum(n for _, n in groups)
    observed = sum(n * float(_statistic(c, np.array(c[:n].sum()), n)) for c, n in groups) / total
    if len(groups) == 1 and math.comb(len(groups[0][0]), groups[0][1]) <= draws:
        changes, n = groups[0]
        sums = np.array([changes[list(pick)].sum() for pick in itertools.combinations(range(len(changes)), n)])
        values = _statistic(changes, sums, n)
        extreme = np.abs(values) >= abs(observed) - 1e-9 * (1 + abs(observed))
        return RandomisationTest(observed, float(extreme.mean()), len(values), True)
    rng = np.random.default_rng(seed)
    values = np.zeros(draws)
    for changes, n in groups:
        picks = np.argsort(rng.random((draws, len(changes))), axis=1)[:, :n]
        values += n * _statistic(changes, changes[picks].sum(axis=1), n)
    values /= total
    extreme = int(np.sum(np.abs(values) >= abs(observed) - 1e-9 * (1 + abs(observed))))
    return RandomisationTest(observed, (1 + extreme) / (1 + draws), draws, False)
