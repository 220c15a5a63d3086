"""Reading an indicator table (CSV, XLSX, Parquet) and recognising its layout.

Every cell is read as text, so nothing is converted before it is checked
(``lib.ingest.parse`` does that, reporting what it could not read). Files are
parsed as data only: no formulas are evaluated, nothing is unpickled.

Layouts:

- ``long``: one row per unit, indicator and period, with a value column
  (optionally numerator and denominator).
- ``wide_indicators``: one row per unit and period, one column per indicator.
- ``wide_periods``: one row per unit and indicator, one column per period
  (e.g. NFHS fact sheets: ``NFHS-5``, ``NFHS-4``).

A spreadsheet whose header spans two rows (a theme row above the indicator
row, as quarterly ranking sheets have) is read by joining the two rows when
the first row is mostly empty merged cells; otherwise it is rejected with a
message that says how to flatten it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from lib.errors import InputError, Problem
from lib.ingest.parse import parse_period_label

FORMATS = ("long", "wide_indicators", "wide_periods")
MAX_ROWS = 2_000_000
# Header spellings (lower-case, spaces/dashes/dots as underscores) -> role. The unit's own columns
# depend on the level: in a block file 'District' names the block's district (its parent), in a
# district file it names the unit itself; and a block file's 'District Code' is not the block's code.
UNIT_ROLES = {
    "block": {
        "unit_code": ("unit_code", "unit_id", "lgd_code", "block_code", "block_lgd_code", "code"),
        "unit_name": ("unit_name", "unit", "block", "block_name", "name"),
        "district_name": ("district_of_block", "parent_district", "district", "district_name"),
        "district_code": (
            "district_code",
            "district_lgd_code",
            "lgd_district_code",
            "district_lgd",
            "dist_code",
            "dist_lgd",
            "dt_code",
            "census_2011_district_code",
            "district_census_code",
            "district_census_2011_code",
            "census_district_code",
        ),
    },
    "district": {
        "unit_code": (
            "unit_code",
            "unit_id",
            "lgd_code",
            "district_code",
            "district_lgd_code",
            "lgd_district_code",
            "district_lgd",
            "dist_code",
            "dist_lgd",
            "dt_code",
            "census_2011_district_code",
            "district_census_code",
            "district_census_2011_code",
            "census_district_code",
            "code",
        ),
        "unit_name": ("unit_name", "unit", "district", "district_name", "name"),
    },
}
ROLES = {
    "state_name": ("state", "state_name", "state_ut", "state_or_ut"),
    "state_code": (
        "state_code",
        "state_lgd_code",
        "lgd_state_code",
        "state_lgd",
        "st_code",
        "state_abbreviation",
        "state_abbr",
        "state_iso_code",
    ),
    "indicator": ("indicator", "indicator_id", "indicator_name", "kpi", "kpi_name"),
    "period": ("period", "month", "reporting_month", "quarter", "year", "round", "survey_round"),
    "value": ("value", "val", "indicator_value", "percent", "percentage"),
    "numerator": ("numerator", "num"),
    "denominator": ("denominator", "den", "denom"),
}


def header_key(text) -> str:
    """``'District Name '`` -> ``'district_name'``."""
    return re.sub(r"[^0-9a-z]+", "_", str(text).strip().lower()).strip("_")


def read_table(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """All cells as text, with a ``_line`` column giving each row's line (CSV) or row (XLSX) number."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        frame = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        frame = _read_xlsx(path, sheet)
    elif suffix == ".parquet":
        frame = as_text(pd.read_parquet(path))
        frame["_line"] = range(1, len(frame) + 1)  # parquet has rows, not lines
    else:
        raise InputError(
            [Problem(path.name, None, None, f"unsupported file type '{suffix}': use CSV, XLSX or Parquet")]
        )
    if len(frame) > MAX_ROWS:
        raise InputError([Problem(path.name, None, None, f"{len(frame):,} rows; split files above {MAX_ROWS:,} rows")])
    if frame.empty:
        raise InputError(
            [Problem(path.name, None, None, "the file has a header but no data rows; add the values below the header")]
        )
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [Problem(path.name, None, None, f"not UTF-8 text (byte {exc.start}); save it as 'CSV UTF-8'")]
        ) from exc
    if not raw.strip():
        raise InputError([Problem(path.name, None, None, "the file is empty; it needs a header row and data rows")])
    separator = _delimiter(raw)
    _check_rows(raw, separator, path.name)
    try:
        frame = pd.read_csv(
            io.StringIO(raw), dtype=str, keep_default_na=False, index_col=False, skip_blank_lines=False, sep=separator
        )
    except pd.errors.ParserError as exc:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"not a regular CSV table ({exc}); check that every row "
                    "has as many cells as the header, and that text with commas is in quotes",
                )
            ]
        ) from None
    frame["_line"] = range(2, len(frame) + 2)
    return frame[~(frame.drop(columns="_line") == "").all(axis=1)].reset_index(drop=True)


