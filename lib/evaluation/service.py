"""One entry point for the page and the CLI: ``evaluate(con, spec)``."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from lib import queries
from lib.evaluation import estimators, report
from lib.evaluation.estimators import Estimate, PretrendTest
from lib.evaluation.outcomes import OutcomeInfo, describe_outcome
from lib.evaluation.panel import Panel, build_panel
from lib.evaluation.spec import ESTIMATORS, NAIVE, EvaluationSpec

Progress = Callable[[float, str], None]
PRETREND_SOURCE = {"twfe": "twfe", "sunab": "sunab", "did2s": "sunab"}  # which event study tests each estimator


@dataclass
class EvaluationResult:
    spec: EvaluationSpec
    outcome: OutcomeInfo
    panel: Panel
    estimates: pd.DataFrame  # headline estimator first, then the others, naive last
    event_study: pd.DataFrame  # estimator, rel, estimate, std_error, ci_low, ci_high, reference
    pretrends: dict[str, PretrendTest]
    trends: pd.DataFrame  # period, series, mean, blocks
    differences: pd.DataFrame  # period, cohort, difference (pilot minus comparison average)
    headline: str
    warnings: list[str]
    post_months: int  # months from the start covered by the data (longest cohort; per cohort in panel)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def headline_estimate(self) -> pd.Series:
        return self.estimates.set_index("estimator").loc[self.spec.estimator]


def evaluate(
    con: duckdb.DuckDBPyConnection, spec: EvaluationSpec, progress: Progress | None = None
) -> EvaluationResult:
    """Build the panel, estimate every model and describe the result.

    Raises ``ValueError`` with a readable message for an impossible request
    (unknown outcome, no pre-start months, too few blocks).
    """
    report_progress = progress or (lambda fraction, message: None)
    seconds: dict[str, float] = {}
    outcome = describe_outcome(queries.catalogue(con), spec.outcome)
    report_progress(0.05, "Assembling the panel" + (" and matching" if spec.comparison == "matched" else ""))
    started = time.perf_counter()
    panel = build_panel(con, spec)
    seconds["panel"] = time.perf_counter() - started
    frame = panel.frame
    plan = [
        ("twfe", 0.35, "Two-way fixed effects", lambda: estimators.twfe(frame)),
        ("event_study", 0.5, "Event study", lambda: estimators.event_study_twfe(frame)),
        ("sunab", 0.65, "Sun-Abraham", lambda: estimators.sun_abraham(frame)),
        ("did2s", 0.8, "Two-stage DiD", lambda: estimators.did2s(frame)),
        (NAIVE, 0.95, "Naive comparison", lambda: estimators.naive(frame)),
    ]
    outputs, not_estimable = {}, {}
    for name, fraction, message, run in plan:
        report_progress(fraction, f"Estimating: {message}")
        started = time.perf_counter()
        try:
            outputs[name] = run()
        except estimators.NotEstimable as reason:
            if name == spec.estimator:
                raise ValueError(f"{ESTIMATORS[name]} cannot be estimated here: {reason}") from reason
            not_estimable[name] = str(reason)
        seconds[name] = time.perf_counter() - started
    results = {"twfe": outputs["twfe"], "sunab": outputs["sunab"][0], NAIVE: outputs[NAIVE]}
    if "did2s" in outputs:
        results["did2s"] = outputs["did2s"]
    event_twfe, pretrend_twfe = outputs["event_study"]
    pretrends = {"twfe": pretrend_twfe, "sunab": outputs["sunab"][2]}
    result = _assemble(
        spec,
        outcome,
        panel,
        results,
        pd.concat([event_twfe, outputs["sunab"][1]], ignore_index=True),
        pretrends,
        seconds,
    )
    result.warnings += [f"{ESTIMATORS[name]} is not shown: {reason}" for name, reason in not_estimable.items()]
    report_progress(1.0, "Done")
    return result


def _assemble(
    spec,
    outcome,
    panel: Panel,
    results: dict[str, Estimate],
    event_study: pd.DataFrame,
    pretrends: dict[str, PretrendTest],
    seconds: dict,
) -> EvaluationResult:
    estimates = pd.DataFrame([vars(e) for e in results.values()])
    estimates["pretrend_p"] = [
        pretrends[PRETREND_SOURCE[e]].p_value if e in PRETREND_SOURCE else np.nan for e in estimates.estimator
    ]
    order = [spec.estimator] + [e for e in ("sunab", "did2s", "twfe", NAIVE) if e != spec.estimator and e in results]
    estimates = estimates.set_index("estimator").loc[order].reset_index()
    chosen = results[spec.estimator]
    asked = sum(len(c.members) for c in spec.cohorts)
    trends, differences = trend_tables(panel)
    return EvaluationResult(
        spec,
        outcome,
        panel,
        estimates,
        event_study,
        pretrends,
        trends,
        differences,
        report.headline(chosen, outcome, spec, panel.months_covered),
        report.warnings_for(
            spec,
            chosen,
            pretrends[PRETREND_SOURCE[spec.estimator]],
            panel.months_covered,
            len(panel.excluded),
            asked,
            outcome,
            panel.balance,
            panel.notes,
        ),
        max(panel.months_covered.values()),
        {k: round(v, 3) for k, v in seconds.items()},
    )


def trend_tables(panel: Panel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Average outcome by month for each pilot cohort and the (weighted) comparison, and their differences.

    With matching, each cohort's difference is taken against its own matched blocks.
    """
    frame = panel.frame.assign(weighted=panel.frame.y * panel.frame.weight)
    names = {c.cohort_id: c.name for c in panel.cohorts} | {"": "Comparison"}
    grouped = (
        frame.groupby(["cohort_id", "stack", "period"])
        .agg(weighted=("weighted", "sum"), weight=("weight", "sum"), blocks=("unit_id", "nunique"))
        .reset_index()
    )
    grouped["mean"] = grouped.weighted / grouped.weight
    pooled = (
        frame.groupby(["cohort_id", "period"])
        .agg(weighted=("weighted", "sum"), weight=("weight", "sum"), blocks=("unit_id", "nunique"))
        .reset_index()
    )
    pooled["mean"] = pooled.weighted / pooled.weight
    pooled["series"] = pooled.cohort_id.map(names)
    trends = pooled[["period", "series", "cohort_id", "mean", "blocks"]].reset_index(drop=True)
    pilots = grouped[grouped.cohort_id != ""]
    comparison = grouped[grouped.cohort_id == ""].set_index(["stack", "period"])["mean"]
    keys = pd.MultiIndex.from_arrays([pilots["stack"], pilots.period])
    differences = pilots.assign(
        series=pilots.cohort_id.map(names), difference=pilots["mean"].to_numpy() - comparison.reindex(keys).to_numpy()
    )
    return trends, differences[["period", "series", "difference"]].dropna().reset_index(drop=True)
