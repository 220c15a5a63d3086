"""What-if: how much does the ranking depend on method and weights?"""

from __future__ import annotations

import html

import streamlit as st

from lib import charts, scenario, ui
from lib.exports import readable_table
from lib.i18n import indicator_names
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

K = ui.WhatIfKeys
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
catalogue = ui.catalogue(key)
indicator_ids = catalogue.indicator_id.tolist()
period = filters["period"]
lang = ui.language()
t = ui.translator()
words = ui.unit_words(facts)

st.title(t("What-if: weights and methods"))
ui.demo_badge(facts, lang)
st.caption(
    t(
        "Period {period} · compared with the official default (balanced method, equal theme weights) in the "
        "same scope. Every choice is kept in the page address: copy it to share the scenario.",
        period=label(period),
    )
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
        st.error(t("{what} cannot be computed: {error}. {advice}", what=what, error=md(error), advice=advice))
        st.stop()


aggregation_options = [ui.METHOD_DEFAULT, *AGGREGATIONS]
scope_options = scenario.scope_options(ui.cohort_names(key), filters["state"], filters["state_name"], lang)
scope, scope_problem = scenario.available_scope(st.session_state[K.SCOPE], scope_options, lang)
if scope_problem:  # a link's cohort this database lacks, or a state no longer chosen in the sidebar
    st.warning(md(scope_problem))
    st.session_state[K.SCOPE] = scope
baseline_options = [ui.ALL, *[label(p) for p in ui.periods(key) if p < period][::-1]]
if st.session_state[K.BASELINE] not in baseline_options:
    st.session_state[K.BASELINE] = ui.ALL

method_col, inner_col, outer_col, scope_col, baseline_col = st.columns(5)
method_col.selectbox(t("Method"), METHODS, key=K.METHOD, format_func=lambda m: t(scenario.METHOD_LABELS[m]))
inner_col.selectbox(t("Within themes"), aggregation_options, key=K.INDICATOR_AGGREGATION, format_func=t)
outer_col.selectbox(t("Across themes"), aggregation_options, key=K.THEME_AGGREGATION, format_func=t)
scope_col.selectbox(t("Rank among"), list(scope_options), key=K.SCOPE, format_func=scope_options.get)
baseline_col.selectbox(
    t("Baseline (delta ranking)"),
    baseline_options,
    key=K.BASELINE,
    format_func=lambda b: t("None") if b == ui.ALL else b,
)

st.subheader(t("Theme weights"))
presets = ui.wrapping_row()
presets.button(t("Equal weights"), on_click=apply_preset, args=(EQUAL_WEIGHTS,), key=K.PRESET_EQUAL)
presets.button(t("ADP weights"), on_click=apply_preset, args=(ADP_WEIGHTS,), key=K.PRESET_ADP)
weights_now = {g: st.session_state[K.theme_weight(g)] for g in GROUPS}
shares = share_labels(weights_now)
for column, group in zip(st.columns(len(GROUPS)), GROUPS, strict=True):
    column.slider(t(GROUP_LABELS[group]), 0.0, scenario.THEME_WEIGHT_MAX, step=1.0, key=K.theme_weight(group))
    column.caption(t("**{share}** of the composite", share=shares[group]))

st.markdown(t("**Indicators** (include, and weight within their theme)"))
st.slider(
    t("Leave a {unit} unranked when more than this % of included indicators are missing", unit=words["unit"]),
    0,
    int(scenario.MAX_MISSING_PERCENT),
    key=K.MAX_MISSING,
)
names = indicator_names(catalogue, lang)
directions = {"higher": t("higher is better"), "lower": t("lower is better")}
periodicities = {"monthly": t("monthly"), "quarterly": t("quarterly"), "annual": t("annual")}
for group in GROUPS:
    with st.expander(t(GROUP_LABELS[group])):
        for spec in catalogue[catalogue.score_group == group].itertuples():
            include_col, weight_col, name_col = st.columns([1, 2, 7])
            include_col.checkbox(t("Include"), key=K.include(spec.indicator_id), label_visibility="collapsed")
            weight_col.number_input(
                t("Weight"),
                *scenario.INDICATOR_WEIGHT_RANGE,
                step=0.5,
                key=K.indicator_weight(spec.indicator_id),
                label_visibility="collapsed",
                disabled=not st.session_state[K.include(spec.indicator_id)],
            )
            name_col.markdown(
                f"{md(html.escape(names[spec.indicator_id]))} <small>({html.escape(directions[spec.direction])}, "
                f"{html.escape(periodicities[spec.periodicity])})</small>",
                unsafe_allow_html=True,
            )

change_it = t("Change it above, or open the page without the link's settings.")
params = computed_or_stop(lambda: ui.scenario_from_widgets(period, indicator_ids), t("This combination"), change_it)
default_table = computed_or_stop(
    lambda: ui.ranking_table(key, scenario.comparable_default(params)), t("The official default ranking"), change_it
)
scenario_table = computed_or_stop(lambda: ui.ranking_table(key, params), t("This scenario's ranking"), change_it)
ui.write_scenario_to_url(params)
comparison = scenario.compare(default_table, scenario_table, lang)
if params.baseline:
    comparison = comparison.merge(scenario_table[["unit_id", "delta", "delta_rank"]], on="unit_id", how="left")

st.subheader(t("Result"))
st.info(md(scenario.summary_sentence(comparison, lang=lang)))
st.caption(md(params.describe(lang, scope_options.get(params.scope))))
empty_themes = service.themes_without_indicators(ui.catalogue(key))
if empty_themes:
    st.caption(
        t(
            "No indicators in {themes}: their weight is shared among the other themes.",
            themes=", ".join(t(GROUP_LABELS[g]) for g in empty_themes),
        )
    )
unit_header = words["unit"].capitalize()
rank_columns = {
    "rank_scenario": t("Scenario rank"),
    "movement": t("Change vs default"),
    "unit_name": unit_header,
    "district": t("District"),
    "state": t("State / UT"),
    "rank_default": t("Default rank"),
    "composite_scenario": st.column_config.NumberColumn(t("Scenario score"), format="%.1f"),
    "composite_default": st.column_config.NumberColumn(t("Default score"), format="%.1f"),
}
if params.baseline:
    rank_columns |= {
        "delta": st.column_config.NumberColumn(
            t("Change since {period}", period=label(params.baseline)), format="%+.1f"
        ),
        "delta_rank": t("Delta rank"),
    }
st.dataframe(comparison[list(rank_columns)], hide_index=True, column_config=rank_columns, height=420)
st.caption(
    t(
        "Scores are shown to one decimal: two {units} with the same shown score are ranked by the unrounded "
        "score. The CSV has two decimals and the change in rank as a signed number (+ = moved up).",
        units=words["units"],
    )
)
rank_export = scenario.ranks_export_columns(unit_header, params.baseline, lang)
ui.download_table(
    readable_table(comparison, rank_export), f"whatif_ranks_{label(period)}.csv", t("Download ranks (CSV)")
)

movers = scenario.biggest_movers(comparison)
if movers.empty or (movers["shift"] == 0).all():
    st.info(t("No {unit} changes rank under this scenario.", unit=words["unit"]))
else:
    ui.chart_with_downloads(
        charts.movers_chart(movers, lang=lang), readable_table(movers, rank_export), f"whatif_movers_{label(period)}"
    )

st.subheader(t("How certain are these ranks?"))
with st.form(K.UNCERTAINTY_FORM):
    spread_col, draws_col = st.columns(2)
    spread = spread_col.slider(t("Perturb every weight by up to ±%"), 5, 50, 25, step=5)
    draws = draws_col.select_slider(t("Draws"), [200, 500, 1000, 2000], value=1000)
    with_methods = st.checkbox(t("Also vary the method and aggregation"))
    run = st.form_submit_button(t("Run Monte Carlo"))
if run:
    st.session_state[K.MONTE_CARLO] = (
        params,
        computed_or_stop(
            lambda: ui.run_monte_carlo(key, params, draws, spread / 100, with_methods),
            t("The Monte Carlo"),
            t("Change the scenario above, or run it without varying the method."),
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
        t(
            "{draws} draws, weights ±{spread}%{methods}. Among the {shown} best-ranked {units} shown, "
            "**{indistinct}** cannot be told apart from the {unit} ranked just below them (ranked above it in "
            "fewer than 95% of draws).",
            draws=draws,
            spread=spread,
            methods=t(" and method choices") if with_methods else "",
            shown=len(top),
            units=words["units"],
            indistinct=indistinct,
            unit=words["unit"],
        )
    )
    interval_export = scenario.uncertainty_export_columns(unit_header, lang)
    ui.chart_with_downloads(
        charts.uncertainty_chart(top, lang),
        readable_table(top, interval_export),
        f"whatif_uncertainty_{label(period)}",
    )
    ui.download_table(
        readable_table(shown_intervals, interval_export),
        f"whatif_uncertainty_all_{label(period)}.csv",
        t("Download intervals for all {count} {units} (CSV)", count=len(shown_intervals), units=words["units"]),
    )
else:
    st.caption(
        t(
            "Run the Monte Carlo to see each {unit}'s median rank with its 5th-95th percentile interval.",
            unit=words["unit"],
        )
    )

st.subheader(t("Compare two scenarios"))
saved = st.session_state.setdefault(K.SCENARIOS, {})
name = st.text_input(t("Scenario name"), value=t("My scenario"), key=K.SCENARIO_NAME)
save_row = ui.wrapping_row()
for slot in ("A", "B"):
    if save_row.button(t("Save as {slot}", slot=slot), key=K.save(slot)):
        saved[slot] = (name, params)
if len(saved) < 2:
    st.caption(t("Save the current settings as scenario A, change them, and save again as B to compare side by side."))
else:
    params_a, params_b = saved["A"][1], saved["B"][1]
    side_a, side_b = st.columns(2)
    for column, slot, (scenario_name, scenario_params) in ((side_a, "A", saved["A"]), (side_b, "B", saved["B"])):
        described = scenario_params.describe(lang, scope_options.get(scenario_params.scope))
        column.markdown(f"**{slot}: {md(scenario_name)}**  \n{md(described)}")
        column.code("?" + "&".join(f"{k}={v}" for k, v in scenario.encode(scenario_params).items()), language=None)
    a_vs_b = computed_or_stop(
        lambda: scenario.compare(ui.ranking_table(key, params_a), ui.ranking_table(key, params_b), lang),
        t("The comparison of A and B"),
        t("Save A and B again with settings that can be ranked for this period."),
    )
    st.info(t("From A to B: {summary}", summary=md(scenario.summary_sentence(a_vs_b, lang=lang))))
    both_columns = {
        "rank_default": t("Rank A"),
        "rank_scenario": t("Rank B"),
        "movement": t("Change from A to B"),
        "unit_name": unit_header,
        "district": t("District"),
        "state": t("State / UT"),
        "composite_default": st.column_config.NumberColumn(t("Score A"), format="%.1f"),
        "composite_scenario": st.column_config.NumberColumn(t("Score B"), format="%.1f"),
    }
    st.dataframe(a_vs_b[list(both_columns)], hide_index=True, column_config=both_columns, height=320)
    ui.download_table(
        readable_table(a_vs_b, scenario.a_vs_b_export_columns(unit_header, lang)),
        "whatif_scenarios_a_b.csv",
        t("Download A vs B (CSV)"),
    )
