"""The places a file's row names: its state and district, by name or by code.

Used by :mod:`lib.ingest.units` to narrow where a unit is looked for. The
state and district spellings files use that are not the database's own come
from the shipped register (:mod:`lib.register`): old names, abbreviations,
ISO codes, variant district names.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from lib.register import code_key, name_key, normalise_name, read_register

__all__ = ["PlaceIndex", "Place", "closest", "code_key", "name_key", "normalise_name"]

PARENT_CUTOFF = 90  # a state or district name this close is taken as the same place (and reported)
UNKNOWN_PLACE = "place not recognised"  # problem prefixes callers tell apart
CONTRADICTS = "code and names disagree"


@dataclass(frozen=True)
class Place:
    """A resolved place: its id (None when the row named one that was not recognised)."""

    unit_id: str | None
    spelt_as: str | None = None  # the database's spelling, when the file spelt it differently
    problem: str | None = None  # why the place named is not usable
    alternatives: tuple = ()  # a district name found in several states (the row names none)


NOWHERE = Place(None)


class PlaceIndex:
    """States (and, for block files, districts) of the database, by every spelling files use."""

    def __init__(self, states: pd.DataFrame, districts: pd.DataFrame | None):
        register = read_register()
        self.state_names = dict(zip(states.unit_id, states.name, strict=True))
        self.state_keys = {k: i for k, i in register.state_keys().items() if i in self.state_names}
        self.state_keys |= {normalise_name(n): i for i, n in self.state_names.items()}
        self.former = {
            s: [p for p in parts if p in self.state_names]
            for s, parts in register.former_parts().items()
            if s in self.state_names
        }
        variants = register.place_names
        self.variants = {
            (lvl, "S" + s, name_key(n)): name_key(o)
            for lvl, s, n, o in zip(
                variants.level, variants.state_code, variants.name, variants.official_name, strict=True
            )
        }
        self.districts = districts
        self._districts: dict = {}
        if districts is not None:
            self.district_names = dict(zip(districts.unit_id, districts.name, strict=True))
            self.district_state = dict(zip(districts.unit_id, districts.state_id, strict=True))
            self.district_keys = {}
            for unit_id, name, state_id in zip(districts.unit_id, districts.name, districts.state_id, strict=True):
                self.district_keys.setdefault((state_id, name_key(name)), []).append(unit_id)

    def keys(self, level: str, state_ids, text: str) -> list[str]:
        """The name's key, then the key of the official name it is a known variant of in one of ``state_ids``."""
        key = name_key(text)
        official = [self.variants[(level, s, key)] for s in state_ids if (level, s, key) in self.variants]
        return [key, *official]

    def within(self, state_id: str | None) -> list[str] | None:
        """The states a row filed under ``state_id`` may be in (old files file Leh under Jammu and Kashmir)."""
        return None if state_id is None else [state_id, *self.former.get(state_id, [])]

    def state(self, name: str, code: str) -> Place:
        """The state a row names by name and/or code (both must agree)."""
        by_name = self._state_by_name(name) if name.strip() else None
        by_code = self._state_by_code(code) if code.strip() else None
        for given, found, what in ((name, by_name, "state"), (code, by_code, "state code")):
            if given.strip() and found.unit_id is None:
                return Place(
                    None,
                    problem=f"{UNKNOWN_PLACE}: {what} '{given}' not recognised{self._nearest(given)}; "
                    "use the state's name or LGD code (nothing is looked for outside it)",
                )
        if by_name and by_code and by_name.unit_id != by_code.unit_id:
            named = self.state_names[by_name.unit_id]
            as_named = "" if normalise_name(named) == normalise_name(name) else f" ({named})"
            coded = self.state_names[by_code.unit_id]
            return Place(
                None,
                problem=f"{CONTRADICTS}: state code '{code}' is {coded}, but the row's state name "
                f"is '{name}'{as_named}; correct one of them",
            )
        return by_name or by_code or NOWHERE

    def _nearest(self, text: str) -> str:
        """A hint for a state not recognised: the state one of its known spellings is close to."""
        spellings = [k for k in self.state_keys if len(k) > 3]
        best = process.extractOne(normalise_name(text), spellings, scorer=fuzz.WRatio, score_cutoff=85)
        return f" (did you mean {self.state_names[self.state_keys[best[0]]]}?)" if best else ""

    def _state_by_name(self, name: str) -> Place:
        key = normalise_name(name)
        if key in self.state_keys:
            state_id = self.state_keys[key]
            spelt = self.state_names[state_id] if normalise_name(self.state_names[state_id]) != key else None
            return Place(state_id, spelt)
        names = {normalise_name(n): i for i, n in self.state_names.items()}
        best = closest(key, list(names))
        return Place(names[best], self.state_names[names[best]]) if best else Place(None)

    def _state_by_code(self, code: str) -> Place:
        key = code_key(code)
        text = key if key.isdecimal() else code.strip()  # a number, however written (09, 9.0), or letters
        if text.isdigit() and f"S{int(text):02d}" in self.state_names:
            return Place(f"S{int(text):02d}")
        if text.upper() in self.state_names:  # our own id, S09
            return Place(text.upper())
        return Place(self.state_keys.get(normalise_name(text)))

    def district_by_name(self, state_ids: list[str] | None, name: str) -> Place:
        """A block's district named in its state(s) (anywhere when the row names no state)."""
        key = (tuple(state_ids) if state_ids is not None else None, name)
        if key not in self._districts:  # files repeat a few districts on many rows
            self._districts[key] = self._district_by_name(*key)
        return self._districts[key]

    def _district_by_name(self, state_ids: tuple | None, name: str) -> Place:
        candidates = {(s, k): ids for (s, k), ids in self.district_keys.items() if state_ids is None or s in state_ids}
        for key in self.keys("district", state_ids or [], name):
            found = [i for (s, k), ids in candidates.items() if k == key for i in ids]
            if len(found) == 1:
                spelt = self.district_names[found[0]] if key != name_key(name) else None
                return Place(found[0], spelt)
            if len(found) > 1:  # the unit's own name may still be unique among them
                return Place(None, alternatives=tuple(found))
        best = closest(name_key(name), sorted({k for _, k in candidates}))
        found = [i for (s, k), ids in candidates.items() if k == best for i in ids] if best else []
        return Place(found[0], self.district_names[found[0]]) if len(found) == 1 else Place(None)


def closest(key: str, names: list[str], cutoff: int = PARENT_CUTOFF) -> str | None:
    """The one name in ``names`` at similarity (rapidfuzz ``ratio``) >= cutoff from ``key`` ("Andaman and
    Nicobar Island" for "... Islands"); None when none is that close or two are equally close ('District
    125' is as near 'District 121' as 'District 124'). Plain ratio, not WRatio: WRatio scores a name
    inside a longer one at 90, which would take "Delhi" for New Delhi and "West" for West Bengal."""
    best = process.extract(key, names, scorer=fuzz.ratio, score_cutoff=cutoff, limit=2)
    if not best or (len(best) == 2 and best[0][1] == best[1][1]):
        return None
    return best[0][0]
