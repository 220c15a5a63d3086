"""The pilot evaluation's result: headline figures, design comparison, effects per cohort, sensitivity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.evaluation import charts as evaluation_charts
from lib.evaluation.inference import FEW_PILOTS
from lib.evaluation.service import EvaluationResult
from lib.evaluation.spec import SHORT_NAMES
from lib.exports import signed
from lib.plaintext import md
from lib.ui.components import FigureRow, chart_with_downloads, download_table
from lib.ui.evaluation import placebo_checks

DESIGN_HEADERS = {
    "design_label": "design",
    "label": "method",
    "std_error": "std. error",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "p_value": "p (t)",
    "randomisation_p": "randomisation p",
    "n_treated": "pilot blocks",
    "n_comparison": "comparison blocks",
    "n_obs": "block-months",
    "pretrend_p": "pre-trend p",
}
EFFECT_HEADERS = {
    "months_since_start": "months since start",
    "std_error": "std. error",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "p_value": "p",
    "pilot_blocks": "pilot blocks",
}
NUMBERS = ("estimate", "std. error", "95% CI low", "95% CI high", "p", "p (t)", "randomisation p", "pre-trend p")


def _numbers(frame: pd.DataFrame) -> dict:
    return {c: st.column_config.NumberColumn(format="%.3f") for c in NUMBERS if c in frame}


def headline(result: EvaluationResult) -> None:
    """The minimum detectable effect, the sentence, the warnings and the headline figures."""
    estimate = result.headline_estimate
    st.caption(md(result.mde_sentence))
    st.info(md(result.headline), icon=":material/insights:")
    for note in result.warnings:
        st.warning(md(note), icon=":material/warning:")
    figures = FigureRow()
    figures.metric("Estimated effect", signed(estimate.estimate), help=estimate.label)
    figures.metric("95% interval", f"{signed(estimate.ci_low)} to {signed(estimate.ci_high)}")
    figures.metric("Pilot / comparison blocks", f"{estimate.n_treated} / {estimate.n_comparison}")
    pretrend = estimate.pretrend_p
    figures.metric(
        "Pre-trend test p",
        "–" if pd.isna(pretrend) else f"{pretrend:.2f}",
        help="Joint test that pilot and comparison blocks moved alike before the start. Small values "
        "(below 0.05) mean they did not, and the estimate is less credible.",
    )
    if estimate.n_treated < FEW_PILOTS:
        figures.metric(
            "Randomisation p",
            f"{result.randomisation.p_value:.3f}",
            help="Share of random re-assignments of the pilot label among comparable blocks that give a "
            f"difference at least as large ({result.randomisation.draws:,} re-assignments). Does not rely on "
            "many pilot blocks.",
        )


def design_comparison(result: EvaluationResult, outcome_options: dict[str, str], stem: str) -> None:
    """Every design x estimator (and the placebo rows once run), as a table and a forest plot."""
    st.markdown("**Design comparison**: every comparison design with every estimator")
    placebos = placebo_checks(result.spec, outcome_options)
    table = result.designs if placebos is None else pd.concat([result.designs, placebos], ignore_index=True)
    shown = (
        table.assign(label=table.estimator.map(SHORT_NAMES).fillna(""))
        .drop(columns=["design", "estimator"])
        .rename(columns=DESIGN_HEADERS)
    )
    st.dataframe(shown, hide_index=True, column_config=_numbers(shown))
    st.caption(
        "p (t) uses the t distribution with pilot blocks - 1 degrees of freedom. The randomisation p-value "
        "re-assigns the pilot label among each design's comparable blocks (the same for every estimator of a "
        "design). The naive rows only compare averages after the start: they mix the pilot's effect with the "
        "differences that got blocks chosen as pilots. Placebo rows should be near zero; one far from zero means "
        "the design finds effects where there were none."
    )
    chart_with_downloads(evaluation_charts.design_chart(table, result.outcome.short_label), table, f"{stem}_designs")


def cohort_effects(result: EvaluationResult, stem: str) -> None:
    st.markdown("**Effects by cohort and by month** (interaction-weighted estimator)")
    shown = result.effects.drop(columns=["cohort_id"]).rename(columns=EFFECT_HEADERS)
    st.dataframe(shown, hide_index=True, column_config=_numbers(shown))
    st.caption(
        "Month 1 is the start month (months since the start: 0). A cohort's average is over its own months; "
        "the pooled row weights cohorts by their pilot block-months."
    )
    download_table(result.effects, f"{stem}_effects.csv", "Download the effects by cohort and month (CSV)")


def sensitivity(result: EvaluationResult, stem: str) -> None:
    bounds_of = result.sensitivity
    st.write(md(bounds_of.sentence(result.outcome.unit_word or "units")))
    st.caption(
        "Bounds on the event study's average effect after the start "
        f"({signed(bounds_of.estimate)}) if the pilot and comparison trends drifted apart after the start by up "
        "to M times the largest pre-start difference (the relative-magnitudes idea of Rambachan & Roth, 2023, "
        "in the simplified form the README describes). M = 0 is exact parallel trends."
    )
    bounds = bounds_of.bounds.rename(columns={"multiplier": "M", "low": "95% bound low", "high": "95% bound high"})
    st.dataframe(bounds, hide_index=True, column_config={"M": st.column_config.NumberColumn(format="%.1f")})
    download_table(bounds, f"{stem}_sensitivity.csv", "Download the bounds (CSV)")
