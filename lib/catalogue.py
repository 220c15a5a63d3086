"""The indicator catalogue: read, check and load ``data/indicators.csv``."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lib.config import CATALOGUE_CSV
from lib.errors import InputError, Problem
from lib.ingest.indicator_names import name_clashes
from lib.periods import PERIODICITIES
from lib.scoring.params import GROUPS

COLUMNS = (
    "indicator_id",
    "name",
    "short_name",
    "theme",
    "score_group",
    "unit",
    "direction",
    "periodicity",
    "sdg_goal",
    "sdg_target",
    "sampoornata",
    "source",
    "valid_min",
    "valid_max",
    "target",
    "official_name",
    "aliases",
    "name_hi",
    "short_name_hi",
)
# May be absent from older files. An empty target means the default target; official_name is the
# name NITI's ABP dashboard prints, aliases other names files use ("|" between them); name_hi and
# short_name_hi are the Hindi names (the English ones stand in where they are empty).
OPTIONAL = ("target", "official_name", "aliases", "name_hi", "short_name_hi")
REQUIRED = ("indicator_id", "name", "short_name", "theme", "score_group", "unit", "direction", "periodicity")
ALLOWED = {
    "score_group": GROUPS,  # a KPI in any other group would silently leave the official ranking
    "unit": ("%", "count", "ratio"),
    "direction": ("higher", "lower"),
    "periodicity": PERIODICITIES,
}
INSERT_SQL = "INSERT INTO indicators (" + ", ".join(COLUMNS) + ") SELECT " + ", ".join(COLUMNS) + " FROM catalogue_in"
_TRUE = {"true", "yes", "y", "1"}
_ID = re.compile(r"[A-Za-z0-9_-]+")
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
    raw = _read_text_table(path)
    raw.columns = [c.strip().lower() for c in raw.columns]
    for column in OPTIONAL:
        if column not in raw.columns:
            raw[column] = ""
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    path.name, 1, c, f"column is missing from the header; the catalogue needs: {', '.join(COLUMNS)}"
                )
                for c in missing
            ]
        )
    frame = raw[list(COLUMNS)].apply(lambda col: col.str.strip())
    # Blank lines are kept while reading so that line numbers in messages match the file.
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    "the catalogue has a header but no indicators; one row per indicator is needed",
                )
            ]
        )
    problems = _row_problems(frame, path.name)
    if problems:
        raise InputError(problems)
    typed = _typed(frame).reset_index(drop=True)
    # two indicators whose names read alike would make a file's name mean either: refuse up front
    clashes = [Problem(path.name, None, p.column, p.message) for p in name_clashes(typed)]
    if clashes:
        raise InputError(clashes)
    return typed


def _read_text_table(path: Path) -> pd.DataFrame:
    """Read a CSV as text, turning unreadable files into an InputError."""
    if not path.exists():
        raise InputError([Problem(path.name, None, None, f"file not found at {path}")])
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError(
            [Problem(path.name, None, None, "the file is empty; it needs a header row and one row per indicator")]
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"the file is not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8' and try again",
                )
            ]
        ) from None
    except pd.errors.ParserError as exc:
        raise InputError([Problem(path.name, None, None, f"not a readable CSV: {exc}")]) from None


def _row_problems(frame: pd.DataFrame, source: str) -> list[Problem]:
    problems = []
    for position, row in zip(frame.index, frame.itertuples(index=False), strict=True):
        line = position + 2  # header is line 1; the index counts every line after it
        record = row._asdict()
        for column in REQUIRED:
            if not record[column]:
                problems.append(Problem(source, line, column, "is empty; every indicator needs a value here"))
        for column, options in ALLOWED.items():
            if record[column] and record[column] not in options:
                problems.append(Problem(source, line, column, f"'{record[column]}' is not one of {', '.join(options)}"))
        if record["indicator_id"] and not _ID.fullmatch(record["indicator_id"]):
            problems.append(
                Problem(
                    source,
                    line,
                    "indicator_id",
                    f"'{record['indicator_id']}' has characters other "
                    "than letters, digits, '_' and '-'; ids go into page links, where ':' and ',' "
                    "separate values: rename it",
                )
            )
        if record["sampoornata"].lower() not in _TRUE | _FALSE:
            problems.append(Problem(source, line, "sampoornata", f"'{record['sampoornata']}' is not true/false"))
        problems.extend(_number_problems(record, source, line))
    duplicated = frame.indicator_id[
        frame.indicator_id.duplicated() & (frame.indicator_id != "")
    ]  # index = file position
    for position, value in duplicated.items():
        problems.append(
            Problem(source, position + 2, "indicator_id", f"'{value}' appears more than once; ids must be unique")
        )
    return problems


def _number_problems(record: dict, source: str, line: int) -> list[Problem]:
    problems, numbers = [], {}
    for column in ("sdg_goal", "valid_min", "valid_max", "target"):
        if not record[column]:
            continue
        number = pd.to_numeric(record[column], errors="coerce")
        if pd.isna(number):
            problems.append(Problem(source, line, column, f"'{record[column]}' is not a number"))
        else:
            numbers[column] = number
    goal = numbers.get("sdg_goal")
    if goal is not None and (goal != int(goal) or not 1 <= goal <= 17):
        problems.append(
            Problem(source, line, "sdg_goal", f"'{record['sdg_goal']}' is not an SDG goal (a whole number 1-17)")
        )
    if "valid_min" in numbers and "valid_max" in numbers and numbers["valid_min"] > numbers["valid_max"]:
        problems.append(
            Problem(
                source, line, "valid_max", f"valid_max {record['valid_max']} is below valid_min {record['valid_min']}"
            )
        )
    target = numbers.get("target")
    if target is not None and not numbers.get("valid_min", -float("inf")) <= target <= numbers.get(
        "valid_max", float("inf")
    ):
        problems.append(
            Problem(
                source,
                line,
                "target",
                f"target {record['target']} is outside the valid range "
                f"{record['valid_min'] or '-inf'} to {record['valid_max'] or 'inf'}; a value can never "
                "reach it",
            )
        )
    return problems


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    typed = frame.copy()
    typed["sampoornata"] = typed.sampoornata.str.lower().isin(_TRUE)
    typed["sdg_goal"] = pd.to_numeric(typed.sdg_goal.replace("", None)).astype("Int64")
    for column in ("valid_min", "valid_max", "target"):
        typed[column] = pd.to_numeric(typed[column].replace("", None)).astype("Float64")
    for column in ("sdg_target", "source", "official_name", "aliases", "name_hi", "short_name_hi"):
        typed[column] = typed[column].replace("", None)
    return typed
