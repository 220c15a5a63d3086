"""Difference-in-differences estimators on an evaluation panel (pyfixest).

All models have block and month fixed effects, use the panel's ``weight``
(1, or matching weights for comparison blocks) and cluster standard errors
by block (CRV1). Intervals and tests use the t distribution with G - 1
degrees of freedom, G the number of blocks (clusters), as pyfixest does.

- ``twfe``: y = a_block + b_month + beta * D + e, D = 1 for pilot block-months
  from the start on. With staggered starts and effects that grow over time
  beta can be biased, because already-treated blocks act as controls
  (Goodman-Bacon 2021).
- ``event_study_twfe``: the same with one dummy per month relative to the start
  (reference: the last month before the start with reports, -1 for monthly
  outcomes), pooled over cohorts.
- ``sun_abraham``: one dummy per cohort x month since the start, estimated
  against the never-piloted comparison blocks only, then averaged with
  weights equal to each cohort's share of pilot block-months (Sun & Abraham
  2021). The ATT is the average over all pilot block-months from the start
  on, against all pre-start months of the window as baseline.
- ``did2s``: Gardner's two-stage DiD (Gardner 2022, pyfixest ``did2s``):
  fixed effects are estimated on untreated block-months only, then the
  residualised outcome is regressed on D; standard errors account for the
  first stage.
- ``naive``: the post-start difference of averages between pilot and
  comparison blocks in the same months, with no baseline adjustment. Not a
  causal estimate: it is shown because it is what a quick look would say.

The pre-trend test is a joint Wald test that every pre-start event-study
coefficient (except the reference) is zero, F(q, G - 1).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import stats

from lib.evaluation.spec import ESTIMATORS, NAIVE, NAIVE_LABEL

LEVEL = 0.95
CLUSTER = {"CRV1": "unit_id"}
FIXED_EFFECTS = "unit_id + t"


@dataclass(frozen=True)
class Estimate:
    estimator: str
    label: str
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    n_treated: int
    n_comparison: int
    n_obs: int


@dataclass(frozen=True)
class PretrendTest:
    statistic: float   # F
    df: int            # restrictions tested
    p_value: float     # NaN when there is nothing to test


def _counts(frame: pd.DataFrame) -> tuple[int, int]:
    return frame.loc[frame.cohort_id != "", "unit_id"].nunique(), frame.loc[frame.cohort_id == "", "unit_id"].nunique()


def _combine(name: str, value: float, se: float, frame: pd.DataFrame, n_obs: int | None = None) -> Estimate:
    clusters = frame.unit_id.nunique()
    critical = stats.t.ppf(0.5 + LEVEL / 2, clusters - 1)
    p_value = 2 * stats.t.sf(abs(value / se), clusters - 1) if se > 0 else np.nan
    treated, comparison = _counts(frame)
    label = NAIVE_LABEL if name == NAIVE else ESTIMATORS[name]
    return Estimate(name, label, float(value), float(se), float(value - critical * se), float(value + critical * se),
                    float(p_value), treated, comparison, int(n_obs if n_obs is not None else len(frame)))


def _fit(formula: str, frame: pd.DataFrame, extra: dict[str, pd.Series] | None = None):
    """feols on just the columns the model needs (pyfixest copies and converts every column it is given)."""
    data = frame[["y", "unit_id", "t", "weight", "treated_post"]]
    if extra:
        data = pd.concat([data, pd.DataFrame(extra, index=frame.index)], axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # collinearity and singleton notes; checked through the coefficients
        return pf.feols(formula, data, vcov=CLUSTER, weights="weight", copy_data=False, store_data=False)


def _coefficients(fit) -> tuple[pd.Series, np.ndarray]:
    """Coefficients and their clustered covariance, in the same order.

    pyfixest 0.60 keeps the covariance matrix in ``_vcov`` (no public accessor);
    the shape check guards an upgrade that changes this.
    """
    coef = fit.coef()
    vcov = np.asarray(fit._vcov)
    if vcov.shape != (len(coef), len(coef)):
        raise RuntimeError("unexpected pyfixest covariance layout; check the pinned pyfixest version")
    return coef, vcov


def twfe(frame: pd.DataFrame) -> Estimate:
    """Static two-way fixed effects DiD."""
    fit = _fit(f"y ~ treated_post | {FIXED_EFFECTS}", frame)
    return _combine("twfe", fit.coef()["treated_post"], fit.se()["treated_post"], frame)


def did2s(frame: pd.DataFrame) -> Estimate:
    """Gardner's two-stage DiD, ATT over pilot block-months from the start on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.did2s(frame, yname="y", first_stage=f"~ 0 | {FIXED_EFFECTS}", second_stage="~ treated_post",
                       treatment="treated_post", cluster="unit_id", weights="weight")
    return _combine("did2s", fit.coef()["treated_post"], fit.se()["treated_post"], frame)