MAX_CELL_CHARS = 2_000  # names, codes and numbers are far shorter; a longer cell is pasted text or a lost quote
csv.field_size_limit(64 * 1024 * 1024)  # read long cells so they can be reported with their line (default 128 KB)


def _check_rows(text: str, separator: str, source: str) -> None:
    """Refuse what pandas would silently change: a column name given twice (it would rename one
    'Value.1'), rows with more filled cells than the header (it would drop them); and cells too long
    to be a table cell. Empty trailing cells, as spreadsheets save them, are fine."""
    rows = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        header = next(rows, [])
        _unique(header, source)
        width = len(header)
        problems = []
        for line, row in enumerate(rows, start=2):
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                problems.append(
                    Problem(
                        source,
                        line,
                        None,
                        f"{len(row)} cells but the header has {width}; delete "
                        "the extra cells or add a header for them (text with the separator in it "
                        "must be in quotes)",
                    )
                )
            problems += [
                Problem(
                    source,
                    line,
                    header[position] if position < width else None,
                    f"a cell of {len(cell):,} characters (at most {MAX_CELL_CHARS:,}); a cell holds "
                    "one name, code or number: check for text pasted into it or a quote left open",
                )
                for position, cell in enumerate(row)
                if len(cell) > MAX_CELL_CHARS
            ]
    except csv.Error as exc:
        raise InputError(
            [
                Problem(
                    source,
                    rows.line_num,
                    None,
                    f"not a readable CSV table ({exc}); check the quotes around text on this line",
                )
            ]
        ) from None
    if problems:
        raise InputError(problems[:100])


def _delimiter(text: str) -> str:
    """The header line's separator: a comma, or the semicolon, tab or bar some spreadsheet locales save with.

    Examples
    --------
    >>> _delimiter("Block Code;Indicator;Month;Value\\n5001;anc;2025-03;80,5\\n")
    ';'
    """
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def _read_xlsx(path: Path, sheet: str | None) -> pd.DataFrame:
    try:
        # Cells as openpyxl gives them (dates as dates), and 'NA' kept as written, as in a CSV.
        book = pd.read_excel(
            path, sheet_name=None, header=None, dtype=object, engine="openpyxl", keep_default_na=False, na_filter=False
        )
    except Exception as exc:  # a corrupt or password-protected workbook
        raise InputError(
            [Problem(path.name, None, None, f"cannot read this workbook ({exc}); save it again as .xlsx")]
        ) from exc
    if sheet is None and len(book) > 1:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"the workbook has {len(book)} sheets ({', '.join(book)}); say which with --sheet NAME",
                )
            ]
        )
    name = sheet if sheet is not None else next(iter(book))
    if name not in book:
        raise InputError([Problem(path.name, None, None, f"no sheet '{name}'; the sheets are {', '.join(book)}")])
    cells = as_text(book[name])
    header, start = _header(cells, path.name)
    frame = cells.iloc[start:].reset_index(drop=True)
    frame.columns = header
    frame["_line"] = range(start + 1, start + 1 + len(frame))
    return frame[~(frame.drop(columns="_line") == "").all(axis=1)].reset_index(drop=True)


