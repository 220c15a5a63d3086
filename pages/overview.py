"""Overview: headline figures, official default ranking, improvers, theme summary."""

from __future__ import annotations

import streamlit as st

from lib import charts, overview, ui
from lib.periods import label
from lib.plaintext import md
from lib.registry import ADMIN_PAGE, PAGES
from lib.scoring.params import official_default
from lib.ui.admin import admin_password

filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
t = ui.translator()
period = filters["period"]
baseline = overview.comparison_period(period, ui.periods(key))

st.title(t("Overview"))
ui.demo_badge(facts, ui.language())
has_baseline = baseline is not None
compared = label(baseline) if has_baseline else t("nothing (no data a year or more before)")
st.caption(
    t(
        "{scope} · period {period} · compared with {baseline}",
        scope=md(ui.scope_label(filters)),
        period=label(period),
        baseline=compared,
    )
)

table = ui.ranking_table(key, official_default(period, baseline if has_baseline else None))
in_scope = ui.filter_blocks(table, filters)

metrics = ui.FigureRow()
words = ui.unit_words(facts)
metrics.metric(words["monitored"], len(in_scope))
metrics.metric(t("Districts"), in_scope.district_id.nunique())
metrics.metric(t("States / UTs"), in_scope.state_id.nunique())
complete = facts["latest_complete_period"]
metrics.metric(
    t("Latest data"),
    label(facts["last_period"]),
    help=t(
        "Latest month with at least 75% of monthly reports in: {period}. The newest month is usually incomplete "
        "because of the reporting lag.",
        period=label(complete) if complete else t("none"),
    ),
)
metrics.metric(
    t("Data completeness"),
    f"{ui.completeness(key, period, filters['state'], filters['district']):.0%}",
    help=t(
        "Share of ({unit}, indicator) values available for the period, {monitored} in {scope}.",
        unit=words["unit"],
        monitored=words["monitored"].lower(),
        scope=md(ui.scope_label(filters)),
    ),
)

if period == facts["last_period"] and complete not in (None, period):
    st.warning(t("{period} is still being reported; rankings may change as late reports arrive.", period=label(period)))

with st.expander(t("How the ranking is computed")):
    st.markdown(
        t(
            "Official default: NITI Aayog's *Most Balanced Performer* method. Each theme score is the geometric "
            "mean of the theme's indicator percentages (lower-is-better indicators enter as 100 - value; values "
            "floored at 0.01), and the composite is the geometric mean of the six theme scores (Health and "
            "Nutrition scored separately). Blocks missing more than 20% of indicators are not ranked. Ranks are "
            "all-India ranks among aspirational blocks; ties share the lower rank. Improvers are ranked by the "
            "change in composite since the same month a year earlier. Try other methods and weights on the "
            "What-if page."
        )
    )

ranked = in_scope.dropna(subset=["composite"])
if ranked.empty:
    reason = overview.commonest_reason(in_scope)
    advice = t(
        "A file with a few KPIs can be ranked on the What-if page, by leaving out the indicators it does not "
        "report or raising the missing-data threshold."
    )
    st.info(
        t("No ranked {units} for this selection and period", units=words["units"])
        + (f" ({reason}). {advice}" if reason else ".")
        + " "
        + t("Or choose another period or widen the filter.")
    )
    st.stop()