def naive(frame: pd.DataFrame) -> Estimate:
    """Post-start difference of (weighted) averages, within the same calendar months."""
    post_months = frame.loc[frame.treated_post == 1, "t"].unique()
    after = frame[(frame.treated_post == 1) | ((frame.cohort_id == "") & frame.t.isin(post_months))]
    fit = _fit("y ~ treated_post | t", after)
    return _combine(NAIVE, fit.coef()["treated_post"], fit.se()["treated_post"], after)


def reference_months(frame: pd.DataFrame) -> dict[str, int]:
    """Per cohort: the last relative month before the start with pilot reports (-1 when monthly)."""
    pre = frame[(frame.cohort_id != "") & (frame.rel < 0)]
    return pre.groupby("cohort_id").rel.max().astype(int).to_dict()


def _rel_name(rel: int) -> str:
    return f"m{-rel}" if rel < 0 else f"p{rel}"


def event_study_twfe(frame: pd.DataFrame) -> tuple[pd.DataFrame, PretrendTest]:
    """Dynamic TWFE: pooled relative-month dummies. Returns (table, pre-trend test).

    Each cohort's own reference month gets no dummy (cohorts of a quarterly
    outcome starting in different months of a quarter have different ones).
    """
    references = reference_months(frame)
    treated = (frame.cohort_id != "") & (frame.rel != frame.cohort_id.map(references))
    rels = sorted(int(r) for r in frame.loc[treated, "rel"].unique())
    dummies = {f"ev_{_rel_name(r)}": (treated & (frame.rel == r)).to_numpy(dtype=float) for r in rels}
    fit = _fit("y ~ " + " + ".join(dummies) + f" | {FIXED_EFFECTS}", frame, dummies)
    coef, vcov = _coefficients(fit)
    rows = {name: r for name, r in zip(dummies, rels)}
    table = _event_table("twfe", [rows[n] for n in coef.index], coef.to_numpy(), np.sqrt(np.diag(vcov)), frame,
                         max(references.values(), default=-1))
    pre = [i for i, n in enumerate(coef.index) if rows[n] < 0]
    return table, joint_wald(coef.to_numpy()[pre], vcov[np.ix_(pre, pre)], frame.unit_id.nunique())


def _cohort_cells(frame: pd.DataFrame, post_only: bool) -> tuple[pd.DataFrame, dict]:
    """Cohort x relative-month cells with pilot data (less each cohort's reference month) and their dummies."""
    references = reference_months(frame)
    cells = frame[frame.cohort_id != ""].groupby(["cohort_id", "rel"]).size().rename("n").reset_index()
    cells = cells[(cells.rel >= 0) if post_only else (cells.rel != cells.cohort_id.map(references))]
    cells = cells.reset_index(drop=True)
    cells["name"] = [f"sa_{i}_{_rel_name(int(r))}" for i, r in zip(cells.cohort_id.factorize()[0], cells.rel)]
    dummies = {row.name: ((frame.cohort_id == row.cohort_id) & (frame.rel == row.rel)).to_numpy(dtype=float)
               for row in cells.itertuples()}
    return cells, dummies


