"""Shared fixtures: one demo database per test session (built in ~8 s)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from lib.demo.build import build_demo

REALDATA = Path(__file__).resolve().parents[2] / "shared" / "realdata"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """Path of a demo database built with the default seed (aspirational scale)."""
    path = tmp_path_factory.mktemp("demo") / "abp.duckdb"
    build_demo(path)
    return path


@pytest.fixture()
def demo_con(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def demo_env(demo_db, monkeypatch):
    """Point the app (``ABP_DB``) at the session's demo database."""
    monkeypatch.setenv("ABP_DB", str(demo_db))
    return demo_db


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where browser tests save screenshots (CI keeps ``tests/artifacts``)."""
    path = Path(os.environ.get("ABP_TEST_ARTIFACTS", Path(__file__).parent / "artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path
