"""Matching the units named in a user's file to the units in the database.

A row names its unit by a code, a name, or both, and usually its parents too
(state, and for a block its district), each again by code or name. Rules:

- **States** are recognised by name, old name (Orissa, Uttaranchal,
  Pondicherry), two-letter abbreviation (MH, AP), ISO 3166-2:IN code (IN-MH) or
  LGD code (see :mod:`lib.register`), or by a name spelt slightly differently.
  A state the row names but that cannot be recognised stops the row: nothing
  is looked for outside it. A value never lands in a state other than the one
  its row names.
- **Codes are never trusted blindly.** For each code column the code system it
  carries (LGD, Census 2011, Census 2001, or our unit id) is decided by checking
  every candidate reading against the names on the same rows; the reading that
  agrees with most rows is used and reported (:func:`code_readings`). A code
  whose unit's name, district or state contradicts the row's own names is a
  problem that names both readings, never a silent match.
- **Names** are matched within the places the row names, after normalising
  spelling (case, punctuation, "&"/"and", a trailing "district"/"block") and
  known old or variant names (Bid/Beed). District names repeat across states
  (Aurangabad in Bihar and Maharashtra), so a name fits only inside its state.
  A state or district spelt slightly differently is taken as the one place it
  is near-certainly meant to be (reported); a name that fits two units is
  ambiguous; a name that fits none gets the closest name in the same place as
  a *suggestion*, never applied unless the caller accepts suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from lib.ingest.matching import (
    AMBIGUOUS,
    RESULT_COLUMNS,
    SUGGESTION_CUTOFF,
    SYSTEM_LABELS,
    CodeReading,
    Matcher,
)
from lib.ingest.places import CONTRADICTS, UNKNOWN_PLACE, code_key, name_key, normalise_name

__all__ = [
    "UnitCatalogue",
    "CodeReading",
    "match_units",
    "match_and_read",
    "code_readings",
    "distinct_references",
    "normalise_name",
    "name_key",
    "code_key",
    "AMBIGUOUS",
    "CONTRADICTS",
    "UNKNOWN_PLACE",
    "RESULT_COLUMNS",
    "REFERENCE_COLUMNS",
    "SUGGESTION_CUTOFF",
    "SYSTEM_LABELS",
    "LEVELS",
]

LEVELS = ("district", "block")
REFERENCE_COLUMNS = [
    "unit_code",
    "unit_name",
    "state_name",
    "state_code",
    "district_name",
    "district_code",
]


@dataclass(frozen=True)
class UnitCatalogue:
    """Units of one level with their parents (and, for blocks, the districts), ready for matching."""

    level: str
    units: pd.DataFrame  # unit_id, lgd_code, name, state_id, state, district_id, district[, census codes]
    districts: pd.DataFrame | None = None  # blocks only: unit_id, lgd_code, name, state_id[, census codes]
    states: pd.DataFrame | None = None  # unit_id, name (all states, with or without units of the level)

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, level: str) -> UnitCatalogue:
        if level not in LEVELS:
            raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
        census = _census_columns(con, "u")
        units = con.execute(
            "SELECT u.unit_id, u.lgd_code, u.name, u.state_id, s.name AS state, u.district_id, d.name AS district"
            + census
            + " FROM units u JOIN units s ON s.unit_id = u.state_id LEFT JOIN units d ON "
            "d.unit_id = u.district_id WHERE u.level = ? ORDER BY u.unit_id",
            [level],
        ).df()
        districts = (
            con.execute(
                "SELECT u.unit_id, u.lgd_code, u.name, u.state_id" + census + " FROM units u WHERE u.level = 'district'"
            ).df()
            if level == "block"
            else None
        )
        states = con.execute("SELECT unit_id, name FROM units WHERE level = 'state'").df()
        return cls(level, units, districts, states)


def _census_columns(con, alias: str) -> str:
    present = {
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'units'"
        ).fetchall()
    }
    return "".join(
        f", {alias}.{c}" if c in present else f", NULL AS {c}" for c in ("census2011_code", "census2001_code")
    )


def match_units(catalogue: UnitCatalogue, rows: pd.DataFrame) -> pd.DataFrame:
    """Match each distinct unit reference in ``rows`` to a unit id.

    Parameters
    ----------
    catalogue : UnitCatalogue
        The units of the level being matched.
    rows : pandas.DataFrame
        Any of ``unit_code``, ``unit_name``, ``state_name``, ``state_code``,
        ``district_name``, ``district_code`` (missing columns count as empty;
        the district columns are only read for blocks).

    Returns
    -------
    pandas.DataFrame
        One row per distinct reference: the six reference columns, then
        ``unit_id`` (None when unmatched), ``matched_by`` (``"code"``,
        ``"name"`` or None), ``suggestion_id``, ``suggestion`` and ``score``
        (the closest name in the row's place, when unmatched), ``parent_as``
        and ``state_as`` (the database's spelling of the parent and of the
        state, when the file spelt them differently), ``problem`` (why a
        reference is not matched beyond "not found": ambiguous, code and names
        disagree, place not recognised) and ``note`` (a match worth a look).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["D500", "D501"], "lgd_code": ["500", "501"],
    ...                       "name": ["Aurangabad", "Aurangabad"], "state_id": ["S10", "S27"],
    ...                       "state": ["Bihar", "Maharashtra"], "district_id": None, "district": None})
    >>> rows = pd.DataFrame({"unit_name": ["Aurangabad", "Aurangabad"], "state_name": ["MH", ""]})
    >>> match_units(UnitCatalogue("district", units), rows).unit_id.tolist()
    ['D501', None]
    """
    return match_and_read(catalogue, rows)[0]


def match_and_read(catalogue: UnitCatalogue, rows: pd.DataFrame) -> tuple[pd.DataFrame, list[CodeReading]]:
    """:func:`match_units` and the code system chosen for each code column (see :class:`CodeReading`)."""
    references = distinct_references(rows)
    matcher = Matcher(catalogue)
    readings = matcher.readings(references)
    systems = {r.role: r.system for r in readings}
    results = [matcher.match(ref, systems) for ref in references.itertuples()]
    # object columns, so that "nothing" is None, as documented, rather than NaN
    return pd.concat([references, pd.DataFrame(results, columns=RESULT_COLUMNS, dtype=object)], axis=1), readings


def code_readings(catalogue: UnitCatalogue, rows: pd.DataFrame) -> list[CodeReading]:
    """The code system chosen for each code column in ``rows`` (see :class:`CodeReading`)."""
    return match_and_read(catalogue, rows)[1]


def distinct_references(rows: pd.DataFrame) -> pd.DataFrame:
    """The reference columns of ``rows`` as text (missing ones empty), one row per distinct reference."""
    return (
        rows.reindex(columns=REFERENCE_COLUMNS)
        .astype(object)
        .fillna("")
        .astype(str)
        .drop_duplicates()
        .reset_index(drop=True)
    )