def _fit_cells(frame: pd.DataFrame, post_only: bool) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    cells, dummies = _cohort_cells(frame, post_only)
    if cells.empty:
        raise ValueError("no pilot block has data after its start in this window")
    fit = _fit("y ~ " + " + ".join(dummies) + f" | {FIXED_EFFECTS}", frame, dummies)
    coef, vcov = _coefficients(fit)
    return cells.set_index("name").loc[coef.index].reset_index(), coef.to_numpy(), vcov


def sun_abraham(frame: pd.DataFrame) -> tuple[Estimate, pd.DataFrame, PretrendTest]:
    """Interaction-weighted estimator: ATT, the aggregated event study and the pre-trend test.

    The ATT comes from cohort x post-start-month dummies only, so every
    pre-start month of the window is the baseline (the no-anticipation
    assumption any DiD makes); this is far less noisy than measuring every
    effect against the single month before the start. The event study adds
    the pre-start dummies (reference: the month before the start) to show
    and test pre-trends.
    """
    cells, beta, vcov = _fit_cells(frame, post_only=True)
    weights = cells.n.to_numpy() / cells.n.sum()
    estimate = _combine("sunab", weights @ beta, float(np.sqrt(weights @ vcov @ weights)), frame)
    cells, beta, vcov = _fit_cells(frame, post_only=False)
    table = _aggregate_by_rel(cells, beta, vcov, frame, min(reference_months(frame).values()))
    pre = np.flatnonzero((cells.rel < 0).to_numpy())
    return estimate, table, joint_wald(beta[pre], vcov[np.ix_(pre, pre)], frame.unit_id.nunique())


def _aggregate_by_rel(cells: pd.DataFrame, beta: np.ndarray, vcov: np.ndarray, frame: pd.DataFrame,
                      reference: int) -> pd.DataFrame:
    """Event-study curve: each relative month's cohort effects weighted by cohort share."""
    rels = sorted(cells.rel.unique())
    values, errors = [], []
    for rel in rels:
        at = (cells.rel == rel).to_numpy()
        weights = np.where(at, cells.n, 0.0) / cells.n[at].sum()
        values.append(weights @ beta)
        errors.append(np.sqrt(weights @ vcov @ weights))
    return _event_table("sunab", [int(r) for r in rels], np.array(values), np.array(errors), frame, reference)


def _event_table(name: str, rels: list[int], values: np.ndarray, errors: np.ndarray, frame: pd.DataFrame,
                 reference: int) -> pd.DataFrame:
    critical = stats.t.ppf(0.5 + LEVEL / 2, frame.unit_id.nunique() - 1)
    table = pd.DataFrame({"estimator": name, "rel": rels, "estimate": values, "std_error": errors})
    if reference not in rels:  # with mixed references another cohort may have data in this month
        table = pd.concat([table, pd.DataFrame({"estimator": [name], "rel": [reference], "estimate": [0.0],
                                                "std_error": [0.0]})], ignore_index=True)
    table["ci_low"] = table.estimate - critical * table.std_error
    table["ci_high"] = table.estimate + critical * table.std_error
    table["reference"] = table.rel == reference
    return table.sort_values("rel", ignore_index=True)


def joint_wald(beta: np.ndarray, vcov: np.ndarray, clusters: int) -> PretrendTest:
    """F test that all of ``beta`` are zero: F = b' V^+ b / q, q = rank(V), df (q, G - 1).

    Examples
    --------
    >>> round(joint_wald(np.array([2.0]), np.array([[1.0]]), 50).statistic, 6)
    4.0
    """
    if len(beta) == 0:
        return PretrendTest(np.nan, 0, np.nan)
    rank = int(np.linalg.matrix_rank(vcov))
    if rank == 0:
        return PretrendTest(np.nan, 0, np.nan)
    statistic = float(beta @ np.linalg.pinv(vcov) @ beta) / rank
    return PretrendTest(statistic, rank, float(stats.f.sf(statistic, rank, max(clusters - 1, 1))))
