"""One entry point for the page and the CLI: ``evaluate(con, spec)``.

An evaluation estimates every estimator on the chosen comparison design (the
headline), then the same estimators on the other two designs (the design
comparison table), so a reader sees at once whether the answer depends on
the comparison. Placebo checks run on request (:func:`run_placebos`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import duckdb
import numpy as np
import pandas as pd

from lib import queries
from lib.evaluation import estimators, inference, report
from lib.evaluation.effects import cohort_effects
from lib.evaluation.estimators import Estimate, PretrendTest, SunAbraham
from lib.evaluation.inference import RandomisationTest
from lib.evaluation.outcomes import OutcomeInfo, describe_outcome
from lib.evaluation.panel import Panel, build_panel
from lib.evaluation.sensitivity import Sensitivity, relative_magnitudes
from lib.evaluation.spec import ESTIMATORS, NAIVE, EvaluationSpec
from lib.i18n import tr
from lib.periods import from_month_index, month_index

Progress = Callable[[float, str], None]
PRETREND_SOURCE = {"twfe": "twfe", "sunab": "sunab", "did2s": "sunab"}  # which event study tests each estimator
DESIGN_ORDER = ("matched", "states", "all")
DESIGN_LABELS = {
    "matched": "Matched comparison blocks",
    "states": "Non-pilot blocks in the same states",
    "all": "All non-pilot blocks",
}
ESTIMATION_STEPS = {  # what the progress bar says while each estimator runs
    "twfe": "Two-way fixed effects",
    "event_study": "Event study",
    "sunab": "Sun-Abraham",
    "did2s": "Two-stage DiD",
    NAIVE: "Naive comparison",
    "randomisation": "Randomisation inference",
}
PLACEBO_SHIFT_MONTHS = 12
DESIGN_COLUMNS = [
    "design",
    "design_label",
    "estimator",
    "label",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "df",
    "randomisation_p",
    "pretrend_p",
    "n_treated",
    "n_comparison",
    "n_obs",
    "note",
]


@dataclass
class DesignRun:
    """Every estimator on one comparison design's panel."""

    panel: Panel
    estimates: pd.DataFrame  # one row per estimator (naive last), with pretrend_p
    event_study: pd.DataFrame
    pretrends: dict[str, PretrendTest]
    sunab: SunAbraham
    randomisation: RandomisationTest
    not_estimable: dict[str, str]
    seconds: dict[str, float]


@dataclass
class EvaluationResult:
    spec: EvaluationSpec
    outcome: OutcomeInfo
    panel: Panel
    estimates: pd.DataFrame  # headline design: headline estimator first, then the others, naive last
    event_study: pd.DataFrame  # estimator, rel, estimate, std_error, ci_low, ci_high, reference
    pretrends: dict[str, PretrendTest]
    trends: pd.DataFrame  # period, series, mean, blocks
    differences: pd.DataFrame  # period, cohort, difference (pilot minus comparison average)
    headline: str
    warnings: list[str]
    post_months: int  # months from the start covered by the data (longest cohort; per cohort in panel)
    designs: pd.DataFrame  # DESIGN_COLUMNS: every design x estimator (the headline design first)
    effects: pd.DataFrame  # per cohort (and pooled) x horizon, interaction-weighted estimator
    randomisation: RandomisationTest  # headline design
    mde: float  # minimum detectable effect of the headline estimator at 80% power
    mde_sentence: str
    sensitivity: Sensitivity
    design_note: str  # whether the designs agree
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def headline_estimate(self) -> pd.Series:
        return self.estimates.set_index("estimator").loc[self.spec.estimator]


