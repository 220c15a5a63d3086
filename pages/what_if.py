"""What-if: how much does the ranking depend on method and weights?"""

from __future__ import annotations

import html

import streamlit as st

from lib import charts, scenario, ui
from lib.exports import readable_table
from lib.periods import label
from lib.plaintext import md
from lib.scoring import service
from lib.scoring.params import (
    ADP_WEIGHTS,
    AGGREGATIONS,
    EQUAL_WEIGHTS,
    GROUP_LABELS,
    GROUPS,
    METHODS,
    share_labels,
)

METHOD_LABELS = {
    "balanced": "Balanced (NITI, geometric)",
    "frontier": "Distance to frontier (ADP)",
    "zscore": "Z-score",
    "percentile": "Percentile rank",
}
K = ui.WhatIfKeys
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
catalogue = ui.catalogue(key)
indicator_ids = catalogue.indicator_id.tolist()
period = filters["period"]

st.title("What-if: weights and methods")
ui.demo_badge(facts)
st.caption(
    f"Period {label(period)} · compared with the official default (balanced method, equal theme weights) "
    "in the same scope. Every choice is kept in the page address: copy it to share the scenario."
)
ui.init_scenario_from_url(period, indicator_ids)


def apply_preset(weights: dict) -> None:
    for group, weight in weights.items():
        st.session_state[K.theme_weight(group)] = float(weight)


def computed_or_stop(compute, what: str, advice: str):
    """``compute()``; a ValueError from lib (an impossible combination, a scope or a period with no
    blocks to rank) is said in plain words and the page stops there, never a traceback."""
    try:
        return compute()
    except ValueError as error:
        st.error(f"{what} cannot be computed: {md(error)}. {advice}")
        st.stop()


aggregation_options = [ui.METHOD_DEFAULT, *AGGREGATIONS]
scope_options = scenario.scope_options(ui.cohort_names(key), filters["state"], filters["state_name"])
scope, scope_problem = scenario.available_scope(st.session_state[K.SCOPE], scope_options)
if scope_problem:  # a link's cohort this database lacks, or a state no longer chosen in the sidebar
    st.warning(md(scope_problem))
    st.session_state[K.SCOPE] = scope
baseline_options = [ui.ALL, *[label(p) for p in ui.periods(key) if p < period][::-1]]
if st.session_state[K.BASELINE] not in baseline_options:
    st.session_state[K.BASELINE] = ui.ALL

method_col, inner_col, outer_col, scope_col, baseline_col = st.columns(5)
method_col.selectbox("Method", METHODS, key=K.METHOD, format_func=METHOD_LABELS.get)
inner_col.selectbox("Within themes", aggregation_options, key=K.INDICATOR_AGGREGATION)
outer_col.selectbox("Across themes", aggregation_options, key=K.THEME_AGGREGATION)
scope_col.selectbox("Rank among", list(scope_options), key=K.SCOPE, format_func=scope_options.get)
baseline_col.selectbox(
    "Baseline (delta ranking)", baseline_options, key=K.BASELINE, format_func=lambda b: "None" if b == ui.ALL else b
)

st.subheader("Theme weights")
presets = ui.wrapping_row()
presets.button("Equal weights", on_click=apply_preset, args=(EQUAL_WEIGHTS,), key=K.PRESET_EQUAL)
presets.button("ADP weights", on_click=apply_preset, args=(ADP_WEIGHTS,), key=K.PRESET_ADP)
weights_now = {g: st.session_state[K.theme_weight(g)] for g in GROUPS}
shares = share_labels(weights_now)
for column, group in zip(st.columns(len(GROUPS)), GROUPS, strict=True):
    column.slider(GROUP_LABELS[group], 0.0, scenario.THEME_WEIGHT_MAX, step=1.0, key=K.theme_weight(group))
    column.caption(f"**{shares[group]}** of the composite")

st.markdown("**Indicators** (include, and weight within their theme)")
st.slider(
    "Leave a block unranked when more than this % of included indicators are missing",
    0,
    int(scenario.MAX_MISSING_PERCENT),
    key=K.MAX_MISSING,
)
for group in GROUPS:
    with st.expander(GROUP_LABELS[group]):
        for spec in catalogue[catalogue.score_group == group].itertuples():
            include_col, weight_col, name_col = st.columns([1, 2, 7])
            include_col.checkbox("Include", key=K.include(spec.indicator_id), label_visibility="collapsed")
            weight_col.number_input(
                "Weight",
                *scenario.INDICATOR_WEIGHT_RANGE,
                step=0.5,
                key=K.indicator_weight(spec.indicator_id),
                label_visibility="collapsed",
                disabled=not st.session_state[K.include(spec.indicator_id)],
            )
            name_col.markdown(
                f"{md(html.escape(spec.short_name))} <small>({html.escape(spec.direction)} is better, "
                f"{html.escape(spec.periodicity)})</small>",
                unsafe_allow_html=True,
            )

change_it = "Change it above, or open the page without the link's settings."
params = computed_or_stop(lambda: ui.scenario_from_widgets(period, indicator_ids), "This combination", change_it)
default_table = computed_or_stop(
    lambda: ui.ranking_table(key, scenario.comparable_default(params)), "The official default ranking", change_it
)
scenario_table = computed_or_stop(lambda: ui.ranking_table(key, params), "This scenario's ranking", change_it)
ui.write_scenario_to_url(params)
comparison = scenario.compare(default_table, scenario_table)
if params.baseline:
    comparison = comparison.merge(scenario_table[["unit_id", "delta", "delta_rank"]], on="unit_id", how="left")

