"""Pilot evaluation: did pilot blocks improve more than comparable non-pilot blocks?"""

from __future__ import annotations

import streamlit as st

from lib import ui
from lib.evaluation import charts as evaluation_charts
from lib.evaluation.outcomes import default_outcome, outcome_options
from lib.evaluation.panel import EXCLUSION_REASONS
from lib.plaintext import md
from lib.ui import evaluation as widgets
from lib.ui import evaluation_results as results

ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
blocks = ui.block_units(key)
lang = ui.language()
t = ui.translator()

st.title(t("Pilot evaluation"))
ui.demo_badge(facts, lang)
st.caption(
    t(
        "Pilot blocks were not chosen at random, so comparing their averages with other blocks misleads. "
        "This page compares how much each group *changed* (difference-in-differences), lets you match pilot "
        "blocks to similar non-pilot blocks, and shows the uncertainty. The README explains each method."
    )
)

st.subheader(t("1. Pilot cohorts"))
available = ui.database_cohorts(key)
source = widgets.cohort_source(available)
if source == "database" and available:
    cohorts = widgets.cohorts_from_database(available)
elif source == "database":
    st.info(t("The database has no pilot cohorts. Upload a cohort list or pick blocks."))
    cohorts = ()
elif source == "upload":
    cohorts = widgets.cohorts_from_upload(blocks)
else:
    cohorts = widgets.cohort_from_picked_blocks(blocks, ui.periods(key))

st.subheader(t("2. Outcome, comparison and window"))
catalogue = ui.catalogue(key)
outcomes = outcome_options(catalogue, lang)
choices = widgets.analysis_choices(outcomes, default_outcome(catalogue))
if not cohorts:
    st.info(t("Choose at least one pilot cohort to see the evaluation."))
    st.stop()

try:
    result = widgets.run_evaluation(widgets.build_spec(cohorts, choices))
except ValueError as error:
    st.error(t("This evaluation cannot be run: {error}", error=md(error)))
    st.stop()

st.subheader(t("3. Result"))
results.headline(result)
stem = f"evaluation_{'_'.join(c.cohort_id for c in cohorts)}_{choices[widgets.EvalKeys.OUTCOME].replace(':', '_')}"
results.design_comparison(result, outcomes, stem)
results.cohort_effects(result, stem)

# Result views in tabs that run only when opened (the open one is in the URL, in the page's language).
trends_tab, event_tab, sensitivity_tab, balance_tab, panel_tab = st.tabs(
    [t(view) for view in ui.EvalKeys.VIEWS], key=ui.EvalKeys.VIEW, on_change="rerun", bind="query-params"
)
with trends_tab:
    if trends_tab.open:
        ui.chart_with_downloads(
            evaluation_charts.trends_chart(result.trends, cohorts, result.outcome.short_label, lang),
            result.trends,
            f"{stem}_trends",
        )
        ui.chart_with_downloads(
            evaluation_charts.difference_chart(result.differences, cohorts, result.outcome.short_label, lang),
            result.differences,
            f"{stem}_difference",
        )
with event_tab:
    if event_tab.open:
        st.caption(
            t(
                "Each point is the difference between pilot and comparison blocks in that month relative to the "
                "month before the start, with a 95% interval. Before the start (left of the dashed line) the points "
                "should hover around zero; after it, they trace the effect as it builds up. A dotted line marks "
                "where a cohort's data end: later months come from the other cohorts only."
            )
        )
        ui.chart_with_downloads(
            evaluation_charts.event_study_chart(
                result.event_study, result.outcome.short_label, result.panel.months_covered, cohorts, lang
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
            st.info(t("Balance is shown for the matched comparison. Choose 'Matched' under comparison blocks."))
        else:
            st.caption(
                t(
                    "Standardised mean differences between pilot and comparison blocks before the start, on every "
                    "matching variable, before and after matching. Within ±0.1 is close balance; beyond ±0.25 is "
                    "warned about above the result (Stuart 2010)."
                )
            )
            ui.chart_with_downloads(
                evaluation_charts.love_plot(result.panel.balance, result.outcome.short_label, lang),
                result.panel.balance,
                f"{stem}_balance",
            )
with panel_tab:
    if panel_tab.open:
        st.caption(
            t(
                "{count} block-months: pilot blocks within their window, comparison blocks over every month of the "
                "windows, with weights (matching weights for matched comparison blocks). The first 500 are shown; "
                "the download has them all, with the columns named as in the code.",
                count=f"{len(result.panel.frame):,}",
            )
        )
        st.dataframe(result.panel.frame.head(500), hide_index=True)
        ui.download_table(result.panel.frame, f"{stem}_panel.csv", t("Download the panel (CSV)"))
        if len(result.panel.excluded):
            st.write(t("{count} pilot block(s) left out:", count=len(result.panel.excluded)))
            reasons = {reason: t(reason) for reason in EXCLUSION_REASONS}
            left_out = result.panel.excluded.assign(reason=result.panel.excluded.reason.map(reasons))
            st.dataframe(
                left_out,
                hide_index=True,
                column_config={"unit_id": t("Block code"), "cohort_id": t("Cohort code"), "reason": t("Reason")},
            )