def estimate_design(
    con: duckdb.DuckDBPyConnection,
    spec: EvaluationSpec,
    progress: Progress | None = None,
    share=(0.0, 1.0),
    lang: str = "en",
) -> DesignRun:
    """Build ``spec``'s panel and estimate every estimator on it (progress and reasons in ``lang``).

    Raises ``ValueError`` when the panel cannot be built or the headline estimator cannot be estimated.
    """
    report_progress = progress or (lambda fraction, message: None)
    low, high = share
    seconds: dict[str, float] = {}
    design = tr(lang, DESIGN_LABELS[spec.comparison])
    report_progress(low, tr(lang, "{design}: assembling the panel", design=design))
    started = time.perf_counter()
    panel = build_panel(con, spec, lang)
    seconds["panel"] = time.perf_counter() - started
    frame = panel.frame
    steps = {
        "twfe": lambda: estimators.twfe(frame),
        "event_study": lambda: estimators.event_study_twfe(frame),
        "sunab": lambda: estimators.sun_abraham(frame),
        "did2s": lambda: estimators.did2s(frame),
        NAIVE: lambda: estimators.naive(frame),
        "randomisation": lambda: inference.randomisation_test(frame),
    }
    plan = [(name, ESTIMATION_STEPS[name], run) for name, run in steps.items()]
    outputs, not_estimable = {}, {}
    for step, (name, message, run) in enumerate(plan, start=1):
        report_progress(low + (high - low) * step / (len(plan) + 1), f"{design}: {tr(lang, message)}")
        started = time.perf_counter()
        try:
            outputs[name] = run()
        except estimators.NotEstimable as reason:
            if name == spec.estimator:
                raise ValueError(
                    tr(
                        lang,
                        "{estimator} cannot be estimated here: {reason}",
                        estimator=tr(lang, ESTIMATORS[name]),
                        reason=reason,
                    )
                ) from reason
            not_estimable[name] = str(reason)
        seconds[name] = time.perf_counter() - started
    results = {"twfe": outputs["twfe"], "sunab": outputs["sunab"].estimate, NAIVE: outputs[NAIVE]}
    if "did2s" in outputs:
        results["did2s"] = outputs["did2s"]
    event_twfe, pretrend_twfe = outputs["event_study"]
    pretrends = {"twfe": pretrend_twfe, "sunab": outputs["sunab"].pretrend}
    estimates = pd.DataFrame([vars(e) for e in results.values()])
    estimates["pretrend_p"] = [
        pretrends[PRETREND_SOURCE[e]].p_value if e in PRETREND_SOURCE else np.nan for e in estimates.estimator
    ]
    order = [spec.estimator] + [e for e in ("sunab", "did2s", "twfe", NAIVE) if e != spec.estimator and e in results]
    return DesignRun(
        panel,
        estimates.set_index("estimator").loc[order].reset_index(),
        pd.concat([event_twfe, outputs["sunab"].event_study], ignore_index=True),
        pretrends,
        outputs["sunab"],
        outputs["randomisation"],
        not_estimable,
        seconds,
    )


def design_rows(run: DesignRun, design: str, label: str, lang: str = "en") -> pd.DataFrame:
    """The design table's rows for one design run (the naive row carries no randomisation p-value);
    ``label`` names the design, written in ``lang`` as the notes are."""
    rows = run.estimates.assign(design=design, design_label=label, note="")
    rows["randomisation_p"] = np.where(rows.estimator == NAIVE, np.nan, run.randomisation.p_value)
    for name, reason in run.not_estimable.items():
        missing = {column: np.nan for column in DESIGN_COLUMNS} | {
            "design": design,
            "design_label": label,
            "estimator": name,
            "label": tr(lang, ESTIMATORS[name]) if name in ESTIMATORS else name,
            "note": tr(lang, "not estimable: {reason}", reason=reason),
        }
        rows = pd.concat([rows, pd.DataFrame([missing])], ignore_index=True)
    return rows[DESIGN_COLUMNS]


def _failed_row(design: str, label: str, reason: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{column: np.nan for column in DESIGN_COLUMNS} | {"design": design, "design_label": label, "note": reason}]
    )[DESIGN_COLUMNS]


