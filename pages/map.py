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
if st.session_state.pop(K.PLAY_DONE, False):  # Play reached its last month last run: switch it off
    st.session_state[K.PLAY] = False
filters = ui.page_filters()
key = ui.db_key()
facts = ui.summary(key)
catalogue = ui.catalogue(key)
period = filters["period"]  # the app's one period (the sidebar's, in the URL); Play steps it

st.title("Map")
ui.demo_badge(facts)

options = map_measures.measure_options(catalogue)
by_key = {m.key: m for m in options}
months = [label(p) for p in ui.periods(key)]

controls = ui.wrapping_row()  # wraps on a narrow screen rather than cutting labels short
measure_sync = ui.UrlSync(K.MEASURE, options[0].key, ui.choice(by_key), query=K.MEASURE_QUERY, revalidate=True)
measure = by_key[
    measure_sync.widget(controls.selectbox, "Measure", list(by_key), format_func=lambda m: by_key[m].label, width=380)
]
scheme_sync = ui.UrlSync(K.SCHEME, next(iter(SCHEMES)), ui.choice(SCHEMES), query=K.SCHEME_QUERY, revalidate=True)
scheme = scheme_sync.widget(controls.selectbox, "Classes", list(SCHEMES), format_func=SCHEMES.get, width=200)
classes = ui.UrlSync(K.CLASSES, 5, ui.bounded_int(5, 7), query=K.CLASSES_QUERY).widget(
    controls.slider, "Number", 5, 7, width=140
)
baseline_options = [m for m in months if m < label(period)][::-1]
year_before = label(overview.year_before(period))
baseline_sync = ui.UrlSync(
    K.BASELINE,
    year_before if year_before in baseline_options else (baseline_options or ["none"])[0],
    ui.choice(baseline_options),
    query=K.BASELINE_QUERY,
    revalidate=True,
)
baseline = baseline_sync.widget(controls.selectbox, "Baseline", baseline_options or ["none"], width=150)
has_baseline = bool(baseline_options)
baseline_period = parse_period(baseline) if has_baseline else None
frames = play_periods(ui.periods(key), facts["latest_complete_period"], baseline_period)
playing = controls.toggle(
    "Play",
    key=K.PLAY,
    help="Step the period a month a second, from the month after the baseline to the latest complete month"
    + (f" ({label(frames[-1])})" if frames else ""),
)
basemap = controls.toggle("Basemap tiles (needs internet; off by default)", key=K.BASEMAP)

if measure.needs_baseline and not has_baseline:
    st.info(f"{md(measure.label)} needs an earlier period as baseline; choose a later period.")
    st.stop()
view = ui.map_view(key, period, baseline_period, measure, scheme, classes, filters["state"], filters["district"])
table = ui.ranking_table(key, official_default(period, baseline_period))
st.caption(
    f"{md(measure.label)} · {md(ui.scope_label(filters))} · {label(period)}"
    + (f" (baseline {baseline})" if measure.needs_baseline else "")
    + f" · {ui.unit_words(facts, 'en')['monitored'].lower()} coloured; state and district outlines drawn by the app"
)

if view.data.value.notna().sum() == 0:
    st.info(
        f"No {ui.unit_words(facts, 'en')['unit']} in this scope has a value for this measure and period. "
        "Try another period or measure."
    )

map_col, side_col = st.columns([3, 1])
with map_col:
    ui.block_map(view, basemap, key=K.CHART, selected_key=K.SELECTED)
    if view.scope.dot_count:
        st.caption(view.dot_note)
    if view.scope.unplaced_count:
        words = ui.unit_words(facts, "en")["unit" if view.scope.unplaced_count == 1 else "units"]
        st.info(
            f"{view.scope.unplaced_count:,} {words} in this scope cannot be drawn: the database has no outline for "
            "them or for their district. Load district or block boundaries to place them on the map."
        )
