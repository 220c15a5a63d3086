"""Cached data access for the pages: the database connection, its version key, and
``st.cache_data`` / ``st.cache_resource`` wrappers around plain lib calls.

Every cached function takes the database version (:func:`db_key`) as its first argument, so a
load or a rebuild is seen on the next rerun. No SQL and no calculation here: the wrapped
functions live in :mod:`lib.queries`, :mod:`lib.peers`, :mod:`lib.profile` and the feature
packages.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import streamlit as st

from lib import boundaries, charts, peers, profile, queries, rank_advice
from lib.config import db_path
from lib.db import connect, connect_reader, is_built, reader_cursor
from lib.demo.build import build_demo, demo_is_outdated
from lib.evaluation import cohorts as cohort_io
from lib.evaluation.spec import Cohort
from lib.maps import geometry as map_geometry_module
from lib.maps.measures import Measure
from lib.maps.view import MapView, build_map, detail_for
from lib.periods import label
from lib.report import card_pdf
from lib.report import content as report_content
from lib.scoring import matrix, service
from lib.scoring.params import RankingParams, official_default

# --- database ---------------------------------------------------------------


_databases_checked: dict[str, bool] = {}  # database file version -> holds data (checked once per version)


def ensure_database() -> bool:
    """Build the demo on first run (with a progress bar) when no database file exists, or rebuild
    a demo built by an earlier version; say whether the database holds data.

    Any other existing file is never overwritten: one with no data yet (a real
    dataset being prepared) returns False, and the app offers only the Data admin page.
    """
    path = db_path()
    outdated = False
    if path.exists():
        stat = path.stat()
        version = f"{path}:{stat.st_ino}.{stat.st_mtime_ns}"
        if version in _databases_checked:  # this runs on every click: a connection cost ~45 ms
            return _databases_checked[version]
        with connect(path, read_only=True) as con:
            built, outdated = is_built(con), demo_is_outdated(con)
        if not outdated:
            _databases_checked[version] = built
            return built
    st.info(
        f"The synthetic demo at `{path}` was built by an earlier version (district codes were "
        "not LGD codes): rebuilding it (about 10-30 seconds)."
        if outdated
        else f"No database at `{path}` yet: building the synthetic demo dataset (about 10-30 seconds)."
    )
    bar = st.progress(0.0, text="Starting")
    build_demo(path, progress=lambda fraction, message: bar.progress(min(fraction, 1.0), text=message))
    bar.empty()
    return True


def db_key() -> str:
    """Cache key that changes whenever the database file is rebuilt or replaced by a load.

    The first rerun that sees a new version empties the data caches: every session reads the
    file's current version on its next rerun, so entries for older versions would only hold memory.
    """
    path = db_path()
    stat = path.stat()
    key = f"{path}:{stat.st_ino}.{stat.st_mtime_ns}"
    if _versions_seen.setdefault(str(path), key) != key:
        _versions_seen[str(path)] = key
        st.cache_data.clear()
        map_geometry.clear()
        map_view.clear()
    return key


_versions_seen: dict[str, str] = {}  # database path -> the version the caches hold


# Two entries: sessions still running a query on the file a load just replaced keep theirs.
@st.cache_resource(show_spinner=False, max_entries=2)
def _connection(key: str) -> duckdb.DuckDBPyConnection:
    return connect_reader(key.rsplit(":", 1)[0])


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the process-wide read-only view of the file (one per call: thread-safe)."""
    return reader_cursor(_connection(db_key()))


# --- dataset-wide tables ----------------------------------------------------


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
    return queries.loads(cursor())


@st.cache_data(show_spinner=False)
def units_not_in_register(key: str) -> pd.DataFrame:
    return queries.units_not_in_register(cursor())


@st.cache_data(show_spinner=False)
def block_units(key: str) -> pd.DataFrame:
    return matrix.block_units(cursor())


@st.cache_data(show_spinner=False)
def loaded_unit_ids(key: str) -> set:
    """Units with any observation (the map draws those not aspirational in grey)."""
    return set(queries.units_with_data(cursor()))


@st.cache_data(show_spinner=False)
def cohort_names(key: str) -> dict:
    return queries.cohort_names(cursor())


@st.cache_data(show_spinner=False)
def database_cohorts(key: str) -> list[Cohort]:
    return cohort_io.database_cohorts(cursor())


@st.cache_data(show_spinner=False)
def completeness(key: str, period: date, state_id: str = "", district_id: str = "") -> float:
    return queries.completeness(cursor(), period, state_id, district_id)


@st.cache_data(show_spinner=False)
def chart_png(spec_json: str) -> bytes:
    """Chart PNG, cached by the chart's full Vega-Lite spec (data included)."""
    return charts.spec_png(spec_json)


# --- rankings and maps ------------------------------------------------------


@st.cache_data(show_spinner="Ranking blocks...")
def ranking_table(key: str, params: RankingParams) -> pd.DataFrame:
    """The ranking table for a parameter set (cached per database and parameters)."""
    return service.ranking_table(cursor(), params, block_units(key))


@st.cache_data(show_spinner="Loading indicator values...")
def indicator_matrix(key: str, period: date, scope: str):
    return matrix.load_matrix(cursor(), period, scope, block_units(key))


