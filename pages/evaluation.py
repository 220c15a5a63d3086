"""Pilot evaluation: did pilot blocks improve more than comparable non-pilot blocks?"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import ui
from lib.evaluation import charts as evaluation_charts
from lib.evaluation.inference import FEW_PILOTS
from lib.evaluation.outcomes import default_outcome, outcome_options
from lib.evaluation.report import signed
from lib.evaluation.spec import SHORT_NAMES
from lib.plaintext import md
from lib.ui import evaluation as widgets

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

ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
blocks = ui.block_units(key)

st.title("Pilot evaluation")
ui.demo_badge(facts)
st.caption(
    "Pilot blocks were not chosen at random, so comparing their averages with other blocks misleads. "
    "This page compares how much each group *changed* (difference-in-differences), lets you match pilot "
    "blocks to similar non-pilot blocks, and shows the uncertainty. The README explains each method."
)

st.subheader("1. Pilot cohorts")
available = ui.database_cohorts(key)
source = widgets.cohort_source(available)
if source == "database" and available:
    cohorts = widgets.cohorts_from_database(available)
elif source == "database":
    st.info("The database has no pilot cohorts. Upload a cohort list or pick blocks.")
    cohorts = ()
elif source == "upload":
    cohorts = widgets.cohorts_from_upload(blocks)
else:
    cohorts = widgets.cohort_from_picked_blocks(blocks, ui.periods(key))

st.subheader("2. Outcome, comparison and window")
catalogue = ui.catalogue(key)
choices = widgets.analysis_choices(outcome_options(catalogue), default_outcome(catalogue))
if not cohorts:
    st.info("Choose at least one pilot cohort to see the evaluation.")
    st.stop()

try:
    result = widgets.run_evaluation(widgets.build_spec(cohorts, choices))
except ValueError as error:
    st.error(f"This evaluation cannot be run: {md(error)}")
    st.stop()

st.subheader("3. Result")
headline = result.headline_estimate
st.caption(md(result.mde_sentence))
st.info(md(result.headline), icon=":material/insights:")
for note in result.warnings:
    st.warning(md(note), icon=":material/warning:")
figures = ui.FigureRow()
figures.metric("Estimated effect", signed(headline.estimate), help=headline.label)
figures.metric("95% interval", f"{signed(headline.ci_low)} to {signed(headline.ci_high)}")
figures.metric("Pilot / comparison blocks", f"{headline.n_treated} / {headline.n_comparison}")
pretrend = headline.pretrend_p
figures.metric(
    "Pre-trend test p",
    "–" if pd.isna(pretrend) else f"{pretrend:.2f}",
    help="Joint test that pilot and comparison blocks moved alike before the start. Small values "
    "(below 0.05) mean they did not, and the estimate is less credible.",
)
if headline.n_treated < FEW_PILOTS:
    figures.metric(
        "Randomisation p",
        f"{result.randomisation.p_value:.3f}",
        help="Share of random re-assignments of the pilot label among comparable blocks that give a difference "
        f"at least as large ({result.randomisation.draws:,} re-assignments). Does not rely on many pilot blocks.",
    )
stem = f"evaluation_{'_'.join(c.cohort_id for c in cohorts)}_{choices[widgets.EvalKeys.OUTCOME].replace(':', '_')}"

st.markdown("**Design comparison**: every comparison design with every estimator")
placebos = widgets.placebo_checks(result.spec, outcome_options(catalogue))
table = result.designs if placebos is None else pd.concat([result.designs, placebos], ignore_index=True)
st.dataframe(
    table.assign(label=table.estimator.map(SHORT_NAMES).fillna(""))
    .drop(columns=["design", "estimator"])
    .rename(columns=DESIGN_HEADERS),
    hide_index=True,
    column_config={
        c: st.column_config.NumberColumn(format="%.3f")
        for c in ("estimate", "std. error", "95% CI low", "95% CI high", "p (t)", "randomisation p", "pre-trend p")
    },
)
st.caption(
    "p (t) uses the t distribution with pilot blocks - 1 degrees of freedom. The randomisation p-value re-assigns "
    "the pilot label among each design's comparable blocks (the same for every estimator of a design). The naive "
    "rows only compare averages after the start: they mix the pilot's effect with the differences that got blocks "
    "chosen as pilots. Placebo rows should be near zero; one far from zero means the design finds effects where "
    "there were none."
)
ui.chart_with_downloads(evaluation_charts.design_chart(table, result.outcome.short_label), table, f"{stem}_designs")

st.markdown("**Effects by cohort and by month** (interaction-weighted estimator)")
st.dataframe(
    result.effects.drop(columns=["cohort_id"]).rename(columns=EFFECT_HEADERS),
    hide_index=True,
    column_config={
        c: st.column_config.NumberColumn(format="%.3f")
        for c in ("estimate", "std. error", "95% CI low", "95% CI high", "p")
    },
)
st.caption(
    "Month 1 is the start month (months since the start: 0). A cohort's average is over its own months; "
    "the pooled row weights cohorts by their pilot block-months."
)
ui.download_table(result.effects, f"{stem}_effects.csv", "Download the effects by cohort and month (CSV)")

# Result views in tabs that run only when opened (the open one is in the URL).
trends_tab, event_tab, sensitivity_tab, balance_tab, panel_tab = st.tabs(
    list(ui.EvalKeys.VIEWS), key=ui.EvalKeys.VIEW, on_change="rerun", bind="query-params"
)
with trends_tab:
    if trends_tab.open:
        ui.chart_with_downloads(
            evaluation_charts.trends_chart(result.trends, cohorts, result.outcome.short_label),
            result.trends,
            f"{stem}_trends",
        )
        ui.chart_with_downloads(
            evaluation_charts.difference_chart(result.differences, cohorts, result.outcome.short_label),
            result.differences,
            f"{stem}_difference",
        )
with event_tab:
    if event_tab.open:
        st.caption(
            "Each point is the difference between pilot and comparison blocks in that month relative to the month "
            "before the start, with a 95% interval. Before the start (left of the dashed line) the points should "
            "hover around zero; after it, they trace the effect as it builds up. A dotted line marks where a "
            "cohort's data end: later months come from the other cohorts only."
        )
        ui.chart_with_downloads(
            evaluation_charts.event_study_chart(
                result.event_study, result.outcome.short_label, result.panel.months_covered, cohorts
            ),
            result.event_study,
            f"{stem}_event_study",
        )
with sensitivity_tab:
    if sensitivity_tab.open:
        sensitivity = result.sensitivity
        st.write(md(sensitivity.sentence(result.outcome.unit_word or "units")))
        st.caption(
            "Bounds on the event study's average effect after the start "
            f"({signed(sensitivity.estimate)}) if the pilot and comparison trends drifted apart after the start by up "
            "to M times the largest pre-start difference (the relative-magnitudes idea of Rambachan & Roth, 2023, "
            "in the simplified form the README describes). M = 0 is exact parallel trends."
        )
        bounds = sensitivity.bounds.rename(
            columns={"multiplier": "M", "low": "95% bound low", "high": "95% bound high"}
        )
        st.dataframe(bounds, hide_index=True, column_config={"M": st.column_config.NumberColumn(format="%.1f")})
        ui.download_table(bounds, f"{stem}_sensitivity.csv", "Download the bounds (CSV)")
with balance_tab:
    if balance_tab.open:
        if result.panel.balance is None:
            st.info("Balance is shown for the matched comparison. Choose 'Matched' under comparison blocks.")
        else:
            st.caption(
                "Standardised mean differences between pilot and comparison blocks before the start, on every "
                "matching variable, before and after matching. Within ±0.1 is close balance; beyond ±0.25 is "
                "warned about above the result (Stuart 2010)."
            )
            ui.chart_with_downloads(
                evaluation_charts.love_plot(result.panel.balance, result.outcome.short_label),
                result.panel.balance,
                f"{stem}_balance",
            )
with panel_tab:
    if panel_tab.open:
        st.caption(
            f"{len(result.panel.frame):,} block-months: pilot blocks within their window, comparison blocks "
            "over every month of the windows, with weights (matching weights for matched comparison blocks)."
        )
        st.dataframe(result.panel.frame.head(500), hide_index=True)
        ui.download_table(result.panel.frame, f"{stem}_panel.csv", "Download the panel (CSV)")
        if len(result.panel.excluded):
            st.write(f"{len(result.panel.excluded)} pilot block(s) left out:")
            st.dataframe(result.panel.excluded, hide_index=True)