with side_col:
    st.markdown("**Legend**")
    for row in view.legend:
        swatch = "#{:02x}{:02x}{:02x}".format(*row["rgb"])
        st.markdown(
            f"<span style='display:inline-block;width:14px;height:14px;background:{swatch};"
            f"border:1px solid #999;margin-right:6px'></span>{row['label']} ({row['count']})",
            unsafe_allow_html=True,
        )
    st.caption(
        ("Darker blue is always better." if not measure.diverging else "Blue: improved · red: declined.")
        + " The block under the pointer turns magenta."
    )
    selected = st.session_state.get(K.SELECTED)
    row = table[table.unit_id == selected]
    if not row.empty:
        block = row.iloc[0]
        st.markdown(f"**{md(block.unit_name)}**  \n{md(block.district)}, {md(block.state)}")
        st.metric(
            "Composite (official default)",
            "not ranked" if pd.isna(block.composite) else f"{block.composite:.1f}",
            help=block.not_ranked_reason if isinstance(block.not_ranked_reason, str) else None,
        )
        st.metric(
            "All-India rank",
            "–" if pd.isna(block["rank"]) else int(block["rank"]),
            help=overview.ranks_within_text(block),
        )
        if "delta" in block and pd.notna(block.delta):
            st.metric(f"Change since {baseline}", f"{block.delta:+.1f}", help=f"Delta rank {block.delta_rank}")
        value = view.data.loc[view.data.unit_id == selected, "value"]
        if len(value):
            st.metric(measure.label, map_measures.format_value(float(value.iloc[0]), measure))
        st.page_link(
            "pages/profile.py",
            label=f"Open the {ui.unit_words(facts, 'en')['unit']} profile",
            icon=":material/location_city:",
            query_params={**ui.sidebar_query(), ui.ProfileKeys.BLOCK_QUERY: selected},
        )
    else:
        st.caption(f"Click a {ui.unit_words(facts, 'en')['unit']} to see its key figures here.")

hist_col, tables_col = st.columns(2)
with hist_col:
    if view.data.value.notna().any():
        ui.chart_with_downloads(
            charts.class_histogram(view.data, view.legend, measure.label),
            view.data,
            f"map_values_{measure.key.replace(':', '_')}_{label(period)}",
        )
with tables_col:
    ranked = view.data.dropna(subset=["value"]).sort_values("value", ascending=not measure.higher_is_better)
    columns = {
        "unit_name": ui.unit_words(facts, "en")["unit"].title(),
        "district": "District",
        "state": "State / UT",
        "value": measure.label,
    }
    if facts["level"] == "district":
        columns.pop("district")  # the unit is the district
    for heading, rows in (("Best 10", ranked.head(10)), ("Worst 10", ranked.tail(10).iloc[::-1])):
        st.markdown(f"**{heading}**")
        st.dataframe(rows[list(columns)].rename(columns=columns), hide_index=True)
        ui.download_table(rows[list(columns)], f"map_{heading.lower().replace(' ', '')}_{label(period)}.csv")

source = ui.source_line(key) + " Method: NITI Most Balanced Performer."
title = f"{measure.label}, {ui.scope_label(filters)}, {label(period)}"
st.download_button(
    "Download map image (PNG)",
    lambda: static.map_png(view, title, source),
    file_name=f"map_{label(period)}.png",
    mime="image/png",
    icon=":material/image:",
    key=K.PNG,
)
st.caption(
    f"Map outlines sent to the browser once per scope: {view.scope.bytes / 1e6:.2f} MB; "
    f"each change of measure, period or classes sends {view.style_bytes / 1e3:.0f} kB."
)

if playing:
    following = next_play_period(frames, period, starting=K.PLAY_CLOCK not in st.session_state)
    if following is None:
        st.session_state.pop(K.PLAY_CLOCK, None)
        st.session_state[K.PLAY_DONE] = True
    else:  # the next frame is drawn while this one is on screen, so each step only sends it
        ui.map_view(key, following, baseline_period, measure, scheme, classes, filters["state"], filters["district"])
        time.sleep(wait_before_step(st.session_state.get(K.PLAY_CLOCK), time.monotonic()))
        st.session_state[K.PLAY_CLOCK] = time.monotonic()
        st.session_state[ui.StateKeys.NEXT_PERIOD] = label(following)
    st.rerun()
else:
    st.session_state.pop(K.PLAY_CLOCK, None)