def evaluate(
    con: duckdb.DuckDBPyConnection,
    spec: EvaluationSpec,
    progress: Progress | None = None,
    designs: bool = True,
    lang: str = "en",
) -> EvaluationResult:
    """The headline design with every estimator, then (``designs``) the other comparison designs; every
    text of the result (sentences, warnings, labels, progress) in ``lang``.

    Raises ``ValueError`` with a readable message for an impossible request
    (unknown outcome, no pre-start months, too few blocks).
    """
    report_progress = progress or (lambda fraction, message: None)
    outcome = describe_outcome(queries.catalogue(con), spec.outcome, lang)
    others = [d for d in DESIGN_ORDER if d != spec.comparison] if designs else []
    main_share = 0.9 if not others else 0.45
    started = time.perf_counter()
    main = estimate_design(con, spec, report_progress, (0.0, main_share), lang)
    seconds = {k: round(v, 3) for k, v in main.seconds.items()}
    tables = [design_rows(main, spec.comparison, tr(lang, DESIGN_LABELS[spec.comparison]), lang)]
    for index, design in enumerate(others):
        step = (1.0 - main_share - 0.05) / len(others)
        share = (main_share + index * step, main_share + (index + 1) * step)
        try:
            tables.append(
                design_rows(
                    estimate_design(con, replace(spec, comparison=design), report_progress, share, lang),
                    design,
                    tr(lang, DESIGN_LABELS[design]),
                    lang,
                )
            )
        except ValueError as reason:
            label = tr(lang, DESIGN_LABELS[design])
            tables.append(_failed_row(design, label, tr(lang, "not estimable: {reason}", reason=reason)))
    seconds["all_designs"] = round(time.perf_counter() - started, 3)
    report_progress(0.97, tr(lang, "Describing the result"))
    result = _assemble(spec, outcome, main, pd.concat(tables, ignore_index=True), seconds, lang)
    report_progress(1.0, tr(lang, "Done"))
    return result


def _assemble(
    spec: EvaluationSpec, outcome: OutcomeInfo, main: DesignRun, designs: pd.DataFrame, seconds: dict, lang: str
) -> EvaluationResult:
    panel = main.panel
    chosen = Estimate(
        **main.estimates.set_index("estimator").loc[spec.estimator].drop("pretrend_p").to_dict()
        | {"estimator": spec.estimator}
    )
    asked = sum(len(c.members) for c in spec.cohorts)
    trends, differences = trend_tables(panel, lang)
    mde = inference.minimum_detectable_effect(chosen.std_error, chosen.df)
    sensitivity = relative_magnitudes(main.sunab.full, main.sunab.estimate.df)
    design_note = report.design_agreement(designs, spec, lang)
    warnings = report.warnings_for(
        spec,
        chosen,
        main.pretrends[PRETREND_SOURCE[spec.estimator]],
        panel.months_covered,
        len(panel.excluded),
        asked,
        outcome,
        panel.balance,
        panel.notes,
        lang,
    )
    warnings += [
        tr(lang, "{estimator} is not shown: {reason}", estimator=tr(lang, ESTIMATORS[name]), reason=reason)
        for name, reason in main.not_estimable.items()
    ]
    return EvaluationResult(
        spec,
        outcome,
        panel,
        main.estimates,
        main.event_study,
        main.pretrends,
        trends,
        differences,
        report.headline(chosen, outcome, spec, panel.months_covered, lang) + (f" {design_note}" if design_note else ""),
        warnings,
        max(panel.months_covered.values()),
        designs,
        cohort_effects(panel.frame, main.sunab, spec.cohorts, lang),
        main.randomisation,
        mde,
        report.mde_sentence(mde, chosen.n_treated, outcome, spec, lang),
        sensitivity,
        design_note,
        seconds,
    )


