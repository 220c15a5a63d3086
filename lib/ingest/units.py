"""Matching the units named in a user's file to the units in the database.

A row is matched by its code when it has one (the LGD code as published, or
our unit id such as ``D164``), otherwise by its name among the units of the
places the row names: its state, and for a block its district. District names
repeat across states (Aurangabad is in Bihar and in Maharashtra; Bilaspur,
Hamirpur, Pratapgarh ...), so a block's district is looked for only in the
row's state when the row names one. Names are compared after normalising
spelling: case, punctuation, "&" versus "and", and a trailing
"district"/"block". A state or district spelt slightly differently is taken as
the one place it is near-certainly meant to be, and the database's spelling is
returned so the caller can report it. A name that fits two units is not matched,
as which one is meant cannot be told; a name that fits none gets the closest
name nearby as a *suggestion* (rapidfuzz), which is never applied unless the
caller accepts suggestions; every unmatched name is reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process

LEVELS = ("district", "block")
SUGGESTION_CUTOFF = 80  # rapidfuzz WRatio, 0-100: below this a "suggestion" is more noise than help
PARENT_CUTOFF = 90      # a state or district name this close is taken as the same parent (and reported)
RESULT_COLUMNS = ["unit_id", "matched_by", "suggestion_id", "suggestion", "score", "parent_as", "state_as", "problem"]
AMBIGUOUS = "unit name is ambiguous"  # the start of the problem, so that callers can tell it from "not found"


def normalise_name(text) -> str:
    """Spelling-insensitive form of a place name.

    Examples
    --------
    >>> normalise_name("  Y.S.R. Kadapa District ")
    'y s r kadapa'
    >>> normalise_name("Andaman & Nicobar") == normalise_name("Andaman and Nicobar")
    True
    """
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"[^0-9a-z]+", " ", text).strip()
    return re.sub(r"\s+(district|block|tehsil|taluka|mandal)$", "", text)


def _code_key(text) -> str:
    text = str(text).strip().upper()
    text = text[:-2] if text.endswith(".0") else text
    return text.lstrip("0") or "0"


@dataclass(frozen=True)
class UnitCatalogue:
    """Units of one level with their parents, ready for matching."""

    level: str
    units: pd.DataFrame  # unit_id, lgd_code, name, state_id, state, district_id, district

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, level: str) -> "UnitCatalogue":
        if level not in LEVELS:
            raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
        units = con.execute(
            "SELECT u.unit_id, u.lgd_code, u.name, u.state_id, s.name AS state, u.district_id, d.name AS district "
            "FROM units u JOIN units s ON s.unit_id = u.state_id LEFT JOIN units d ON d.unit_id = u.district_id "
            "WHERE u.level = ? ORDER BY u.unit_id", [level]).df()
        return cls(level, units)


@dataclass(frozen=True)
class _Place:
    """The units a reference's state and district point to."""

    units: pd.DataFrame     # the units a name may match: none when a named place is not in the database
    nearby: pd.DataFrame    # where a suggestion is looked for: the narrowest place that was found
    state_as: str | None    # the database's spelling of the state, when the file spelt it differently
    district_as: str | None


def match_units(catalogue: UnitCatalogue, rows: pd.DataFrame) -> pd.DataFrame:
    """Match each distinct unit reference in ``rows`` to a unit id.

    Parameters
    ----------
    catalogue : UnitCatalogue
        The units of the level being matched.
    rows : pandas.DataFrame
        Any of ``unit_code``, ``unit_name``, ``state_name``, ``district_name``
        (missing columns count as empty; ``district_name`` is only read for blocks).

    Returns
    -------
    pandas.DataFrame
        One row per distinct reference: those four columns, then ``unit_id``
        (None when unmatched), ``matched_by`` (``"code"``, ``"name"`` or None),
        ``suggestion_id``, ``suggestion`` and ``score`` (the closest name when
        unmatched), ``parent_as`` and ``state_as`` (the database's spelling of
        the parent, district for a block and state for a district, and of the
        state, when a name match took them from a different spelling), and
        ``problem`` (why a name that was found is not matched: it names more
        than one unit; else None).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["D500", "D501"], "lgd_code": ["500", "501"],
    ...                       "name": ["Aurangabad", "Aurangabad"], "state_id": ["S10", "S27"],
    ...                       "state": ["Bihar", "Maharashtra"], "district_id": None, "district": None})
    >>> rows = pd.DataFrame({"unit_name": ["Aurangabad", "Aurangabad"], "state_name": ["Maharashtra", ""]})
    >>> match_units(UnitCatalogue("district", units), rows).unit_id.tolist()
    ['D501', None]
    """
    columns = ["unit_code", "unit_name", "state_name", "district_name"]
    references = rows.reindex(columns=columns).astype(object).fillna("").astype(str).drop_duplicates() \
        .reset_index(drop=True)
    units = catalogue.units.assign(name_key=catalogue.units.name.map(normalise_name),
                                   state_key=catalogue.units.state.fillna("").map(normalise_name),
                                   district_key=catalogue.units.district.fillna("").map(normalise_name))
    by_code = {_code_key(c): u for c, u in zip(units.lgd_code, units.unit_id)} | \
        {str(u).upper(): u for u in units.unit_id}

    @functools.cache
    def place_of(state: str, district: str) -> _Place:  # files repeat a few places on many rows
        return _find_place(units, state, district)

    results = [_match_one(ref, by_code, place_of, catalogue.level) for ref in references.itertuples()]
    # object columns, so that "nothing" is None, as documented, rather than NaN
    return pd.concat([references, pd.DataFrame(results, columns=RESULT_COLUMNS, dtype=object)], axis=1)