names = {"unit_name": words["unit"].title(), "district": t("District"), "state": t("State / UT")}
ranks = overview.rank_columns(filters)
rank_labels = {
    "rank": (t("All-India rank"), t("Rank among all {monitored}", monitored=words["monitored"].lower())),
    "state_rank": (
        t("Rank in {place}", place=filters["state_name"]),
        t("Rank among the state's {monitored}", monitored=words["monitored"].lower()),
    ),
    "district_rank": (t("Rank in {place}", place=filters["district_name"]), t("Rank within the district")),
}
columns = [*ranks, "unit_name", *(["district"] if words["level"] == "block" else []), "state", "composite"]
table_format = {
    "composite": st.column_config.NumberColumn(t("Score"), format="%.1f", width="small"),
    **{c: st.column_config.NumberColumn(rank_labels[c][0], help=rank_labels[c][1]) for c in ranks},
    **names,
}
csv_columns = {c: (rank_labels[c][0], 0) for c in ranks} | {
    **{c: (names[c], None) for c in columns if c in names},
    "composite": (t("Score (0-100)"), 2),
}
top, bottom = overview.top_and_bottom(ranked)
lists = [
    (t("Top {count} {units}", count=len(top), units=words["units"]), top, "top10"),
    (t("Bottom {count} {units}", count=len(bottom), units=words["units"]), bottom, "bottom10"),
]
if bottom.empty:  # all the ranked units fit in one list: show each once
    lists = [(t("All {count} ranked {units}", count=len(top), units=words["units"]), top, "ranked")]
for heading, rows, filename in lists:
    st.subheader(heading)
    linked, link_column = ui.profile_link_column(rows[columns + ["unit_id"]])
    st.dataframe(linked[columns + ["profile"]], hide_index=True, column_config=table_format | link_column)
    ui.download_table(rows, f"{filename}_{label(period)}.csv", columns=csv_columns)

if has_baseline:
    st.subheader(t("Biggest improvers since {period}", period=label(baseline)))
    gains = overview.improvers(ranked)
    delta_ranks = [c.replace("rank", "delta_rank") for c in ranks]
    gain_columns = [*delta_ranks, "unit_name", "district", "state", "composite_baseline", "composite", "delta"]
    gain_labels = {
        "delta_rank": t("Improvement rank"),
        "state_delta_rank": t("Improvement rank in {place}", place=filters["state_name"]),
        "district_delta_rank": t("Improvement rank in {place}", place=filters["district_name"]),
    }
    score_then, score_now = (t("Score {period}", period=label(when)) for when in (baseline, period))
    linked, link_column = ui.profile_link_column(gains[gain_columns + ["unit_id"]])
    st.dataframe(
        linked[gain_columns + ["profile"]],
        hide_index=True,
        column_config=link_column
        | {
            c: st.column_config.NumberColumn(
                gain_labels[c], help=t("1 = largest gain in score since {period}", period=label(baseline))
            )
            for c in delta_ranks
        }
        | {
            **names,
            "composite_baseline": st.column_config.NumberColumn(score_then, format="%.1f"),
            "composite": st.column_config.NumberColumn(score_now, format="%.1f"),
            "delta": st.column_config.NumberColumn(t("Change"), format="%+.1f"),
        },
    )
    ui.download_table(
        gains,
        f"improvers_{label(baseline)}_{label(period)}.csv",
        columns={c: (gain_labels[c], 0) for c in delta_ranks}
        | {c: (names[c], None) for c in ("unit_name", "district", "state")}
        | {
            "composite_baseline": (score_then, 2),
            "composite": (score_now, 2),
            "delta": (t("Change in score"), 2),
        },
    )

    st.subheader(t("Themes"))
    themes = overview.theme_summary(ranked)
    ui.chart_with_downloads(
        charts.theme_scores_chart(themes, label(period), label(baseline), ui.language()),
        themes,
        f"themes_{label(period)}",
    )
else:
    st.info(
        t(
            "No data a year or more before {period}: improvers and theme changes need an earlier period.",
            period=label(period),
        )
    )

st.subheader(t("More"))
for spec in PAGES[1:]:
    if spec.path == ADMIN_PAGE and admin_password() is None:
        continue  # not in the navigation either: loading is switched off
    st.page_link(spec.path, label=t(spec.title), icon=spec.icon, query_params=ui.sidebar_query() or None)
    st.caption(t(spec.summary))  # under the link, where it can wrap: a link's own label is cut to one line
