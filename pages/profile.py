"""Block profile: where a block stands, how it got there, and against whom to compare it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, overview, peers, profile, rank_advice, ui
from lib.exports import readable_table
from lib.periods import label
from lib.plaintext import md
from lib.scoring.params import GROUP_LABELS, GROUPS, official_default

K = ui.ProfileKeys
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
period = filters["period"]
compared = overview.comparison_period(period, ui.periods(key))
baseline = compared or overview.year_before(period)
units = ui.block_units(key)
aspirational = units[units.aspirational].sort_values(["state", "district", "unit_name"])
names = dict(
    zip(
        aspirational.unit_id,
        aspirational.unit_name
        + " ("
        + aspirational.lgd_code
        + ") — "
        + aspirational.district
        + ", "
        + aspirational.state,
        strict=True,
    )
)

st.title("Block profile")
ui.demo_badge(facts)
block_id = ui.block_choice(list(names), names, filters)  # searchable by name, code, district or state

table = ui.ranking_table(key, official_default(period, compared))
row = table.set_index("unit_id").loc[block_id]
indicators = ui.profile_indicators(key, block_id, period, baseline)
cohort_names = ", ".join(ui.cohort_names(key).get(c, c) for c in units.set_index("unit_id").cohorts[block_id]) or "none"
st.subheader(md(f"{row.unit_name}, {row.district}, {row.state}"))
st.caption(
    f"Block code {md(row.lgd_code)} · cohorts: {md(cohort_names)} · period {label(period)}, baseline {label(baseline)}"
)
metrics = ui.FigureRow()
metrics.metric(
    "Composite",
    "not ranked" if pd.isna(row.composite) else f"{row.composite:.1f}",
    help=row.not_ranked_reason if isinstance(row.not_ranked_reason, str) else "Official default method",
)
metrics.metric(
    "All-India rank", "–" if pd.isna(row["rank"]) else int(row["rank"]), help=overview.ranks_within_text(row)
)
if "delta" in row and pd.notna(row.delta):
    metrics.metric(f"Change since {label(baseline)}", f"{row.delta:+.1f}", help=f"Delta rank {row.delta_rank}")
metrics.metric("Data completeness", f"{row.indicators_present / row.indicators_included:.0%}")
metrics.metric(
    "Latest report", label(indicators.value_period.dropna().max()) if indicators.value_period.notna().any() else "–"
)
ui.report_card_button(key, block_id, period)

st.subheader("Themes")
comparison = profile.theme_comparison(table, block_id)
ui.chart_with_downloads(
    charts.theme_comparison_chart(comparison, row.unit_name), comparison, f"profile_themes_{block_id}"
)

# Sections in tabs that run only when opened (the open one is in the URL): the first view of a
# block no longer waits for its peers, its rank plan and the comparison.
indicators_tab, trends_tab, peers_tab, plan_tab, compare_tab = st.tabs(
    list(K.SECTIONS), key=K.SECTION, on_change="rerun", bind="query-params"
)
# A widget in a closed tab is not drawn, and Streamlit would forget its value: keep it until the tab opens.
for tab, widget_keys in ((trends_tab, (K.THEME,)), (peers_tab, (K.PEERS, K.CUSTOM)), (compare_tab, (K.COMPARE,))):
    for widget_key in widget_keys:
        if not tab.open and widget_key in st.session_state:
            st.session_state[widget_key] = st.session_state[widget_key]

with indicators_tab:
    if indicators_tab.open:
        shown = profile.indicator_display(indicators, baseline)
        change_column = shown.columns[2]  # its header names the baseline
        styled = (
            shown.style.format(precision=1, na_rep="–")  # every missing number a dash, never None or nan
            .format("{:+.1f}", subset=[change_column], na_rep="–")
            .format("{:.0f}", subset=["Rank among ABP blocks", "Target", "Data age (months)"], na_rep="–")
            .map(lambda status: f"background-color: {profile.STATUS_COLOURS.get(status, '')}", subset=["Status"])
        )
        st.dataframe(styled, hide_index=True, height=420, placeholder="–")
        st.caption(profile.windows_caption(period, baseline))
        ui.download_table(indicators, f"profile_indicators_{block_id}_{label(period)}.csv")
        with st.expander("How status and trend are decided"):
            st.markdown(f"**Status** (distance to target): {profile.STATUS_RULE}\n\n**Trend**: {profile.TREND_RULE}")

with trends_tab:
    if trends_tab.open:
        theme = st.selectbox("Theme", GROUPS, format_func=GROUP_LABELS.get, key=K.THEME)
        in_theme = indicators[indicators.score_group == theme]
        theme_series = ui.profile_series(key, block_id, tuple(in_theme.indicator_id))
        panel = {row.indicator_id: f"{row.short_name} ({row.direction} is better)" for row in in_theme.itertuples()}
        trends = charts.theme_trends_chart(
            {panel[i]: theme_series[i] for i in in_theme.indicator_id},
            {panel[i]: t for i, t in zip(in_theme.indicator_id, in_theme.target, strict=True)},
            ui.cohort_starts(key, block_id),
            f"{GROUP_LABELS[theme]}: {row.unit_name}",
        )
        trend_data = pd.concat([frame.assign(indicator=i) for i, frame in theme_series.items()], ignore_index=True)
        ui.chart_with_downloads(trends, trend_data, f"trends_{block_id}_{theme}")

with peers_tab:
    if peers_tab.open:
        group = st.radio(
            "Compare with", list(peers.PEER_GROUPS), format_func=peers.PEER_GROUPS.get, horizontal=True, key=K.PEERS
        )
        hand_picked = st.multiselect(
            "Hand-picked blocks", list(names), format_func=names.get, key=K.CUSTOM, disabled=group != "custom"
        )
        peer_ids = ui.peer_ids(key, group, block_id, baseline, tuple(hand_picked))
        if not peer_ids:
            st.info("This peer group is empty for this block. Choose another group or pick blocks by hand.")
        else:
            positions, peer_values = ui.peer_positions(key, block_id, tuple(peer_ids), period, baseline)
            st.caption(
                f"{len(peer_ids)} peers. Percentile: share of peers this block does better than on each indicator."
            )
            ui.chart_with_downloads(
                charts.peer_dot_plot(positions, peer_values, row.unit_name), positions, f"peers_{block_id}_{group}"
            )
            peer_columns = {
                "short_name": ("Indicator", None),
                "block_value": ("Block", 1),
                "peer_median": ("Peers' median", 1),
                "percentile": ("Percentile among peers", 0),
                "learn_from_name": ("Who to learn from", None),
                "learn_from_gain": ("Their gain since the baseline", 1),
            }
            st.dataframe(
                readable_table(positions, peer_columns),
                hide_index=True,
                placeholder="–",  # no peer to learn from: a dash, not "None"
                column_config={
                    header: st.column_config.NumberColumn(format="%.1f") for header, d in peer_columns.values() if d
                },
            )
            ui.download_table(positions, f"peer_table_{block_id}_{group}.csv", columns=peer_columns)

with plan_tab:
    if plan_tab.open:
        plan = ui.rank_plan(key, block_id, period)
        st.info(md(rank_advice.describe_rank_plan(plan)))
        st.caption(
            "Composite gain per point: how much the composite (official default method) rises when the indicator "
            "improves by one point. Suggestions stay within each indicator's valid range (a percentage stops at 100, "
            "or at 0 where lower is better) and are checked by re-running the ranking with the suggested values."
        )
        points = st.column_config.NumberColumn(format="%.1f")
        st.dataframe(
            rank_advice.rank_plan_table(plan, top=10),
            hide_index=True,
            placeholder="–",
            column_config={header: points for header in rank_advice.PLAN_HEADERS.values() if header != "Indicator"}
            | {"Composite gain per point": st.column_config.NumberColumn(format="%.3f")},
        )
        ui.download_table(rank_advice.rank_plan_table(plan), f"what_would_it_take_{block_id}.csv")

with compare_tab:
    if compare_tab.open:
        chosen = st.multiselect(
            "Up to 6 blocks", list(names), default=[block_id], max_selections=6, format_func=names.get, key=K.COMPARE
        )
        if chosen:
            bars, history = ui.compare_blocks(key, tuple(chosen), period)
            ui.chart_with_downloads(charts.compare_themes_chart(bars), bars, "compare_themes")
            ui.chart_with_downloads(charts.compare_trend_chart(history), history, "compare_composite")
