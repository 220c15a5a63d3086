"""Paths and settings shared by the CLI, the app and the tests."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
CATALOGUE_CSV = DATA_DIR / "indicators.csv"
DEFAULT_DB = DATA_DIR / "abp.duckdb"
DB_ENV_VAR = "ABP_DB"


def db_path(explicit: str | os.PathLike | None = None) -> Path:
    """Return the database file to use.

    Order: an explicit path (CLI ``--db``), then the ``ABP_DB`` environment
    variable, then ``data/abp.duckdb`` in the project.

    Examples
    --------
    >>> db_path("/tmp/x.duckdb").name
    'x.duckdb'
    """
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_DB
