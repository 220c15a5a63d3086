"""Effects per cohort and per horizon, from the interaction-weighted fit.

The fit (:func:`lib.evaluation.estimators.sun_abraham`) gives one effect per
cohort and month since the start (month 0 is the start month), each against
every pre-start month of the window. From those cells:

- a cohort's average effect: the cells' mean weighted by pilot block-months,
  variance w' V w, t intervals with (that cohort's pilot blocks - 1) degrees
  of freedom;
- a cohort's effect in the h-th month from the start (h = 3, 6, 12; the start
  month is the first): the cell at month h - 1 since the start;
- pooled over cohorts (only with several): the same weights across cohorts,
  plus the variance of estimating the cohort shares (as for the ATT).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from lib.evaluation.estimators import SunAbraham, critical_value
from lib.evaluation.spec import Cohort
from lib.i18n import tr

HORIZONS = (3, 6, 12)  # months from the start, the start month counted as the first
POOLED = ""  # cohort_id of the pooled rows


def _row(cohort_id: str, cohort: str, effect: str, rel: str, value: float, variance: float, pilots: int) -> dict:
    se = float(np.sqrt(max(variance, 0.0)))
    df = max(pilots - 1, 1)
    critical = critical_value(df)
    p_value = 2 * stats.t.sf(abs(value / se), df) if se > 0 else np.nan
    return {
        "cohort_id": cohort_id,
        "cohort": cohort,
        "effect": effect,
        "months_since_start": rel,
        "estimate": float(value),
        "std_error": se,
        "ci_low": float(value - critical * se),
        "ci_high": float(value + critical * se),
        "p_value": float(p_value),
        "pilot_blocks": pilots,
        "df": df,
    }


def _pooled(
    cells: pd.DataFrame, beta: np.ndarray, vcov: np.ndarray, at: np.ndarray, treated: pd.DataFrame
) -> tuple[float, float]:
    """Block-month-weighted mean of the cells ``at`` and its variance.

    The variance adds the uncertainty of the cohort shares, as for the ATT
    (:func:`lib.evaluation.estimators._share_variance`): sum_i m_i^2 (theta_c(i) - value)^2 / (sum_i m_i)^2,
    m_i a pilot block's block-months in the cells, theta_c its cohort's mean over them (zero with one cohort).
    """
    n = cells.n.to_numpy(dtype=float)
    weights = np.where(at, n, 0.0) / n[at].sum()
    value = float(weights @ beta)
    chosen = cells[at].assign(weighted=(n * beta)[at])
    theta = chosen.groupby("cohort_id").weighted.sum() / chosen.groupby("cohort_id").n.sum()
    in_cells = treated.merge(chosen[["cohort_id", "rel"]], on=["cohort_id", "rel"])
    m = in_cells.groupby(["unit_id", "cohort_id"]).size().rename("m").reset_index()
    shares = float(((m.m * (m.cohort_id.map(theta) - value)) ** 2).sum() / m.m.sum() ** 2)
    return value, float(weights @ vcov @ weights) + shares


def cohort_effects(frame: pd.DataFrame, fit: SunAbraham, cohorts: tuple[Cohort, ...], lang: str = "en") -> pd.DataFrame:
    """One row per cohort (and pooled, with several) x (average, month 3, month 6, month 12), described in
    ``lang``.

    Horizons beyond a cohort's data are left out (a cohort with 6 months of data has no month-12 row).
    """
    cells, beta, vcov = fit.post.cells, fit.post.beta, fit.post.vcov
    pilots = frame[frame.cohort_id != ""].groupby("cohort_id").unit_id.nunique()
    treated = frame.loc[frame.treated_post == 1, ["unit_id", "cohort_id", "rel"]]
    names = {c.cohort_id: c.name for c in cohorts}
    rows = []
    groups = [(c.cohort_id, names[c.cohort_id]) for c in cohorts if c.cohort_id in set(cells.cohort_id)]
    if len(groups) > 1:
        groups.append((POOLED, tr(lang, "Pooled (all cohorts)")))
    for cohort_id, name in groups:
        mine = np.ones(len(cells), dtype=bool) if cohort_id == POOLED else (cells.cohort_id == cohort_id).to_numpy()
        count = int(pilots.sum() if cohort_id == POOLED else pilots.get(cohort_id, 0))
        last = int(cells.rel[mine].max())
        value, variance = _pooled(cells, beta, vcov, mine, treated)
        rows.append(
            _row(
                cohort_id,
                name,
                tr(lang, "average over the first {months} months", months=last + 1),
                f"0-{last}",
                value,
                variance,
                count,
            )
        )
        for horizon in HORIZONS:
            at = mine & (cells.rel == horizon - 1).to_numpy()
            if not at.any():
                continue
            value, variance = _pooled(cells, beta, vcov, at, treated)
            effect = tr(lang, "month {month}", month=horizon)
            contributing = set(cells.cohort_id[at])
            if cohort_id == POOLED and len(contributing) < len(groups) - 1:
                only = ", ".join(names[c] for c in sorted(contributing))
                effect += " " + tr(lang, "(only {cohorts} has data)", cohorts=only)
            rows.append(_row(cohort_id, name, effect, str(horizon - 1), value, variance, count))
    return pd.DataFrame(rows)
