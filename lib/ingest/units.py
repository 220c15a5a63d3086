"""Matching the units named in a user's file to the units in the database.

A row is matched by its code when it has one (the LGD code as published, or
our unit id such as ``D164``), otherwise by its name within its parent (the
state for districts, the district for blocks), after normalising spelling:
case, punctuation, "&" versus "and", and a trailing "district"/"block". Names
that do not match exactly get the closest name in the same parent as a
*suggestion* (rapidfuzz), which is never applied unless the caller accepts
suggestions; every unmatched name is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb
import pandas as pd
from rapidfuzz import fuzz, process

LEVELS = ("district", "block")
SUGGESTION_CUTOFF = 80  # rapidfuzz WRatio, 0-100: below this a "suggestion" is more noise than help
PARENT_CUTOFF = 90      # a state or district name this close is taken as the same parent (and reported)


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


def match_units(catalogue: UnitCatalogue, rows: pd.DataFrame) -> pd.DataFrame:
    """Match each distinct unit reference in ``rows`` to a unit id.

    ``rows`` has any of ``unit_code``, ``unit_name``, ``state_name``, ``district_name``
    (missing columns count as empty). Returns one row per distinct reference with
    those columns plus ``unit_id`` (None when unmatched), ``matched_by`` (code,
    name or None), ``suggestion_id``, ``suggestion`` and ``score``.
    """
    columns = ["unit_code", "unit_name", "state_name", "district_name"]
    references = rows.reindex(columns=columns).fillna("").astype(str).drop_duplicates().reset_index(drop=True)
    units = catalogue.units
    by_code = {_code_key(c): u for c, u in zip(units.lgd_code, units.unit_id)} | \
        {str(u).upper(): u for u in units.unit_id}
    parent_column = "state" if catalogue.level == "district" else "district"
    by_name = {(normalise_name(p), normalise_name(n)): u for p, n, u in zip(units[parent_column], units.name, units.unit_id)}
    # blocks named with their state but not their district: match when the name is unique in the state
    in_state = units.assign(key=list(zip(units.state.map(normalise_name), units.name.map(normalise_name))))
    unique = in_state[~in_state.key.duplicated(keep=False)]
    by_state = dict(zip(unique.key, unique.unit_id))
    parent_key = "state_name" if catalogue.level == "district" else "district_name"
    parents = _resolve_parents(references[parent_key], units[parent_column])
    resolved = references.assign(**{parent_key: references[parent_key].map(parents).fillna(references[parent_key])})
    results = [_match_one(ref, by_code, by_name, by_state, units, parent_column, catalogue.level)
               for ref in resolved.itertuples()]
    matched = pd.concat([references, pd.DataFrame(results)], axis=1)
    matched["parent_as"] = references[parent_key].map(parents)  # the database's spelling, when it differs
    return matched


def _resolve_parents(names: pd.Series, known: pd.Series) -> dict[str, str]:
    """Parent names spelt differently from the database ("Andaman and Nicobar Island" for
    "... Islands") mapped to the database's spelling when the match is near-certain (WRatio >= 90)."""
    known_names = sorted(set(known.dropna()))
    normal = {normalise_name(k): k for k in known_names}
    mapping = {}
    for name in set(names) - {""}:
        if normalise_name(name) in normal:
            continue
        best = process.extractOne(normalise_name(name), list(normal), scorer=fuzz.WRatio, score_cutoff=PARENT_CUTOFF)
        if best is not None:
            mapping[name] = normal[best[0]]
    return mapping


def _match_one(ref, by_code: dict, by_name: dict, by_state: dict, units: pd.DataFrame, parent_column: str,
               level: str) -> dict:
    if ref.unit_code.strip():
        unit_id = by_code.get(_code_key(ref.unit_code))
        if unit_id is not None:
            return {"unit_id": unit_id, "matched_by": "code", "suggestion_id": None, "suggestion": None, "score": None}
    parent = ref.state_name if level == "district" else ref.district_name
    unit_id = by_name.get((normalise_name(parent), normalise_name(ref.unit_name)))
    if unit_id is None and level == "block" and not parent.strip():
        unit_id = by_state.get((normalise_name(ref.state_name), normalise_name(ref.unit_name)))
    if unit_id is not None:
        return {"unit_id": unit_id, "matched_by": "name", "suggestion_id": None, "suggestion": None, "score": None}
    return {"unit_id": None, "matched_by": None, **_suggest(ref.unit_name, parent, units, parent_column)}


def _suggest(name: str, parent: str, units: pd.DataFrame, parent_column: str) -> dict:
    """The closest unit name in the same parent (or anywhere, when the parent is unknown)."""
    in_parent = units[units[parent_column].map(normalise_name) == normalise_name(parent)] if parent.strip() else units
    candidates = in_parent if len(in_parent) else units
    if not name.strip() or candidates.empty:
        return {"suggestion_id": None, "suggestion": None, "score": None}
    names = [normalise_name(n) for n in candidates.name]
    best = process.extractOne(normalise_name(name), names, scorer=fuzz.WRatio, score_cutoff=SUGGESTION_CUTOFF)
    if best is None:
        return {"suggestion_id": None, "suggestion": None, "score": None}
    row = candidates.iloc[best[2]]
    return {"suggestion_id": row.unit_id, "suggestion": f"{row['name']} ({row[parent_column]})", "score": round(best[1])}
