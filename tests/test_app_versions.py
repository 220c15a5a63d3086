"""The app's caches hold one version of the database: a load empties them (issue 13 item 4)."""

from __future__ import annotations

import shutil

import streamlit as st
from streamlit.runtime.caching.cache_data_api import get_data_cache_stats_provider

from lib import db, ui
from lib.ingest import service
from lib.scoring.matrix import block_units


def summary_bytes() -> int:
    """Bytes held by the cached ``summary`` query (Streamlit groups its entries into one figure)."""
    stats = get_data_cache_stats_provider().get_stats()
    return sum(
        stat.byte_length for family in stats.values() for stat in family if stat.cache_name == "lib.ui.cached.summary"
    )


def test_a_new_database_version_empties_the_caches_and_a_no_op_load_keeps_them(demo_db, tmp_path, monkeypatch):
    target = tmp_path / "abp.duckdb"
    shutil.copy(demo_db, target)
    monkeypatch.setenv("ABP_DB", str(target))
    st.cache_data.clear()
    first = ui.db_key()
    ui.summary(first)
    one_version = summary_bytes()
    assert one_version > 0
    with db.connect(target, read_only=True) as con:
        block = block_units(con).unit_id.iloc[0]
    cohorts = tmp_path / "c.csv"
    cohorts.write_text(f"block_code,cohort,start_month\n{block},Round A,2024-04\n")
    assert service.load_file(target, "cohorts", cohorts, service.Options())["status"] == "loaded"
    second = ui.db_key()
    assert second != first
    ui.summary(second)
    # the old version's entry was dropped when the new version was first seen (two would hold about twice)
    assert 0 < summary_bytes() < 1.5 * one_version
    assert service.load_file(target, "cohorts", cohorts, service.Options())["status"] == "unchanged"
    assert ui.db_key() == second  # nothing published
    assert 0 < summary_bytes() < 1.5 * one_version