st.subheader("Result")
st.info(md(scenario.summary_sentence(comparison)))
st.caption(params.describe())
empty_themes = service.themes_without_indicators(ui.catalogue(key))
if empty_themes:
    st.caption(
        "No indicators in "
        + ", ".join(GROUP_LABELS[g] for g in empty_themes)
        + ": their weight is shared among the other themes."
    )
unit_header = ui.unit_words(facts)["level"].title()
rank_columns = {
    "rank_scenario": "Scenario rank",
    "movement": "Change vs default",
    "unit_name": unit_header,
    "district": "District",
    "state": "State / UT",
    "rank_default": "Default rank",
    "composite_scenario": st.column_config.NumberColumn("Scenario score", format="%.1f"),
    "composite_default": st.column_config.NumberColumn("Default score", format="%.1f"),
}
if params.baseline:
    rank_columns |= {
        "delta": st.column_config.NumberColumn(f"Change since {label(params.baseline)}", format="%+.1f"),
        "delta_rank": "Delta rank",
    }
st.dataframe(comparison[list(rank_columns)], hide_index=True, column_config=rank_columns, height=420)
st.caption(
    "Scores are shown to one decimal: two blocks with the same shown score are ranked by the unrounded "
    "score. The CSV has two decimals and the change in rank as a signed number (+ = moved up)."
)
rank_export = scenario.ranks_export_columns(unit_header, params.baseline)
ui.download_table(readable_table(comparison, rank_export), f"whatif_ranks_{label(period)}.csv", "Download ranks (CSV)")

movers = scenario.biggest_movers(comparison)
if movers.empty or (movers["shift"] == 0).all():
    st.info("No block changes rank under this scenario.")
else:
    ui.chart_with_downloads(
        charts.movers_chart(movers), readable_table(movers, rank_export), f"whatif_movers_{label(period)}"
    )

st.subheader("How certain are these ranks?")
with st.form(K.UNCERTAINTY_FORM):
    spread_col, draws_col = st.columns(2)
    spread = spread_col.slider("Perturb every weight by up to ±%", 5, 50, 25, step=5)
    draws = draws_col.select_slider("Draws", [200, 500, 1000, 2000], value=1000)
    with_methods = st.checkbox("Also vary the method and aggregation")
    run = st.form_submit_button("Run Monte Carlo")
if run:
    st.session_state[K.MONTE_CARLO] = (
        params,
        computed_or_stop(
            lambda: ui.run_monte_carlo(key, params, draws, spread / 100, with_methods),
            "The Monte Carlo",
            "Change the scenario above, or run it without varying the method.",
        ),
        spread,
        draws,
        with_methods,
    )
if st.session_state.get(K.MONTE_CARLO) and st.session_state[K.MONTE_CARLO][0] == params:
    _, intervals, spread, draws, with_methods = st.session_state[K.MONTE_CARLO]
    shown_intervals = ui.filter_blocks(intervals.merge(scenario_table[["unit_id", "district_id", "state_id"]]), filters)
    top = shown_intervals.head(40)
    indistinct = int((~top.distinct_from_next).sum())
    st.markdown(
        f"{draws} draws, weights ±{spread}%{' and method choices' if with_methods else ''}. "
        f"Among the {len(top)} best-ranked blocks shown, **{indistinct}** cannot be told apart from the "
        "block ranked just below them (ranked above it in fewer than 95% of draws)."
    )
    interval_export = scenario.uncertainty_export_columns(unit_header)
    ui.chart_with_downloads(
        charts.uncertainty_chart(top), readable_table(top, interval_export), f"whatif_uncertainty_{label(period)}"
    )
    ui.download_table(
        readable_table(shown_intervals, interval_export),
        f"whatif_uncertainty_all_{label(period)}.csv",
        f"Download intervals for all {len(shown_intervals)} blocks (CSV)",
    )
else:
    st.caption("Run the Monte Carlo to see each block's median rank with its 5th-95th percentile interval.")

st.subheader("Compare two scenarios")
saved = st.session_state.setdefault(K.SCENARIOS, {})
name = st.text_input("Scenario name", value="My scenario", key=K.SCENARIO_NAME)
save_row = ui.wrapping_row()
for slot in ("A", "B"):
    if save_row.button(f"Save as {slot}", key=K.save(slot)):
        saved[slot] = (name, params)
if len(saved) < 2:
    st.caption("Save the current settings as scenario A, change them, and save again as B to compare side by side.")
else:
    params_a, params_b = saved["A"][1], saved["B"][1]
    side_a, side_b = st.columns(2)
    for column, slot, (scenario_name, scenario_params) in ((side_a, "A", saved["A"]), (side_b, "B", saved["B"])):
        column.markdown(f"**{slot}: {scenario_name}**  \n{scenario_params.describe()}")
        column.code("?" + "&".join(f"{k}={v}" for k, v in scenario.encode(scenario_params).items()), language=None)
    a_vs_b = computed_or_stop(
        lambda: scenario.compare(ui.ranking_table(key, params_a), ui.ranking_table(key, params_b)),
        "The comparison of A and B",
        "Save A and B again with settings that can be ranked for this period.",
    )
    st.info("From A to B: " + md(scenario.summary_sentence(a_vs_b)))
    both_columns = {
        "rank_default": "Rank A",
        "rank_scenario": "Rank B",
        "movement": "Change from A to B",
        "unit_name": unit_header,
        "district": "District",
        "state": "State / UT",
        "composite_default": st.column_config.NumberColumn("Score A", format="%.1f"),
        "composite_scenario": st.column_config.NumberColumn("Score B", format="%.1f"),
    }
    st.dataframe(a_vs_b[list(both_columns)], hide_index=True, column_config=both_columns, height=320)
    ui.download_table(
        readable_table(a_vs_b, scenario.a_vs_b_export_columns(unit_header)),
        "whatif_scenarios_a_b.csv",
        "Download A vs B (CSV)",
    )
