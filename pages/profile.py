"""Block profile: where a block stands, how it got there, and against whom to compare it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib import charts, overview, peers, profile, rank_advice, ui
from lib.exports import readable_table
from lib.i18n import indicator_names
from lib.periods import label
from lib.plaintext import md
from lib.scoring.params import GROUP_LABELS, GROUPS, official_default

K = ui.ProfileKeys
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
lang = ui.language()
t = ui.translator()
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

st.title(t("Block profile"))
ui.demo_badge(facts, lang)
block_id = ui.block_choice(list(names), names, filters)  # searchable by name, code, district or state

table = ui.ranking_table(key, official_default(period, compared))
row = table.set_index("unit_id").loc[block_id]
kpi_names = indicator_names(ui.catalogue(key), lang)
indicators = ui.profile_indicators(key, block_id, period, baseline, lang)
indicators = indicators.assign(short_name=indicators.indicator_id.map(kpi_names).fillna(indicators.short_name))
cohorts = units.set_index("unit_id").cohorts[block_id]
cohort_names = ", ".join(ui.cohort_names(key).get(c, c) for c in cohorts) or t("none")
st.subheader(md(f"{row.unit_name}, {row.district}, {row.state}"))
st.caption(
    t(
        "Block code {code} · cohorts: {cohorts} · period {period}, baseline {baseline}",
        code=md(row.lgd_code),
        cohorts=md(cohort_names),
        period=label(period),
        baseline=label(baseline),
    )
)
metrics = ui.FigureRow()
metrics.metric(
    t("Composite"),
    t("not ranked") if pd.isna(row.composite) else f"{row.composite:.1f}",
    help=overview.not_ranked_text(row, lang) or t("Official default method"),
)
metrics.metric(
    t("All-India rank"), "–" if pd.isna(row["rank"]) else int(row["rank"]), help=overview.ranks_within_text(row, lang)
)
if "delta" in row and pd.notna(row.delta):
    metrics.metric(
        t("Change since {period}", period=label(baseline)),
        f"{row.delta:+.1f}",
        help=t("Delta rank {rank}", rank=row.delta_rank),
    )
metrics.metric(t("Data completeness"), f"{row.indicators_present / row.indicators_included:.0%}")
metrics.metric(
    t("Latest report"), label(indicators.value_period.dropna().max()) if indicators.value_period.notna().any() else "–"
)
ui.report_card_button(key, block_id, period)

st.subheader(t("Themes"))
comparison = profile.theme_comparison(table, block_id)
ui.chart_with_downloads(
    charts.theme_comparison_chart(comparison, row.unit_name, lang), comparison, f"profile_themes_{block_id}"
)

# Sections in tabs that run only when opened (the open one is in the URL): the first view of a
# block no longer waits for its peers, its rank plan and the comparison.
indicators_tab, trends_tab, peers_tab, plan_tab, compare_tab = st.tabs(
    [t(section) for section in K.SECTIONS], key=K.SECTION, on_change="rerun", bind="query-params"
)
# A widget in a closed tab is not drawn, and Streamlit would forget its value: keep it until the tab opens.
for tab, widget_keys in ((trends_tab, (K.THEME,)), (peers_tab, (K.PEERS, K.CUSTOM)), (compare_tab, (K.COMPARE,))):
    for widget_key in widget_keys:
        if not tab.open and widget_key in st.session_state:
            st.session_state[widget_key] = st.session_state[widget_key]

with indicators_tab:
    if indicators_tab.open:
        shown = profile.indicator_display(indicators, baseline, lang)
        change_column = shown.columns[2]  # its header names the baseline
        whole = [t("Rank among ABP blocks"), t("Target"), t("Data age (months)")]
        colours = {t(status): colour for status, colour in profile.STATUS_COLOURS.items()}
        styled = (
            shown.style.format(precision=1, na_rep="–")  # every missing number a dash, never None or nan
            .format("{:+.1f}", subset=[change_column], na_rep="–")
            .format("{:.0f}", subset=whole, na_rep="–")
            .map(lambda status: f"background-color: {colours.get(status, '')}", subset=[t("Status")])
        )
        st.dataframe(styled, hide_index=True, height=420, placeholder="–")
        st.caption(profile.windows_caption(period, baseline, lang))
        ui.download_table(indicators, f"profile_indicators_{block_id}_{label(period)}.csv")
        with st.expander(t("How status and trend are decided")):
            st.markdown(
                f"**{t('Status')}** ({t('distance to target')}): {t(profile.STATUS_RULE)}\n\n"
                f"**{t('Trend')}**: {t(profile.TREND_RULE)}"
            )

with trends_tab:
    if trends_tab.open:
        theme = st.selectbox(t("Theme"), GROUPS, format_func=lambda group: t(GROUP_LABELS[group]), key=K.THEME)
        in_theme = indicators[indicators.score_group == theme]
        theme_series = ui.profile_series(key, block_id, tuple(in_theme.indicator_id))
        better = {"higher": t("higher is better"), "lower": t("lower is better")}
        panel = {row.indicator_id: f"{row.short_name} ({better[row.direction]})" for row in in_theme.itertuples()}
        trends = charts.theme_trends_chart(
            {panel[i]: theme_series[i] for i in in_theme.indicator_id},
            {panel[i]: target for i, target in zip(in_theme.indicator_id, in_theme.target, strict=True)},
            ui.cohort_starts(key, block_id),
            f"{t(GROUP_LABELS[theme])}: {row.unit_name}",
            lang,
        )
        trend_data = pd.concat([frame.assign(indicator=i) for i, frame in theme_series.items()], ignore_index=True)
        ui.chart_with_downloads(trends, trend_data, f"trends_{block_id}_{theme}")

with peers_tab:
    if peers_tab.open:
        group = st.radio(
            t("Compare with"),
            list(peers.PEER_GROUPS),
            format_func=lambda group: t(peers.PEER_GROUPS[group]),
            horizontal=True,
            key=K.PEERS,
        )
        hand_picked = st.multiselect(
            t("Hand-picked blocks"), list(names), format_func=names.get, key=K.CUSTOM, disabled=group != "custom"
        )
        peer_ids = ui.peer_ids(key, group, block_id, baseline, tuple(hand_picked))
        if not peer_ids:
            st.info(t("This peer group is empty for this block. Choose another group or pick blocks by hand."))
        else:
            positions, peer_values = ui.peer_positions(key, block_id, tuple(peer_ids), period, baseline)
            positions = positions.assign(short_name=positions.indicator_id.map(kpi_names).fillna(positions.short_name))
            peer_values = peer_values.assign(
                short_name=peer_values.indicator_id.map(kpi_names).fillna(peer_values.short_name)
            )
            st.caption(
                t(
                    "{count} peers. Percentile: share of peers this block does better than on each indicator.",
                    count=len(peer_ids),
                )
            )
            ui.chart_with_downloads(
                charts.peer_dot_plot(positions, peer_values, row.unit_name, lang),
                positions,
                f"peers_{block_id}_{group}",
            )
            peer_columns = {
                "short_name": (t("Indicator"), None),
                "block_value": (t("Block"), 1),
                "peer_median": (t("Peers' median"), 1),
                "percentile": (t("Percentile among peers"), 0),
                "learn_from_name": (t("Who to learn from"), None),
                "learn_from_gain": (t("Their gain since the baseline"), 1),
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
        st.info(md(rank_advice.describe_rank_plan(plan, lang, kpi_names)))
        st.caption(
            t(
                "Composite gain per point: how much the composite (official default method) rises when the "
                "indicator improves by one point. Suggestions stay within each indicator's valid range (a "
                "percentage stops at 100, or at 0 where lower is better) and are checked by re-running the "
                "ranking with the suggested values."
            )
        )
        points = st.column_config.NumberColumn(format="%.1f")
        headers = [t(header) for header in rank_advice.PLAN_HEADERS.values()]
        st.dataframe(
            rank_advice.rank_plan_table(plan, top=10, lang=lang, names=kpi_names),
            hide_index=True,
            placeholder="–",
            column_config={header: points for header in headers if header != t("Indicator")}
            | {t("Composite gain per point"): st.column_config.NumberColumn(format="%.3f")},
        )
        ui.download_table(
            rank_advice.rank_plan_table(plan, lang=lang, names=kpi_names), f"what_would_it_take_{block_id}.csv"
        )

with compare_tab:
    if compare_tab.open:
        chosen = st.multiselect(
            t("Up to 6 blocks"),
            list(names),
            default=[block_id],
            max_selections=6,
            format_func=names.get,
            key=K.COMPARE,
        )
        if chosen:
            bars, history = ui.compare_blocks(key, tuple(chosen), period)
            bars = bars.assign(label=[t(theme) for theme in bars.label])
            ui.chart_with_downloads(charts.compare_themes_chart(bars, lang), bars, "compare_themes")
            ui.chart_with_downloads(charts.compare_trend_chart(history, lang), history, "compare_composite")