def placebo_specs(
    spec: EvaluationSpec, placebo_outcome: str | None, outcome_label: str = "", lang: str = "en"
) -> dict[str, tuple[str, EvaluationSpec | str]]:
    """Placebo key -> (label, spec to run, or the reason it cannot run), in ``lang``."""
    shifted = tuple(
        replace(c, start=from_month_index(month_index(c.start) - PLACEBO_SHIFT_MONTHS)) for c in spec.cohorts
    )
    plans: dict[str, tuple[str, EvaluationSpec | str]] = {
        "placebo_start": (
            tr(lang, "Placebo: start {months} months earlier", months=PLACEBO_SHIFT_MONTHS),
            replace(spec, cohorts=shifted, post_months=min(spec.post_months, PLACEBO_SHIFT_MONTHS)),
        )
    }
    if placebo_outcome:
        plans["placebo_outcome"] = (
            tr(lang, "Placebo: {outcome} (not targeted)", outcome=outcome_label or placebo_outcome),
            replace(spec, outcome=placebo_outcome)
            if placebo_outcome != spec.outcome
            else tr(lang, "the placebo outcome is the outcome itself; choose one the pilot did not target"),
        )
    return plans


def run_placebos(
    con: duckdb.DuckDBPyConnection,
    spec: EvaluationSpec,
    placebo_outcome: str | None,
    progress: Progress | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Design-table rows for the placebo checks on the headline design.

    - start 12 months earlier: each cohort's start moved back 12 months and the
      window cut to at most 12 months from it, so it ends before the real start;
      an estimate far from zero means the design finds 'effects' where there were none;
    - an outcome the pilot did not target: the same design on that outcome.
    A placebo that cannot run gets a row saying why.
    """
    report_progress = progress or (lambda fraction, message: None)
    label = describe_outcome(queries.catalogue(con), placebo_outcome, lang).short_label if placebo_outcome else ""
    plans = placebo_specs(spec, placebo_outcome, label, lang)
    tables = []
    for index, (key, (label, plan)) in enumerate(plans.items()):
        share = (index / len(plans), (index + 1) / len(plans))
        if isinstance(plan, str):
            tables.append(_failed_row(key, label, tr(lang, "not run: {reason}", reason=plan)))
            continue
        try:
            tables.append(design_rows(estimate_design(con, plan, report_progress, share, lang), key, label, lang))
        except ValueError as reason:
            tables.append(_failed_row(key, label, tr(lang, "not estimable: {reason}", reason=reason)))
    report_progress(1.0, tr(lang, "Done"))
    return pd.concat(tables, ignore_index=True)


def trend_tables(panel: Panel, lang: str = "en") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Average outcome by month for each pilot cohort and the (weighted) comparison (named in ``lang``), and
    their differences.

    With matching, each cohort's difference is taken against its own matched blocks.
    """
    frame = panel.frame.assign(weighted=panel.frame.y * panel.frame.weight)
    names = {c.cohort_id: c.name for c in panel.cohorts} | {"": tr(lang, "Comparison")}
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


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records"))


def result_record(result: EvaluationResult, placebos: pd.DataFrame | None = None) -> dict:
    """Everything the CLI's ``--json`` prints (NaN as null)."""
    test = result.randomisation
    sensitivity = result.sensitivity
    return {
        "headline": result.headline,
        "minimum_detectable_effect": result.mde,
        "minimum_detectable_effect_sentence": result.mde_sentence,
        "warnings": result.warnings,
        "outcome": result.outcome.outcome,
        "cohorts": [c.cohort_id for c in result.spec.cohorts],
        "comparison": result.spec.comparison,
        "headline_estimator": result.spec.estimator,
        "post_months": result.post_months,
        "estimates": _records(result.estimates),
        "designs": _records(result.designs),
        "design_agreement": result.design_note,
        "cohort_effects": _records(result.effects),
        "randomisation": {
            "statistic": test.statistic,
            "p_value": test.p_value,
            "draws": test.draws,
            "exact": test.exact,
        },
        "sensitivity": {
            "estimate": sensitivity.estimate,
            "std_error": sensitivity.std_error,
            "largest_pre_start_difference": sensitivity.pre_difference,
            "breakdown_multiplier": None if not np.isfinite(sensitivity.breakdown) else sensitivity.breakdown,
            "bounds": _records(sensitivity.bounds),
            "sentence": sensitivity.sentence(result.outcome.unit_word or "units"),
        },
        "placebos": None if placebos is None else _records(placebos),
    }