def _find_place(units: pd.DataFrame, state: str, district: str) -> _Place:
    """Narrow ``units`` to the state, then the district within it, that the file names (either may be empty)."""
    candidates, spelt_as = units, {}
    for column, text in (("state", state), ("district", district)):
        if not text.strip():
            continue
        key = _resolve_place(text, candidates[f"{column}_key"])
        if key is None:
            return _Place(candidates.iloc[:0], candidates, spelt_as.get("state"), spelt_as.get("district"))
        candidates = candidates[candidates[f"{column}_key"] == key]
        if key != normalise_name(text):
            spelt_as[column] = candidates[column].iloc[0]
    return _Place(candidates, candidates, spelt_as.get("state"), spelt_as.get("district"))


def _resolve_place(text: str, known: pd.Series) -> str | None:
    """The normalised name in ``known`` that ``text`` means: its own spelling after normalising, else the
    one closest name at WRatio >= 90 ("Andaman and Nicobar Island" for "... Islands"); None when no name
    is that close, or two are equally close ('District 125' is as near 'District 121' as 'District 124')."""
    key = normalise_name(text)
    names = list(known.unique())
    if key in names:
        return key
    best = process.extract(key, names, scorer=fuzz.WRatio, score_cutoff=PARENT_CUTOFF, limit=2)
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return None
    return best[0][0]


def _match_one(ref, by_code: dict, place_of, level: str) -> dict:
    if ref.unit_code.strip():
        unit_id = by_code.get(_code_key(ref.unit_code))
        if unit_id is not None:
            return _result(unit_id, "code")
    place = place_of(ref.state_name, ref.district_name if level == "block" else "")
    spelt = {"parent_as": place.district_as if level == "block" else place.state_as, "state_as": place.state_as}
    key = normalise_name(ref.unit_name)
    named = place.units[place.units.name_key == key] if key else place.units.iloc[:0]
    if len(named) == 1:
        return _result(named.unit_id.iloc[0], "name") | spelt
    if len(named) > 1:
        return _result(None, None) | spelt | {"problem": _ambiguity(named, ref, level)}
    return _result(None, None) | spelt | _suggest(ref.unit_name, place.nearby, level)


def _result(unit_id: str | None, matched_by: str | None) -> dict:
    return dict.fromkeys(RESULT_COLUMNS) | {"unit_id": unit_id, "matched_by": matched_by}


def _label(unit, level: str) -> str:
    return f"{unit['name']} ({unit['district']}, {unit['state']})" if level == "block" else \
        f"{unit['name']} ({unit['state']})"


def _ambiguity(named: pd.DataFrame, ref, level: str) -> str:
    """Why a name that fits several units is not matched, and what would tell them apart."""
    parents = ("district", "state") if level == "block" else ("state",)
    missing = next((p for p in parents if not getattr(ref, f"{p}_name").strip()), None)
    advice = f"give the {missing} or the code" if missing else "give the code"
    labels = ", ".join(_label(unit, level) for _, unit in named.iterrows())
    return f"{AMBIGUOUS}: {len(named)} units have it ({labels}); {advice}"


def _suggest(name: str, nearby: pd.DataFrame, level: str) -> dict:
    """The closest unit name in the place the row names (or anywhere, when that place is unknown)."""
    if not name.strip() or nearby.empty:
        return {}
    best = process.extractOne(normalise_name(name), nearby.name_key.tolist(), scorer=fuzz.WRatio,
                              score_cutoff=SUGGESTION_CUTOFF)
    if best is None:
        return {}
    unit = nearby.iloc[best[2]]
    parent = unit["district"] if level == "block" else unit["state"]
    return {"suggestion_id": unit.unit_id, "suggestion": f"{unit['name']} ({parent})", "score": round(best[1])}
