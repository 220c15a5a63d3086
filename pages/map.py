"""Map: block choropleth of any measure, offline, with classes, legend, selection and exports."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from lib import charts, overview, ui
from lib.maps import measures as map_measures
from lib.maps import static
from lib.maps.classify import SCHEMES
from lib.maps.play import next_play_period, play_periods, wait_before_step
from lib.periods import label, parse_period
from lib.plaintext import md
from lib.scoring.params import official_default

K = ui.MapKeys
NO_BASELINE = "none"  # the baseline choice when there is no earlier period
if st.session_state.pop(K.PLAY_DONE, False):  # Play reached its last month last run: switch it off
    st.session_state[K.PLAY] = False
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
catalogue = ui.catalogue(key)
lang = ui.language()
t = ui.translator()
words = ui.unit_words(facts)
period = filters["period"]  # the app's one period (the sidebar's, in the URL); Play steps it

st.title(t("Map"))
ui.demo_badge(facts, lang)

options = map_measures.measure_options(catalogue, lang)
by_key = {m.key: m for m in options}
months = [label(p) for p in ui.periods(key)]

controls = ui.wrapping_row()  # wraps on a narrow screen rather than cutting labels short
measure_sync = ui.UrlSync(K.MEASURE, options[0].key, ui.choice(by_key), query=K.MEASURE_QUERY, revalidate=True)
measure = by_key[
    measure_sync.widget(
        controls.selectbox, t("Measure"), list(by_key), format_func=lambda m: by_key[m].label, width=380
    )
]
scheme_sync = ui.UrlSync(K.SCHEME, next(iter(SCHEMES)), ui.choice(SCHEMES), query=K.SCHEME_QUERY, revalidate=True)
scheme = scheme_sync.widget(
    controls.selectbox, t("Classes"), list(SCHEMES), format_func=lambda s: t(SCHEMES[s]), width=200
)
classes = ui.UrlSync(K.CLASSES, 5, ui.bounded_int(5, 7), query=K.CLASSES_QUERY).widget(
    controls.slider, t("Number"), 5, 7, width=140
)
baseline_options = [m for m in months if m < label(period)][::-1]
year_before = label(overview.year_before(period))
baseline_sync = ui.UrlSync(
    K.BASELINE,
    year_before if year_before in baseline_options else (baseline_options or [NO_BASELINE])[0],
    ui.choice(baseline_options),
    query=K.BASELINE_QUERY,
    revalidate=True,
)
baseline = baseline_sync.widget(
    controls.selectbox,
    t("Baseline"),
    baseline_options or [NO_BASELINE],
    format_func=lambda b: t("none") if b == NO_BASELINE else b,
    width=150,
)
has_baseline = bool(baseline_options)
baseline_period = parse_period(baseline) if has_baseline else None
frames = play_periods(ui.periods(key), facts["latest_complete_period"], baseline_period)
playing = controls.toggle(
    t("Play"),
    key=K.PLAY,
    help=t("Step the period a month a second, from the month after the baseline to the latest complete month")
    + (f" ({label(frames[-1])})" if frames else ""),
)
basemap = controls.toggle(t("Basemap tiles (needs internet; off by default)"), key=K.BASEMAP)

if measure.needs_baseline and not has_baseline:
    st.info(t("{measure} needs an earlier period as baseline; choose a later period.", measure=md(measure.label)))
    st.stop()
view = ui.map_view(key, period, baseline_period, measure, scheme, classes, filters["state"], filters["district"], lang)
table = ui.ranking_table(key, official_default(period, baseline_period))
st.caption(
    f"{md(measure.label)} · {md(ui.scope_label(filters))} · {label(period)}"
    + (t(" (baseline {baseline})", baseline=baseline) if measure.needs_baseline else "")
    + " · "
    + t("{monitored} coloured; state and district outlines drawn by the app", monitored=words["monitored"].lower())
)

if view.data.value.notna().sum() == 0:
    st.info(
        t(
            "No {unit} in this scope has a value for this measure and period. Try another period or measure.",
            unit=words["unit"],
        )
    )

map_col, side_col = st.columns([3, 1])
with map_col:
    ui.block_map(view, basemap, key=K.CHART, selected_key=K.SELECTED)
    if view.scope.dot_count:
        st.caption(view.dot_note(lang))
    if view.scope.unplaced_count:
        st.info(
            t(
                "{count} {units} in this scope cannot be drawn: the database has no outline for them or for "
                "their district. Load district or block boundaries to place them on the map.",
                count=f"{view.scope.unplaced_count:,}",
                units=words["unit" if view.scope.unplaced_count == 1 else "units"],
            )
        )
with side_col:
    st.markdown(f"**{t('Legend')}**")
    for row in view.legend:
        swatch = "#{:02x}{:02x}{:02x}".format(*row["rgb"])
        st.markdown(
            f"<span style='display:inline-block;width:14px;height:14px;background:{swatch};"
            f"border:1px solid #999;margin-right:6px'></span>{row['label']} ({row['count']})",
            unsafe_allow_html=True,
        )
    st.caption(
        (t("Darker blue is always better.") if not measure.diverging else t("Blue: improved · red: declined."))
        + " "
        + t("The {unit} under the pointer turns magenta.", unit=words["unit"])
    )
    selected = st.session_state.get(K.SELECTED)
    row = table[table.unit_id == selected]
    if not row.empty:
        block = row.iloc[0]
        st.markdown(f"**{md(block.unit_name)}**  \n{md(block.district)}, {md(block.state)}")
        st.metric(
            t("Composite (official default)"),
            t("not ranked") if pd.isna(block.composite) else f"{block.composite:.1f}",
            help=overview.not_ranked_text(block, lang),
        )
        st.metric(
            t("All-India rank"),
            "–" if pd.isna(block["rank"]) else int(block["rank"]),
            help=overview.ranks_within_text(block, lang),
        )
        if "delta" in block and pd.notna(block.delta):
            st.metric(
                t("Change since {period}", period=baseline),
                f"{block.delta:+.1f}",
                help=t("Delta rank {rank}", rank=block.delta_rank),
            )
        value = view.data.loc[view.data.unit_id == selected, "value"]
        if len(value):
            st.metric(measure.label, map_measures.format_value(float(value.iloc[0]), measure, lang))
        st.page_link(
            "pages/profile.py",
            label=t("Open the {unit} profile", unit=words["unit"]),
            icon=":material/location_city:",
            query_params={**ui.sidebar_query(), ui.ProfileKeys.BLOCK_QUERY: selected},
        )
    else:
        st.caption(t("Click a {unit} to see its key figures here.", unit=words["unit"]))

hist_col, tables_col = st.columns(2)
with hist_col:
    if view.data.value.notna().any():
        ui.chart_with_downloads(
            charts.class_histogram(view.data, view.legend, measure.label, words["units"].capitalize(), lang),
            view.data,
            f"map_values_{measure.key.replace(':', '_')}_{label(period)}",
        )
with tables_col:
    ranked = view.data.dropna(subset=["value"]).sort_values("value", ascending=not measure.higher_is_better)
    columns = {"unit_name": words["unit"].capitalize(), "district": t("District"), "state": t("State / UT")}
    columns["value"] = measure.label
    value_format = "%d" if measure.key in ("rank", "delta_rank") else "%.1f"  # as the legend writes them
    if facts["level"] == "district":
        columns.pop("district")  # the unit is the district
    for heading, name, rows in (
        (t("Best 10"), "best10", ranked.head(10)),
        (t("Worst 10"), "worst10", ranked.tail(10).iloc[::-1]),
    ):
        st.markdown(f"**{heading}**")
        st.dataframe(
            rows[list(columns)].rename(columns=columns),
            hide_index=True,
            column_config={measure.label: st.column_config.NumberColumn(format=value_format)},
        )
        ui.download_table(rows[list(columns)], f"map_{name}_{label(period)}.csv")

source = ui.source_line(key) + " " + t("Method: NITI Most Balanced Performer.")
title = f"{measure.label}, {ui.scope_label(filters)}, {label(period)}"
st.download_button(
    t("Download map image (PNG)"),
    lambda: static.map_png(view, title, source, lang=lang),
    file_name=f"map_{label(period)}.png",
    mime="image/png",
    icon=":material/image:",
    key=K.PNG,
)
st.caption(
    t(
        "Map outlines sent to the browser once per scope: {megabytes} MB; each change of measure, period or "
        "classes sends {kilobytes} kB.",
        megabytes=f"{view.scope.bytes / 1e6:.2f}",
        kilobytes=f"{view.style_bytes / 1e3:.0f}",
    )
)

if playing:
    following = next_play_period(frames, period, starting=K.PLAY_CLOCK not in st.session_state)
    if following is None:
        st.session_state.pop(K.PLAY_CLOCK, None)
        st.session_state[K.PLAY_DONE] = True
    else:  # the next frame is drawn while this one is on screen, so each step only sends it
        ui.map_view(
            key, following, baseline_period, measure, scheme, classes, filters["state"], filters["district"], lang
        )
        time.sleep(wait_before_step(st.session_state.get(K.PLAY_CLOCK), time.monotonic()))
        st.session_state[K.PLAY_CLOCK] = time.monotonic()
        st.session_state[ui.StateKeys.NEXT_PERIOD] = label(following)
    st.rerun()
else:
    st.session_state.pop(K.PLAY_CLOCK, None)