def cell_text(cell) -> str:
    """A spreadsheet or Parquet cell as the text a CSV would hold.

    A date is written ``YYYY-MM-DD`` (without the midnight time a date cell
    carries) so that a month typed into Excel reads as a period, and a whole
    number stored as a float is written without ``.0`` so that a code reads as
    typed.

    Examples
    --------
    >>> from datetime import datetime
    >>> cell_text(datetime(2025, 3, 1)), cell_text(5001.0), cell_text(70.5), cell_text(None), cell_text("NA")
    ('2025-03-01', '5001', '70.5', '', 'NA')
    """
    if isinstance(cell, str):
        return cell
    if cell is None or (pd.api.types.is_scalar(cell) and pd.isna(cell)):
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(sep=" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 1e15:  # beyond, a float has no exact digits
        return str(int(cell))
    return str(cell)


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell of ``frame`` as :func:`cell_text` writes it."""
    return frame.astype(object).map(cell_text)


def _header(cells: pd.DataFrame, source: str) -> tuple[list[str], int]:
    """The header names and the first data row: one header row, or a grouped two-row header.

    A grouped header has a sparse first row (theme names in merged cells) over a
    complete second row (indicator names): the second row names the columns, and
    a name that repeats under two themes is prefixed with its theme.
    """
    first = [str(c).strip() for c in cells.iloc[0]]
    second = [str(c).strip() for c in cells.iloc[1]] if len(cells) > 1 else []
    if all(first) or not second:
        return _unique(first, source), 1
    if sum(1 for c in first if c) <= len(first) / 2 and all(second):
        groups, group = [], ""
        for top in first:
            group = top or group  # a merged cell's text sits in its first column only
            groups.append(group)
        repeated = {n for n in second if second.count(n) > 1}
        return _unique(
            [f"{g} / {n}" if n in repeated and g else n for g, n in zip(groups, second, strict=True)], source
        ), 2
    raise InputError(
        [
            Problem(
                source,
                1,
                None,
                "the header has empty cells: put one name in every column of the first "
                "row (or use a two-row header: themes above, every indicator named below)",
            )
        ]
    )


def _unique(names: list[str], source: str) -> list[str]:
    """``names``, or a refusal naming each column given twice (spelt alike up to case, spaces and
    punctuation, which :func:`header_key` reads as the same column)."""
    keys = [header_key(n) for n in names]
    seen = sorted({n for n, k in zip(names, keys, strict=True) if k and keys.count(k) > 1}, key=header_key)
    if seen:
        raise InputError(
            [
                Problem(
                    source, 1, n, "this column name appears twice" + _spellings(names, n) + "; rename or delete one"
                )
                for n in seen
            ]
        )
    return names


def _spellings(names: list[str], name: str) -> str:
    spelt = list(dict.fromkeys(m for m in names if header_key(m) == header_key(name)))
    return f" (as {' and '.join(repr(m) for m in spelt)})" if len(spelt) > 1 else ""


def role_aliases(level: str = "block") -> dict[str, tuple[str, ...]]:
    """Role -> the header spellings (as :func:`header_key` gives them) recognised for it at ``level``."""
    if level not in UNIT_ROLES:
        raise ValueError(f"level {level!r} is not one of {', '.join(UNIT_ROLES)}")
    return {**UNIT_ROLES[level], **ROLES}


def column_roles(columns, level: str = "block") -> dict[str, str]:
    """Role -> the file's column for each recognised header (first match wins).

    Examples
    --------
    >>> column_roles(["State", "District", "Block", "Month"])
    {'unit_name': 'Block', 'district_name': 'District', 'state_name': 'State', 'period': 'Month'}
    >>> column_roles(["State", "District", "Month"], level="district")["unit_name"]
    'District'
    """
    keys = {header_key(c): c for c in columns if c != "_line"}
    roles = {}
    for role, aliases in role_aliases(level).items():
        match = next((keys[a] for a in aliases if a in keys), None)
        if match is not None and match not in roles.values():
            roles[role] = match
    return roles


def require_unit_column(roles: dict[str, str], level: str, source: str) -> None:
    """Refuse a table with neither a code nor a name column for its units: no row could be matched."""
    if "unit_code" in roles or "unit_name" in roles:
        return
    aliases = role_aliases(level)
    raise InputError(
        [
            Problem(
                source,
                None,
                None,
                (
                    f"no {level} code or name column was found, so no row can be matched to a unit; give the file a "
                    f"column named one of {', '.join(aliases['unit_code'])} (a code) or {', '.join(aliases['unit_name'])} "
                    "(a name); case, spaces and underscores do not matter"
                ),
            )
        ]
    )


def is_period_header(text) -> bool:
    try:
        parse_period_label(str(text))
    except ValueError:
        return False
    return True


def detect_format(columns, level: str = "block") -> str:
    """``long``, ``wide_indicators`` or ``wide_periods`` from the header alone.

    ``level`` decides which columns name the unit (see :func:`column_roles`).
    """
    roles = column_roles(columns, level)
    if {"indicator", "period", "value"} <= set(roles):
        return "long"
    others = [c for c in columns if c != "_line" and c not in roles.values()]
    if "indicator" in roles and any(is_period_header(c) for c in others):
        return "wide_periods"
    if "period" in roles and others:
        return "wide_indicators"
    raise ValueError(
        "cannot tell the table's layout from its header: name the columns (unit, indicator, period, "
        "value) for a long table, or (unit, period, <one column per indicator>), or (unit, indicator, "
        "<one column per period>); or give --format"
    )
