"""Overview: headline figures, provisional ranking, improvers, theme summary."""

from __future__ import annotations

import streamlit as st

from lib import charts, overview, ui
from lib.periods import label
from lib.registry import PAGES

filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
period, baseline = filters["period"], overview.year_before(filters["period"])

st.title("Overview")
ui.demo_badge(facts)
st.caption(f"{ui.scope_label(filters)} · period {label(period)} · compared with {label(baseline)}")

scores = ui.provisional_scores(key, period)
scores_before = ui.provisional_scores(key, baseline)
in_scope = ui.filter_blocks(scores, filters)

metrics = st.columns(5)
metrics[0].metric("Aspirational blocks", len(in_scope))
metrics[1].metric("Districts", in_scope.district_id.nunique())
metrics[2].metric("States / UTs", in_scope.state_id.nunique())
metrics[3].metric("Latest data", label(facts["last_period"]),
                  help=f"Latest month with at least 75% of monthly reports in: {label(facts['latest_complete_period'])}. "
                       "The newest month is usually incomplete because of the reporting lag.")
metrics[4].metric("Data completeness", f"{ui.completeness(key, period):.0%}",
                  help="Share of (block, indicator) values available for the period, all aspirational blocks.")

if period == facts["last_period"] and facts["latest_complete_period"] != period:
    st.warning(f"{label(period)} is still being reported; rankings may change as late reports arrive.")

with st.expander("How the provisional composite is computed"):
    st.markdown(
        "Each indicator is clipped to its valid range and scaled to 0-100 across all aspirational blocks "
        "for the period (100 = best block, 0 = worst; lower-is-better indicators flipped). Scores are averaged "
        "within each of the six groups (Health, Nutrition, Education, Agriculture, Infrastructure, Social), and "
        "the composite is the mean of the group scores. Blocks missing more than 20% of indicators are not ranked. "
        "Ranks are all-India ranks among aspirational blocks; ties share the lower rank. This is a provisional, "
        "relative score, not NITI Aayog's official delta ranking.")

ranked = in_scope.dropna(subset=["composite"])
if ranked.empty:
    st.info("No ranked blocks for this selection and period. Choose another period or widen the filter.")
    st.stop()

columns = ["rank", "block", "district", "state", "composite"]
names = {"block": "Block", "district": "District", "state": "State / UT"}
table_format = {"composite": st.column_config.NumberColumn("Score", format="%.1f", width="small"),
                "rank": st.column_config.NumberColumn("Rank", width="small",
                                                      help="All-India rank among aspirational blocks"), **names}
top, bottom = overview.top_and_bottom(ranked)
for heading, table, filename in (("Top 10 blocks", top, "top10"), ("Bottom 10 blocks", bottom, "bottom10")):
    st.subheader(heading)
    st.dataframe(table[columns], hide_index=True, column_config=table_format)
    ui.download_table(table[columns], f"{filename}_{label(period)}.csv")

st.subheader(f"Biggest improvers since {label(baseline)}")
gains = overview.improvers(ranked, scores_before)
gain_columns = ["delta_rank", "block", "district", "state", "composite_baseline", "composite", "change"]
st.dataframe(gains[gain_columns], hide_index=True, column_config={
    "delta_rank": "Improvement rank", **names,
    "composite_baseline": st.column_config.NumberColumn(f"Composite {label(baseline)}", format="%.1f"),
    "composite": st.column_config.NumberColumn(f"Composite {label(period)}", format="%.1f"),
    "change": st.column_config.NumberColumn("Change", format="%+.1f")})
ui.download_table(gains[gain_columns], f"improvers_{label(baseline)}_{label(period)}.csv")

st.subheader("Themes")
themes = overview.theme_summary(ranked, ui.filter_blocks(scores_before, filters), ui.catalogue(key))
chart = charts.theme_scores_chart(themes, label(period), label(baseline))
st.altair_chart(chart)
chart_id = f"themes-{key}-{label(period)}-{filters['state']}-{filters['district']}"
table_col, chart_col = st.columns(2)
with table_col:
    ui.download_table(themes, f"themes_{label(period)}.csv", "Download theme table (CSV)")
with chart_col:
    ui.download_chart(chart, chart_id, f"themes_{label(period)}.png")

st.subheader("More")
for spec in PAGES[1:]:
    st.page_link(spec.path, label=f"{spec.title}: {spec.summary}", icon=spec.icon)
