"""Difference-in-differences estimators on an evaluation panel (pyfixest).

All models have block and month fixed effects, use the panel's ``weight``
(1, or matching weights for comparison blocks) and cluster standard errors
by block (CRV1). Intervals and tests use the t distribution with G1 - 1
degrees of freedom, G1 the number of *pilot* blocks: the variance of an
effect comes from the pilot blocks' clusters, so with few pilots the usual
G - 1 (G all blocks, ~450) gives intervals that are too narrow (with 6 pilots
about 20% too narrow in placebo cohorts; Conley & Taber 2011, Imbens &
Kolesar 2016 discuss the problem).

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
coefficient (except the reference) is zero, with the Hotelling small-sample
scaling for the number of pilot blocks (see ``joint_wald``).
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
FIXED_EFFECTS = "fe_unit + fe_time"  # block and month; per cohort in a stacked (matched) panel


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
    df: int  # degrees of freedom of the t intervals: pilot blocks - 1


@dataclass(frozen=True)
class PretrendTest:
    statistic: float  # F
    df: int  # restrictions tested
    p_value: float  # NaN when there is nothing to test


def _counts(frame: pd.DataFrame) -> tuple[int, int]:
    return frame.loc[frame.cohort_id != "", "unit_id"].nunique(), frame.loc[frame.cohort_id == "", "unit_id"].nunique()


def degrees_of_freedom(frame: pd.DataFrame) -> int:
    """Pilot blocks (clusters that carry the effect's variance) less one, at least 1."""
    return max(_treated_clusters(frame) - 1, 1)


def critical_value(df: int) -> float:
    """Two-sided 95% t critical value.

    Examples
    --------
    >>> round(critical_value(5), 3)  # 6 pilot blocks
    2.571
    """
    return float(stats.t.ppf(0.5 + LEVEL / 2, df))


def _combine(name: str, value: float, se: float, frame: pd.DataFrame, n_obs: int | None = None) -> Estimate:
    df = degrees_of_freedom(frame)
    critical = critical_value(df)
    p_value = 2 * stats.t.sf(abs(value / se), df) if se > 0 else np.nan
    treated, comparison = _counts(frame)
    label = NAIVE_LABEL if name == NAIVE else ESTIMATORS[name]
    return Estimate(
        name,
        label,
        float(value),
        float(se),
        float(value - critical * se),
        float(value + critical * se),
        float(p_value),
        treated,
        comparison,
        int(n_obs if n_obs is not None else len(frame)),
        df,
    )


def _fit(formula: str, frame: pd.DataFrame, extra: dict[str, pd.Series] | None = None):
    """feols on just the columns the model needs (pyfixest copies and converts every column it is given)."""
    data = frame[["y", "unit_id", "fe_unit", "fe_time", "weight", "treated_post"]]
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


class NotEstimable(ValueError):
    """This estimator cannot be computed on this panel; the message says why."""


def did2s(frame: pd.DataFrame) -> Estimate:
    """Gardner's two-stage DiD, ATT over pilot block-months from the start on.

    The first stage needs each pilot block's own effect from its untreated
    months, so every pilot block needs at least two reports before the start.
    """
    pilots = frame[(frame.cohort_id != "") & (frame.treated_post == 0)].groupby("unit_id").size()
    thin = int((pilots < 2).sum() + len(set(frame.loc[frame.cohort_id != "", "unit_id"]) - set(pilots.index)))
    if thin:
        raise NotEstimable(
            f"{thin} pilot block(s) have fewer than two reports before the start, which the two-stage "
            "estimator needs; use a longer window before the start or the interaction-weighted estimator"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = pf.did2s(
            frame[["y", "unit_id", "fe_unit", "fe_time", "weight", "treated_post"]],
            yname="y",
            first_stage=f"~ 0 | {FIXED_EFFECTS}",
            second_stage="~ treated_post",
            treatment="treated_post",
            cluster="unit_id",
            weights="weight",
        )
    return _combine("did2s", fit.coef()["treated_post"], fit.se()["treated_post"], frame)


def naive(frame: pd.DataFrame) -> Estimate:
    """Post-start difference of (weighted) averages, within the same calendar months."""
    post_months = frame.loc[frame.treated_post == 1, "fe_time"].unique()
    after = frame[(frame.treated_post == 1) | ((frame.cohort_id == "") & frame.fe_time.isin(post_months))]
    fit = _fit("y ~ treated_post | fe_time", after)
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
    rows = {name: r for name, r in zip(dummies, rels, strict=True)}
    errors = np.sqrt(np.clip(np.diag(vcov), 0.0, None))  # round-off can leave -1e-17 on degenerate designs
    table = _event_table(
        "twfe", [rows[n] for n in coef.index], coef.to_numpy(), errors, frame, max(references.values(), default=-1)
    )
    pre = [i for i, n in enumerate(coef.index) if rows[n] < 0]
    return table, joint_wald(coef.to_numpy()[pre], vcov[np.ix_(pre, pre)], _treated_clusters(frame))


def _cohort_cells(frame: pd.DataFrame, post_only: bool) -> tuple[pd.DataFrame, dict]:
    """Cohort x relative-month cells with pilot data (less each cohort's reference month) and their dummies."""
    references = reference_months(frame)
    cells = frame[frame.cohort_id != ""].groupby(["cohort_id", "rel"]).size().rename("n").reset_index()
    cells = cells[(cells.rel >= 0) if post_only else (cells.rel != cells.cohort_id.map(references))]
    cells = cells.reset_index(drop=True)
    cells["name"] = [
        f"sa_{i}_{_rel_name(int(r))}" for i, r in zip(cells.cohort_id.factorize()[0], cells.rel, strict=True)
    ]
    dummies = {
        row.name: ((frame.cohort_id == row.cohort_id) & (frame.rel == row.rel)).to_numpy(dtype=float)
        for row in cells.itertuples()
    }
    return cells, dummies


@dataclass(frozen=True)
class CellFit:
    """Cohort x relative-month effects from one fit: ``cells`` (cohort_id, rel, n pilot
    block-months, name) in the order of ``beta`` and of ``vcov``'s rows."""

    cells: pd.DataFrame
    beta: np.ndarray
    vcov: np.ndarray


@dataclass(frozen=True)
class SunAbraham:
    """The interaction-weighted estimator's outputs.

    post : cohort x post-start-month effects against every pre-start month (the ATT's fit).
    full : the event-study fit, pre-start months too, against each cohort's reference month.
    """

    estimate: Estimate
    event_study: pd.DataFrame
    pretrend: PretrendTest
    post: CellFit
    full: CellFit


def _fit_cells(frame: pd.DataFrame, post_only: bool) -> CellFit:
    cells, dummies = _cohort_cells(frame, post_only)
    if cells.empty:
        raise ValueError("no pilot block has data after its start in this window")
    fit = _fit("y ~ " + " + ".join(dummies) + f" | {FIXED_EFFECTS}", frame, dummies)
    coef, vcov = _coefficients(fit)
    return CellFit(cells.set_index("name").loc[coef.index].reset_index(), coef.to_numpy(), vcov)


def sun_abraham(frame: pd.DataFrame) -> SunAbraham:
    """Interaction-weighted estimator: ATT, the aggregated event study and the pre-trend test.

    The ATT comes from cohort x post-start-month dummies only, so every
    pre-start month of the window is the baseline (the no-anticipation
    assumption any DiD makes): Wooldridge's (2021) extended TWFE, aggregated
    with Sun & Abraham's (2021) cohort-share weights. Measuring every effect
    against the single month before the start, as the event study does, would
    be far noisier. The event study adds the pre-start dummies (reference: the
    last month with reports before the start) to show and test pre-trends.

    Standard errors add the uncertainty of the cohort shares (the pilot
    blocks are a sample too; Sun & Abraham 2021, Proposition 6), which is zero
    with one cohort and large when cohorts' effects differ.
    """
    post = _fit_cells(frame, post_only=True)
    weights = post.cells.n.to_numpy() / post.cells.n.sum()
    value = weights @ post.beta
    variance = weights @ post.vcov @ weights + _share_variance(frame, post.cells, post.beta, value)
    estimate = _combine("sunab", value, float(np.sqrt(max(variance, 0.0))), frame)
    full = _fit_cells(frame, post_only=False)
    table = _aggregate_by_rel(full.cells, full.beta, full.vcov, frame, max(reference_months(frame).values()))
    pre = np.flatnonzero((full.cells.rel < 0).to_numpy())
    pretrend = joint_wald(full.beta[pre], full.vcov[np.ix_(pre, pre)], _treated_clusters(frame))
    return SunAbraham(estimate, table, pretrend, post, full)


def _treated_clusters(frame: pd.DataFrame) -> int:
    return frame.loc[frame.cohort_id != "", "unit_id"].nunique()


def _share_variance(frame: pd.DataFrame, cells: pd.DataFrame, beta: np.ndarray, att: float) -> float:
    """Variance from estimating the cohort shares: sum_i m_i^2 (theta_c(i) - ATT)^2 / (sum_i m_i)^2,
    m_i a pilot block's post-start block-months and theta_c its cohort's average effect."""
    theta = (
        cells.assign(weighted=cells.n * beta).groupby("cohort_id").weighted.sum() / cells.groupby("cohort_id").n.sum()
    )
    counts = frame[frame.treated_post == 1].groupby(["unit_id", "cohort_id"]).size().rename("m").reset_index()
    deviation = counts.m * (counts.cohort_id.map(theta) - att)
    return float((deviation**2).sum() / counts.m.sum() ** 2)


def _aggregate_by_rel(
    cells: pd.DataFrame, beta: np.ndarray, vcov: np.ndarray, frame: pd.DataFrame, reference: int
) -> pd.DataFrame:
    """Event-study curve: each relative month's cohort effects weighted by cohort share
    (plus the share-estimation variance, as for the ATT)."""
    rels = sorted(cells.rel.unique())
    values, errors = [], []
    for rel in rels:
        at = (cells.rel == rel).to_numpy()
        weights = np.where(at, cells.n, 0.0) / cells.n[at].sum()
        value = weights @ beta
        shares = float(np.sum(cells.n[at] * (beta[at] - value) ** 2) / cells.n[at].sum() ** 2)
        values.append(value)
        errors.append(np.sqrt(max(weights @ vcov @ weights + shares, 0.0)))
    return _event_table("sunab", [int(r) for r in rels], np.array(values), np.array(errors), frame, reference)


def _event_table(
    name: str, rels: list[int], values: np.ndarray, errors: np.ndarray, frame: pd.DataFrame, reference: int
) -> pd.DataFrame:
    critical = critical_value(degrees_of_freedom(frame))
    table = pd.DataFrame({"estimator": name, "rel": rels, "estimate": values, "std_error": errors})
    if reference not in rels:  # with mixed references another cohort may have data in this month
        table = pd.concat(
            [table, pd.DataFrame({"estimator": [name], "rel": [reference], "estimate": [0.0], "std_error": [0.0]})],
            ignore_index=True,
        )
    table["ci_low"] = table.estimate - critical * table.std_error
    table["ci_high"] = table.estimate + critical * table.std_error
    table["reference"] = table.rel == reference
    return table.sort_values("rel", ignore_index=True)


def joint_wald(beta: np.ndarray, vcov: np.ndarray, treated_clusters: int) -> PretrendTest:
    """Test that all of ``beta`` are zero, with a small-sample correction for few pilot blocks.

    W = b' V^+ b (V^+ keeps eigenvalues above 1e-8 of the largest; q of them);
    F = W (G1 - q) / (q (G1 - 1)) ~ F(q, G1 - q), the Hotelling T^2 scaling with
    G1 the number of pilot blocks, because the pre-start coefficients' covariance
    is estimated from the pilot blocks' clusters. With q >= G1 there is nothing
    to test (NaN). Without this correction a test of 11 pre-start months on 40
    pilot blocks rejected true parallel trends about 30% of the time.

    Examples
    --------
    >>> test = joint_wald(np.array([2.0]), np.array([[1.0]]), 50)
    >>> round(test.statistic, 6), test.df
    (4.0, 1)
    """
    if len(beta) == 0:
        return PretrendTest(np.nan, 0, np.nan)
    values, vectors = np.linalg.eigh((vcov + vcov.T) / 2)
    keep = values > max(1e-8 * values.max(initial=0.0), 1e-12)
    rank = int(keep.sum())
    if rank == 0 or rank >= treated_clusters:
        return PretrendTest(np.nan, rank, np.nan)
    projected = vectors[:, keep].T @ beta
    wald = float(np.sum(projected**2 / values[keep]))
    statistic = wald * (treated_clusters - rank) / (rank * (treated_clusters - 1))
    return PretrendTest(statistic, rank, float(stats.f.sf(statistic, rank, treated_clusters - rank)))
