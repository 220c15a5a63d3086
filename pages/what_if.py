"""What-if: how much does the ranking depend on method and weights?"""

from __future__ import annotations

import html

import streamlit as st

from lib import charts, scenario, ui
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
    whole_percentages,
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


aggregation_options = [ui.METHOD_DEFAULT, *AGGREGATIONS]
scope_options = {
    "aspirational": "All aspirational blocks",
    "all": "All blocks with data",
    "cohort=jica_phase_1": "JICA pilot Phase I",
    "cohort=jica_phase_2": "JICA pilot Phase II",
}
if filters["state"]:
    scope_options[f"state={filters['state']}"] = f"Aspirational blocks in {filters['state_name']}"
if st.session_state[K.SCOPE] not in scope_options:
    scope_options[st.session_state[K.SCOPE]] = st.session_state[K.SCOPE]
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
preset_equal, preset_adp, _ = st.columns([1, 1, 4])
preset_equal.button("Equal weights", on_click=apply_preset, args=(EQUAL_WEIGHTS,), key=K.PRESET_EQUAL)
preset_adp.button("ADP weights", on_click=apply_preset, args=(ADP_WEIGHTS,), key=K.PRESET_ADP)
weights_now = {g: st.session_state[K.theme_weight(g)] for g in GROUPS}
percentages = whole_percentages(weights_now) if any(weights_now.values()) else dict.fromkeys(GROUPS, 0)
for column, group in zip(st.columns(len(GROUPS)), GROUPS, strict=True):
    column.slider(GROUP_LABELS[group], 0.0, scenario.THEME_WEIGHT_MAX, step=1.0, key=K.theme_weight(group))
    column.caption(f"**{percentages[group]}%** of the composite")

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

try:  # impossible combinations, and scopes from a link that select no block, are explained, not raised
    params = ui.scenario_from_widgets(period, indicator_ids)
    default_table = ui.ranking_table(key, scenario.comparable_default(params))
    scenario_table = ui.ranking_table(key, params)
except ValueError as error:
    st.error(
        f"This combination cannot be computed: {md(error)}. Change it above, or open the page without the "
        "link's settings."
    )
    st.stop()
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
rank_columns = {
    "rank_scenario": "Scenario rank",
    "movement": "Change vs default",
    "unit_name": ui.unit_words(facts)["unit"].title(),
    "district": "District",
    "state": "State / UT",
    "rank_default": "Default rank",
    "composite_scenario": st.column_config.NumberColumn("Scenario score", format="%.2f"),
    "composite_default": st.column_config.NumberColumn("Default score", format="%.2f"),
}
if params.baseline:
    rank_columns |= {
        "delta": st.column_config.NumberColumn(f"Change since {label(params.baseline)}", format="%+.2f"),
        "delta_rank": "Delta rank",
    }
shown = comparison[list(rank_columns)]
st.dataframe(shown, hide_index=True, column_config=rank_columns, height=420)
ui.download_table(shown, f"whatif_ranks_{label(period)}.csv", "Download ranks (CSV)")

movers = scenario.biggest_movers(comparison)
if movers.empty or (movers["shift"] == 0).all():
    st.info("No block changes rank under this scenario.")
else:
    ui.chart_with_downloads(charts.movers_chart(movers), movers, f"whatif_movers_{label(period)}")

st.subheader("How certain are these ranks?")
with st.form(K.UNCERTAINTY_FORM):
    spread_col, draws_col, method_col = st.columns(3)
    spread = spread_col.slider("Perturb every weight by up to ±%", 5, 50, 25, step=5)
    draws = draws_col.select_slider("Draws", [200, 500, 1000, 2000], value=1000)
    with_methods = method_col.checkbox("Also vary the method and aggregation")
    run = st.form_submit_button("Run Monte Carlo")
if run:
    st.session_state[K.MONTE_CARLO] = (
        params,
        ui.run_monte_carlo(key, params, draws, spread / 100, with_methods),
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
    ui.chart_with_downloads(charts.uncertainty_chart(top), top, f"whatif_uncertainty_{label(period)}")
    ui.download_table(
        shown_intervals,
        f"whatif_uncertainty_all_{label(period)}.csv",
        f"Download intervals for all {len(shown_intervals)} blocks (CSV)",
    )
else:
    st.caption("Run the Monte Carlo to see each block's median rank with its 5th-95th percentile interval.")

st.subheader("Compare two scenarios")
saved = st.session_state.setdefault(K.SCENARIOS, {})
name_col, a_col, b_col = st.columns([3, 1, 1])
name = name_col.text_input("Scenario name", value="My scenario", key=K.SCENARIO_NAME)
for column, slot in ((a_col, "A"), (b_col, "B")):
    if column.button(f"Save as {slot}", key=K.save(slot)):
        saved[slot] = (name, params)
if len(saved) < 2:
    st.caption("Save the current settings as scenario A, change them, and save again as B to compare side by side.")
else:
    (name_a, params_a), (name_b, params_b) = saved["A"], saved["B"]
    side_a, side_b = st.columns(2)
    for column, slot, (scenario_name, scenario_params) in ((side_a, "A", saved["A"]), (side_b, "B", saved["B"])):
        column.markdown(f"**{slot}: {scenario_name}**  \n{scenario_params.describe()}")
        column.code("?" + "&".join(f"{k}={v}" for k, v in scenario.encode(scenario_params).items()), language=None)
    a_vs_b = scenario.compare(ui.ranking_table(key, params_a), ui.ranking_table(key, params_b))
    st.info("From A to B: " + md(scenario.summary_sentence(a_vs_b)))
    both = a_vs_b.rename(
        columns={
            "rank_default": f"Rank in A ({name_a})",
            "rank_scenario": f"Rank in B ({name_b})",
            "movement": "B vs A",
        }
    )
    both_columns = [f"Rank in A ({name_a})", f"Rank in B ({name_b})", "B vs A", "unit_name", "district", "state"]
    st.dataframe(both[both_columns], hide_index=True, height=320)
    ui.download_table(both[both_columns], "whatif_scenarios_a_b.csv", "Download A vs B (CSV)")
