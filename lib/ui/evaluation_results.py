"""The pilot evaluation's result: headline figures, design comparison, effects per cohort, sensitivity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.evaluation import charts as evaluation_charts
from lib.evaluation.inference import FEW_PILOTS
from lib.evaluation.service import EvaluationResult
from lib.evaluation.spec import ESTIMATORS, SHORT_NAMES
from lib.exports import signed
from lib.plaintext import md
from lib.ui.components import FigureRow, chart_with_downloads, download_table, language
from lib.ui.components import interface_text as _t
from lib.ui.evaluation import placebo_checks

DESIGN_HEADERS = {
    "design_label": "design",
    "label": "method",
    "estimate": "estimate",
    "std_error": "std. error",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "p_value": "p (t)",
    "df": "degrees of freedom",
    "randomisation_p": "randomisation p",
    "pretrend_p": "pre-trend p",
    "n_treated": "pilot blocks",
    "n_comparison": "comparison blocks",
    "n_obs": "block-months",
    "note": "note",
}
EFFECT_HEADERS = {
    "cohort": "cohort",
    "effect": "effect",
    "months_since_start": "months since start",
    "estimate": "estimate",
    "std_error": "std. error",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "p_value": "p",
    "pilot_blocks": "pilot blocks",
    "df": "degrees of freedom",
}
NUMBERS = ("estimate", "std_error", "ci_low", "ci_high", "p_value", "randomisation_p", "pretrend_p")


def _shown(frame: pd.DataFrame, headers: dict) -> tuple[pd.DataFrame, dict]:
    """``frame`` with its columns named for people in the interface's language, and the number columns'
    format (three decimals)."""
    names = {column: _t(header) for column, header in headers.items() if column in frame}
    formats = {names[c]: st.column_config.NumberColumn(format="%.3f") for c in NUMBERS if c in names}
    return frame.rename(columns=names), formats


def headline(result: EvaluationResult) -> None:
    """The minimum detectable effect, the sentence, the warnings and the headline figures."""
    estimate = result.headline_estimate
    st.caption(md(result.mde_sentence))
    st.info(md(result.headline), icon=":material/insights:")
    for note in result.warnings:
        st.warning(md(note), icon=":material/warning:")
    figures = FigureRow()
    method = ESTIMATORS.get(result.spec.estimator, estimate.label)
    figures.metric(_t("Estimated effect"), signed(estimate.estimate), help=_t(method))
    figures.metric(
        _t("95% interval"), _t("{low} to {high}", low=signed(estimate.ci_low), high=signed(estimate.ci_high))
    )
    figures.metric(_t("Pilot / comparison blocks"), f"{estimate.n_treated} / {estimate.n_comparison}")
    pretrend = estimate.pretrend_p
    figures.metric(
        _t("Pre-trend test p"),
        "–" if pd.isna(pretrend) else f"{pretrend:.2f}",
        help=_t(
            "Joint test that pilot and comparison blocks moved alike before the start. Small values "
            "(below 0.05) mean they did not, and the estimate is less credible."
        ),
    )
    if estimate.n_treated < FEW_PILOTS:
        figures.metric(
            _t("Randomisation p"),
            f"{result.randomisation.p_value:.3f}",
            help=_t(
                "Share of random re-assignments of the pilot label among comparable blocks that give a difference "
                "at least as large ({draws} re-assignments). Does not rely on many pilot blocks.",
                draws=f"{result.randomisation.draws:,}",
            ),
        )


def design_comparison(result: EvaluationResult, outcome_options: dict[str, str], stem: str) -> None:
    """Every design x estimator (and the placebo rows once run), as a table and a forest plot."""
    lang = language()
    st.markdown(_t("**Design comparison**: every comparison design with every estimator"))
    placebos = placebo_checks(result.spec, outcome_options)
    table = result.designs if placebos is None else pd.concat([result.designs, placebos], ignore_index=True)
    labelled = table.assign(label=table.estimator.map(lambda e: _t(SHORT_NAMES[e]) if e in SHORT_NAMES else ""))
    shown, formats = _shown(labelled.drop(columns=["design", "estimator"]), DESIGN_HEADERS)
    st.dataframe(shown, hide_index=True, column_config=formats)
    st.caption(
        _t(
            "p (t) uses the t distribution with pilot blocks - 1 degrees of freedom. The randomisation p-value "
            "re-assigns the pilot label among each design's comparable blocks (the same for every estimator of a "
            "design). The naive rows only compare averages after the start: they mix the pilot's effect with the "
            "differences that got blocks chosen as pilots. Placebo rows should be near zero; one far from zero "
            "means the design finds effects where there were none."
        )
    )
    chart_with_downloads(
        evaluation_charts.design_chart(table, result.outcome.short_label, lang), table, f"{stem}_designs"
    )


def cohort_effects(result: EvaluationResult, stem: str) -> None:
    st.markdown(_t("**Effects by cohort and by month** (interaction-weighted estimator)"))
    shown, formats = _shown(result.effects.drop(columns=["cohort_id"]), EFFECT_HEADERS)
    st.dataframe(shown, hide_index=True, column_config=formats)
    st.caption(
        _t(
            "Month 1 is the start month (months since the start: 0). A cohort's average is over its own months; "
            "the pooled row weights cohorts by their pilot block-months."
        )
    )
    download_table(result.effects, f"{stem}_effects.csv", _t("Download the effects by cohort and month (CSV)"))


def sensitivity(result: EvaluationResult, stem: str) -> None:
    bounds_of = result.sensitivity
    lang = language()
    st.write(md(bounds_of.sentence(result.outcome.unit_word or _t("units"), lang)))
    st.caption(
        _t(
            "Bounds on the event study's average effect after the start ({estimate}) if the pilot and comparison "
            "trends drifted apart after the start by up to M times the largest pre-start difference (the "
            "relative-magnitudes idea of Rambachan & Roth, 2023, in the simplified form the README describes). "
            "M = 0 is exact parallel trends.",
            estimate=signed(bounds_of.estimate),
        )
    )
    bounds = bounds_of.bounds.rename(
        columns={"multiplier": "M", "low": _t("95% bound low"), "high": _t("95% bound high")}
    )
    st.dataframe(bounds, hide_index=True, column_config={"M": st.column_config.NumberColumn(format="%.1f")})
    download_table(bounds, f"{stem}_sensitivity.csv", _t("Download the bounds (CSV)"))
