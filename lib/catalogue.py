"""The indicator catalogue: read, check and load ``data/indicators.csv``."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from lib.config import CATALOGUE_CSV
from lib.db import audited_load, file_sha256
from lib.errors import InputError, Problem
from lib.periods import PERIODICITIES

COLUMNS = (
    "indicator_id", "name", "short_name", "theme", "score_group", "unit", "direction",
    "periodicity", "sdg_goal", "sdg_target", "sampoornata", "source", "valid_min", "valid_max",
)
REQUIRED = ("indicator_id", "name", "short_name", "theme", "score_group", "unit", "direction", "periodicity")
ALLOWED = {
    "unit": ("%", "count", "ratio"),
    "direction": ("higher", "lower"),
    "periodicity": PERIODICITIES,
}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0", ""}


def read_catalogue(path: str | Path = CATALOGUE_CSV) -> pd.DataFrame:
    """Read and check an indicator catalogue CSV.

    Raises :class:`lib.errors.InputError` listing every problem (file, line,
    column) when the file does not follow the catalogue format.

    Examples
    --------
    >>> cat = read_catalogue()
    >>> cat.loc[cat.indicator_id == "low_birth_weight", "direction"].item()
    'lower'
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise InputError([Problem(path.name, 1, c, "column is missing from the header; "
                                  f"the catalogue needs: {', '.join(COLUMNS)}") for c in missing])
    frame = raw[list(COLUMNS)].apply(lambda col: col.str.strip())
    problems = _row_problems(frame, path.name)
    if problems:
        raise InputError(problems)
    return _typed(frame)


def _row_problems(frame: pd.DataFrame, source: str) -> list[Problem]:
    problems = []
    for position, row in enumerate(frame.itertuples(index=False)):
        line = position + 2
        record = row._asdict()
        for column in REQUIRED:
            if not record[column]:
                problems.append(Problem(source, line, column, "is empty; every indicator needs a value here"))
        for column, options in ALLOWED.items():
            if record[column] and record[column] not in options:
                problems.append(Problem(source, line, column, f"'{record[column]}' is not one of {', '.join(options)}"))
        if record["sampoornata"].lower() not in _TRUE | _FALSE:
            problems.append(Problem(source, line, "sampoornata", f"'{record['sampoornata']}' is not true/false"))
        for column in ("sdg_goal", "valid_min", "valid_max"):
            if record[column] and pd.to_numeric(record[column], errors="coerce") != pd.to_numeric(record[column], errors="coerce"):
                problems.append(Problem(source, line, column, f"'{record[column]}' is not a number"))
    duplicated = frame.indicator_id[frame.indicator_id.duplicated() & (frame.indicator_id != "")]
    for position, value in duplicated.items():
        problems.append(Problem(source, position + 2, "indicator_id", f"'{value}' appears more than once; ids must be unique"))
    return problems


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    typed["sampoornata"] = typed.sampoornata.str.lower().isin(_TRUE)
    typed["sdg_goal"] = pd.to_numeric(typed.sdg_goal.replace("", None)).astype("Int64")
    for column in ("valid_min", "valid_max"):
        typed[column] = pd.to_numeric(typed[column].replace("", None)).astype("Float64")
    for column in ("sdg_target", "source"):
        typed[column] = typed[column].replace("", None)
    return typed


def load_catalogue(con: duckdb.DuckDBPyConnection, path: str | Path = CATALOGUE_CSV) -> int:
    """Replace the ``indicators`` table with a checked catalogue file; returns rows loaded."""
    catalogue = read_catalogue(path)
    with audited_load(con, "catalogue", Path(path).name, file_sha256(path)) as record:
        con.execute("DELETE FROM indicators")
        con.register("catalogue_in", catalogue)
        con.execute(f"INSERT INTO indicators SELECT {', '.join(COLUMNS)} FROM catalogue_in")
        con.unregister("catalogue_in")
        record["rows_in"] = len(catalogue)
    return len(catalogue)
