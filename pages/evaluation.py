"""Pilot evaluation: did pilot blocks improve more than comparable non-pilot blocks?"""

from __future__ import annotations

import streamlit as st

from lib import ui
from lib.evaluation import charts as evaluation_charts
from lib.evaluation.outcomes import default_outcome, outcome_options
from lib.plaintext import md
from lib.ui import evaluation as widgets
from lib.ui import evaluation_results as results

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
results.headline(result)
stem = f"evaluation_{'_'.join(c.cohort_id for c in cohorts)}_{choices[widgets.EvalKeys.OUTCOME].replace(':', '_')}"
results.design_comparison(result, outcome_options(catalogue), stem)
results.cohort_effects(result, stem)

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
        results.sensitivity(result, stem)
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