def unit_outlines(key: str):
    """Outlines of the analysis level's units (blocks, or districts for district-level data)."""
    return boundaries.read_boundaries(cursor(), summary(key)["level"])


@st.cache_resource(show_spinner="Preparing map geometry (once)...")
def map_geometry(key: str, detail: str):
    """Simplified block polygons and outlines for one detail level (shared, read-only).

    Every unit of the analysis level is passed along, so those with no outline of their
    own are drawn as dots inside their district's outline.
    """
    con = cursor()
    levels = {level: boundaries.read_boundaries(con, level) for level in ("district", "state")}
    levels["block"] = unit_outlines(key)  # the map's areas are the analysis level's units
    return map_geometry_module.prepare(levels, block_units(key), detail)


# A view holds the style and the table of one map (the outlines are shared by scope, on the
# prepared geometry): a demo's months of Play at a few measures.
MAP_VIEWS_KEPT = 96


@st.cache_resource(show_spinner="Drawing the map...", max_entries=MAP_VIEWS_KEPT)
def map_view(
    key: str,
    period: date,
    baseline: date | None,
    measure: Measure,
    scheme: str,
    k: int,
    state_id: str,
    district_id: str,
    lang: str = "en",
) -> MapView:
    """One map in ``lang``, built once and shared read-only (sessions, reruns and Play's frames reuse it)."""
    params = official_default(period, baseline)
    return build_map(
        map_geometry(key, detail_for(state_id, district_id)),
        ranking_table(key, params),
        indicator_matrix(key, period, params.scope),
        measure,
        scheme,
        k,
        label(period),
        loaded_unit_ids(key),
        state_id or None,
        district_id or None,
        lang,
    )


# --- block profile ----------------------------------------------------------


@st.cache_data(show_spinner="Reading the block's indicators...")
def profile_indicators(key: str, block_id: str, period: date, baseline: date, lang: str = "en") -> pd.DataFrame:
    return profile.indicator_table(cursor(), block_id, period, baseline, lang)


@st.cache_data(show_spinner=False)
def profile_series(key: str, block_id: str, indicator_ids: tuple) -> dict:
    """Trend series of several indicators for one block, in one query."""
    return profile.block_series_many(cursor(), block_id, list(indicator_ids))


@st.cache_data(show_spinner=False)
def cohort_starts(key: str, block_id: str) -> list:
    return queries.cohort_starts(cursor(), block_id)


@st.cache_data(show_spinner="Finding peers...")
def peer_ids(key: str, group: str, block_id: str, baseline: date, hand_picked: tuple) -> list[str]:
    """The block's peers in ``group``; the inputs only some groups need are read only for them."""
    loaders = {
        "baseline_table": lambda: ranking_table(key, RankingParams(period=baseline)),
        "geometries": lambda: unit_outlines(key),
    }
    needed = peers.PEER_INPUTS.get(group)
    inputs = {needed: loaders[needed]()} if needed else {}
    return peers.peer_group(group, block_units(key), block_id, hand_picked=hand_picked, **inputs)


@st.cache_data(show_spinner=False)
def peer_positions(key: str, block_id: str, peer_list: tuple, period: date, baseline: date):
    """(positions per indicator, long table of peer values for the dot plot)."""
    current = indicator_matrix(key, period, "aspirational")
    before = indicator_matrix(key, baseline, "aspirational")
    positions = peers.peer_positions(current, before, catalogue(key), block_id, list(peer_list))
    return positions, peers.peer_values(current, catalogue(key), peer_list)


@st.cache_data(show_spinner="Working out what would lift the block into the next rank band...")
def rank_plan(key: str, block_id: str, period: date) -> rank_advice.RankPlan:
    """What it would take the block to reach the next rank band (official default method)."""
    params = RankingParams(period=period)
    return rank_advice.rank_plan(indicator_matrix(key, period, params.scope), params, block_id, catalogue(key))


# --- review meeting ---------------------------------------------------------


@st.cache_resource(show_spinner="Ranking the period for the review...", max_entries=4)
def review(key: str, period: date) -> report_content.Review:
    """The period's review (rankings now and at the last meeting, matrices); read-only, shared."""
    return report_content.review(cursor(), period)


@st.cache_data(show_spinner=False, max_entries=64)
def block_card(key: str, period: date, block_id: str) -> report_content.BlockCard:
    return report_content.block_card(cursor(), review(key, period), block_id)


@st.cache_data(show_spinner=False, max_entries=64)
def report_card_pdf(key: str, block_id: str, period: date, lang: str) -> bytes:
    return card_pdf.cards_pdf(cursor(), review(key, period), [block_id], lang=lang)


@st.cache_data(show_spinner="Comparing blocks...")
def compare_blocks(key: str, chosen: tuple, period: date):
    """(theme scores of the chosen blocks at ``period``, their composite every quarter up to it)."""
    scores = profile.compare_theme_scores(ranking_table(key, RankingParams(period=period)), chosen)
    tables = {p: ranking_table(key, RankingParams(period=p)) for p in profile.history_periods(periods(key), period)}
    return scores, profile.composite_history(tables, chosen)
