"""Reading a cohort list (CSV): one row per block with block code, cohort name and start month.

Every problem in the file is reported at once (line, column, value, reason) and nothing is used
unless the whole file is clean. The Pilot evaluation page's uploads, ``python -m lib evaluate
--cohort-file`` and ``python -m lib import cohorts`` all read files here.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from lib.errors import InputError, Problem
from lib.evaluation.cohorts import slug
from lib.evaluation.spec import Cohort
from lib.periods import label, parse_period
from lib.register import clean_code, code_key

# Accepted header spellings, after lower-casing and turning spaces/dashes into underscores.
COLUMN_ALIASES = {
    "block": ("block_code", "block", "block_id", "unit_id", "unit", "lgd_code", "block_lgd_code"),
    "cohort": ("cohort", "cohort_name", "cohort_id", "pilot", "pilot_name"),
    "start": ("start", "start_month", "start_period", "start_date"),
}
MAX_UPLOAD_ROWS = 20_000
# What a viewer may upload on the Pilot evaluation page: one row per block is a few dozen bytes, so even
# every block in India (~7,000) fits in well under 1 MB.
VIEWER_UPLOAD_MB = 1
VIEWER_UPLOAD_BYTES = VIEWER_UPLOAD_MB * 1024 * 1024
MAX_NAME_CHARS = 100


def read_bounded(stream, source: str, max_bytes: int = VIEWER_UPLOAD_BYTES, max_rows: int = MAX_UPLOAD_ROWS) -> bytes:
    r"""The bytes of an uploaded cohort list, read line by line and refused as soon as it passes
    ``max_bytes`` or ``max_rows`` lines, before anything parses the whole file.

    Examples
    --------
    >>> read_bounded(io.BytesIO(b"block,cohort,start\n5001,A,2024-04\n"), "c.csv")
    b'block,cohort,start\n5001,A,2024-04\n'
    >>> read_bounded(io.BytesIO(b"x" * 50), "c.csv", max_bytes=10)
    Traceback (most recent call last):
    ...
    lib.errors.InputError: 1 problem(s); nothing was loaded:
      - c.csv: larger than 10 bytes; a cohort list is one short row per block: check that this is the right file
    """
    size = getattr(stream, "size", None)
    if size is not None and size > max_bytes:
        raise InputError([_too_big(source, max_bytes)])
    kept, total = [], 0
    # the reader asks for no more than what is left of the limit: it reads the running total on purpose
    for rows, line in enumerate(iter(lambda: stream.readline(max_bytes + 1 - total), b""), start=1):  # noqa: B023
        total += len(line)
        if total > max_bytes:
            raise InputError([_too_big(source, max_bytes)])
        if rows > max_rows + 1:  # the header and max_rows rows
            raise InputError(
                [Problem(source, None, None, f"more than {max_rows:,} rows; a cohort list has one row per block")]
            )
        kept.append(line)
    return b"".join(kept)


def _too_big(source: str, max_bytes: int) -> Problem:
    limit = f"{max_bytes // (1024 * 1024)} MB" if max_bytes >= 1024 * 1024 else f"{max_bytes:,} bytes"
    return Problem(
        source,
        None,
        None,
        f"larger than {limit}; a cohort list is one short row per block: check that this is the right file",
    )


def _find_columns(header: list[str], source: str) -> dict[str, str]:
    normalised = {re.sub(r"[\s\-]+", "_", h.strip().lower()): h for h in header}
    found, problems = {}, []
    for role, aliases in COLUMN_ALIASES.items():
        match = next((normalised[a] for a in aliases if a in normalised), None)
        if match is None:
            problems.append(
                Problem(
                    source,
                    1,
                    None,
                    f"no {role} column: name one of {', '.join(aliases)} "
                    f"(the header has: {', '.join(header) or 'nothing'})",
                )
            )
        found[role] = match
    if problems:
        raise InputError(problems)
    return found


def _block_lookup(blocks: pd.DataFrame) -> dict[str, str]:
    """Map unit ids and LGD codes, both as :func:`lib.register.code_key` compares them, to unit ids."""
    lookup = {code_key(u): u for u in blocks.unit_id}
    for unit_id, code in zip(blocks.unit_id, blocks.lgd_code, strict=True):
        if clean_code(code):  # a block without a code is found by its id only
            lookup.setdefault(code_key(code), unit_id)
    return lookup


def _resolve_block(text: str, lookup: dict[str, str]) -> str | None:
    return lookup.get(code_key(text))  # '0123', '123' and a spreadsheet's '123.0' are one block


def parse_cohort_csv(content: bytes | str, source: str, blocks: pd.DataFrame) -> tuple[Cohort, ...]:
    """Read an uploaded cohort list (CSV): one row per block.

    Parameters
    ----------
    content : the file's bytes (UTF-8, optionally with a byte-order mark) or text.
    source : the file name, used in problem messages.
    blocks : known blocks with ``unit_id`` and ``lgd_code``.

    Raises ``InputError`` listing every problem (unknown block, bad month, a block
    listed twice, one cohort with two start months); nothing is returned half-read.
    """
    try:
        text = content.decode("utf-8-sig", errors="strict") if isinstance(content, bytes) else content
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    None,
                    f"not UTF-8 text (byte {exc.start} cannot be read); "
                    "save the file as 'CSV UTF-8' and upload it again",
                )
            ]
        ) from exc
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True, index_col=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            [Problem(source, None, None, f"not a readable CSV file ({exc}); save it as CSV (UTF-8)")]
        ) from exc
    if len(frame) > MAX_UPLOAD_ROWS:
        raise InputError(
            [Problem(source, None, None, f"{len(frame):,} rows; a cohort list has at most {MAX_UPLOAD_ROWS:,}")]
        )
    columns = _find_columns(list(frame.columns), source)
    if frame.empty:
        raise InputError([Problem(source, None, None, "the file has a header but no rows")])
    lookup = _block_lookup(blocks)
    problems, rows = [], []
    for position, record in enumerate(frame.itertuples(index=False)):
        line = position + 2
        values = dict(zip(frame.columns, record, strict=True))
        row_problems = _row_problems(values, columns, lookup, source, line)
        if row_problems:
            problems += row_problems
            continue
        rows.append(
            (
                line,
                _resolve_block(values[columns["block"]], lookup),
                values[columns["cohort"]].strip(),
                parse_period(values[columns["start"]]),
            )
        )
    problems += _consistency_problems(rows, columns, source)
    if problems:
        raise InputError(problems)
    return _group_rows(rows)


def _row_problems(values: dict, columns: dict, lookup: dict, source: str, line: int) -> list[Problem]:
    problems = []
    block_text = values[columns["block"]].strip()
    if not block_text:
        problems.append(Problem(source, line, columns["block"], "empty block code; fill it in or delete the row"))
    elif _resolve_block(block_text, lookup) is None:
        problems.append(
            Problem(
                source,
                line,
                columns["block"],
                f"'{block_text}' is not a block in the database; use the block's LGD code or unit id",
            )
        )
    if not values[columns["cohort"]].strip():
        problems.append(Problem(source, line, columns["cohort"], "empty cohort name"))
    elif len(values[columns["cohort"]].strip()) > MAX_NAME_CHARS:
        problems.append(
            Problem(
                source,
                line,
                columns["cohort"],
                f"a cohort name of {len(values[columns['cohort']]):,} "
                f"characters; keep it under {MAX_NAME_CHARS} (e.g. 'JICA pilot Phase II')",
            )
        )
    try:
        parse_period(values[columns["start"]])
    except ValueError:
        problems.append(
            Problem(
                source,
                line,
                columns["start"],
                f"'{values[columns['start']]}' is not a month; write it as YYYY-MM, e.g. 2024-04",
            )
        )
    return problems


def _consistency_problems(rows: list[tuple], columns: dict, source: str) -> list[Problem]:
    problems, first_line, cohort_start, block_start = [], {}, {}, {}
    for line, unit_id, name, start in rows:
        cohort = slug(name)  # 'Round 1' and 'round 1' are one cohort
        if (unit_id, cohort) in first_line:
            problems.append(
                Problem(
                    source,
                    line,
                    columns["block"],
                    f"block {unit_id} is listed twice in cohort '{name}' (first on line "
                    f"{first_line[(unit_id, cohort)]}); delete one row",
                )
            )
        first_line.setdefault((unit_id, cohort), line)
        if cohort_start.setdefault(cohort, (start, line))[0] != start:
            first_start, at = cohort_start[cohort]
            problems.append(
                Problem(
                    source,
                    line,
                    columns["start"],
                    f"cohort '{name}' starts in {label(first_start)} on line {at} but {label(start)} here; "
                    "one cohort has one start month (give a later round its own cohort name)",
                )
            )
        if block_start.setdefault(unit_id, (start, name))[0] != start:
            problems.append(
                Problem(
                    source,
                    line,
                    columns["block"],
                    f"block {unit_id} is also in cohort '{block_start[unit_id][1]}' with a different start; "
                    "a block can start a pilot only once in one evaluation",
                )
            )
    return problems


def _group_rows(rows: list[tuple]) -> tuple[Cohort, ...]:
    by_cohort: dict[str, list] = {}
    names: dict[str, str] = {}
    for _line, unit_id, name, start in rows:
        names.setdefault(slug(name), name)  # the first spelling names the cohort
        by_cohort.setdefault(slug(name), []).append((unit_id, start))
    return tuple(
        Cohort(cohort_id, names[cohort_id], members[0][1], tuple(sorted({unit_id for unit_id, _ in members})))
        for cohort_id, members in sorted(by_cohort.items(), key=lambda item: (item[1][0][1], item[0]))
    )
