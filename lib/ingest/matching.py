"""The matching rules of :mod:`lib.ingest.units`, indexed for one catalogue of units.

:class:`Matcher` holds a catalogue's units by code (one index per code system)
and by name within each state and district, reads which code system each code
column carries (:class:`CodeReading`), and matches one reference at a time:
state, then district (for blocks), then the unit by code (checked against the
row's names) or by name within the place the row names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from rapidfuzz import fuzz, process

from lib.ingest.places import CONTRADICTS, Place, PlaceIndex, code_key, name_key
from lib.register import read_register

if TYPE_CHECKING:  # the catalogue's class lives with the public API, which imports this module
    from lib.ingest.units import UnitCatalogue

SUGGESTION_CUTOFF = 80  # rapidfuzz WRatio, 0-100: below this a "suggestion" is more noise than help
NAME_AGREES_CUTOFF = 80  # a code's unit and the row's name this close (same state) are the same place, spelt apart
RESULT_COLUMNS = [
    "unit_id",
    "matched_by",
    "suggestion_id",
    "suggestion",
    "score",
    "parent_as",
    "state_as",
    "problem",
    "note",
]
AMBIGUOUS = "unit name is ambiguous"  # the start of the problem, so that callers can tell it from "not found"
SYSTEM_LABELS = {
    "lgd": "LGD",
    "census2011": "Census 2011",
    "census2001": "Census 2001",
    "unit_id": "unit id",
}


@dataclass(frozen=True)
class CodeReading:
    """Which code system a code column was read as, and how well each reading agreed with the names."""

    role: str  # unit_code, district_code or state_code
    system: str  # a key of SYSTEM_LABELS
    agreeing: dict  # system -> rows (distinct references) whose names agree with that reading
    checked: int  # references with a code and a name to check it against
    column: str | None = None  # the file's column, when the caller knows it

    @property
    def noteworthy(self) -> bool:
        """Worth a note beside the problems: codes read as another system than LGD, or that another
        system's reading also fits some rows."""
        return self.system != "lgd" or any(n for s, n in self.agreeing.items() if s != "lgd")

    def describe(self, column: str | None = None) -> str:
        column = column or self.column or self.role
        others = ", ".join(f"{SYSTEM_LABELS[s]} {n}" for s, n in self.agreeing.items() if s != self.system)
        if not self.checked:
            also = ", ".join(f"{n} as {SYSTEM_LABELS[s]}" for s, n in self.agreeing.items() if s != self.system and n)
            return (
                f"column '{column}' read as {SYSTEM_LABELS[self.system]} codes (no names on the rows to "
                "check them against"
                + (f"; the codes would also read {also}: add the names or the state to be sure" if also else "")
                + ")"
            )
        return (
            f"column '{column}' read as {SYSTEM_LABELS[self.system]} codes: {self.agreeing[self.system]} of "
            f"{self.checked} coded references agree with the names on their rows"
            + (f" (other readings: {others})" if others else "")
        )


SYSTEM_ORDER = (
    "lgd",
    "census2011",
    "census2001",
    "unit_id",
)  # the preferred reading when two agree equally


def _code_index(codes, ids) -> dict:
    return {
        code_key(c): u for c, u in zip(codes, ids, strict=True) if c is not None and str(c).strip() and str(c) != "nan"
    }


def _code_systems(frame: pd.DataFrame) -> dict[str, dict]:
    """Code -> unit id per code system (Census 2001 district codes repeat across states: keyed 'S10:34')."""
    systems = {
        "lgd": _code_index(frame.lgd_code, frame.unit_id),
        "unit_id": {str(u).upper(): u for u in frame.unit_id},
    }
    if "census2011_code" in frame:
        systems["census2011"] = _code_index(frame.census2011_code, frame.unit_id)
    if "census2001_code" in frame:
        scoped = frame.state_id + ":" + frame.census2001_code.map(lambda c: code_key(c) if pd.notna(c) else "")
        systems["census2001"] = {k: u for k, u in zip(scoped, frame.unit_id, strict=True) if not k.endswith(":")}
    return systems


def _lookup(systems: dict, system: str, code: str, state_id: str | None) -> str | None:
    if not code.strip() or system not in systems:
        return None
    own_id = systems["unit_id"].get(code.strip().upper())
    if own_id is not None or system == "unit_id":  # our ids (D164) start with a letter: never another system's
        return own_id
    if system == "census2001":
        return systems[system].get(f"{state_id}:{code_key(code)}") if state_id else None
    return systems[system].get(code_key(code))


class Matcher:
    """One catalogue indexed for matching: units by code (each system), by name within state and district."""

    def __init__(self, catalogue: UnitCatalogue):
        self.level, units = catalogue.level, catalogue.units
        self.info = {row.unit_id: row for row in units.itertuples()}
        self.keys = {unit_id: name_key(name) for unit_id, name in zip(units.unit_id, units.name, strict=True)}
        states = (
            catalogue.states
            if catalogue.states is not None
            else units[["state_id", "state"]].drop_duplicates().set_axis(["unit_id", "name"], axis=1)
        )
        districts = catalogue.districts
        if self.level == "block" and districts is None:
            districts = (
                units[["district_id", "district", "state_id"]]
                .dropna()
                .drop_duplicates("district_id")
                .set_axis(["unit_id", "name", "state_id"], axis=1)
                .assign(lgd_code=lambda f: f.unit_id.str[1:])
            )
        self.places = PlaceIndex(states, districts)
        self.codes = _code_systems(units)
        self.district_codes = _code_systems(districts) if districts is not None else {}
        self.in_state, self.in_district = {}, {}
        for unit_id, state_id, district_id in zip(units.unit_id, units.state_id, units.district_id, strict=True):
            self.in_state.setdefault(state_id, []).append(unit_id)
            self.in_district.setdefault(district_id, []).append(unit_id)
        self.also_in = _also_in_districts(set(self.info)) if self.level == "block" else {}
        for unit_id, district_ids in self.also_in.items():
            for district_id in district_ids:
                self.in_district.setdefault(district_id, []).append(unit_id)
        self.by_key: dict[str, list[str]] = {}
        for unit_id, key in self.keys.items():
            self.by_key.setdefault(key, []).append(unit_id)
        self._states: dict = {}

    def state_of(self, ref) -> Place:
        key = (ref.state_name, ref.state_code)
        if key not in self._states:
            self._states[key] = self.places.state(*key)
        return self._states[key]

    # --- which code system each code column carries ---------------------------------------------

    def readings(self, references: pd.DataFrame) -> list[CodeReading]:
        """The reading of each code column that agrees with the most rows' names."""
        found = []
        roles = [("unit_code", self.codes, self._unit_agrees)]
        if self.level == "block":
            roles.append(("district_code", self.district_codes, self._district_agrees))
        for role, systems, agrees in roles:
            coded = [ref for ref in references.itertuples() if getattr(ref, role).strip()]
            if coded:
                found.append(self._reading(role, systems, agrees, coded))
        return found

    def _reading(self, role: str, systems: dict, agrees, coded: list) -> CodeReading:
        checked = [ref for ref in coded if self._has_names(ref, role)]
        agreeing = {s: sum(bool(agrees(ref, s)) for ref in checked) for s in SYSTEM_ORDER if s in systems}
        if not checked:  # nothing to check against: the reading that finds most codes
            agreeing = {
                s: sum(_lookup(systems, s, getattr(r, role), self.state_of(r).unit_id) is not None for r in coded)
                for s in agreeing
            }
        best = max(agreeing, key=lambda s: (agreeing[s], -SYSTEM_ORDER.index(s)))
        return CodeReading(role, best, agreeing, len(checked))

    def _has_names(self, ref, role: str) -> bool:
        """Is there anything on the row to check a code against: a name, or the state (by name or code)?"""
        own = ref.unit_name if role == "unit_code" else ref.district_name + ref.unit_name
        return bool(own.strip() or ref.state_name.strip() or ref.state_code.strip())

    def _unit_agrees(self, ref, system: str) -> bool:
        unit_id = _lookup(self.codes, system, ref.unit_code, self.state_of(ref).unit_id)
        return unit_id is not None and self._contradiction(unit_id, ref) is None

    def _district_agrees(self, ref, system: str) -> bool:
        district_id = _lookup(self.district_codes, system, ref.district_code, self.state_of(ref).unit_id)
        if district_id is None:
            return False
        state = self.state_of(ref).unit_id
        in_state = state is None or self.places.district_state[district_id] in self.places.within(state)
        named = not ref.district_name.strip() or self._names_agree(
            self.places.district_names[district_id], ref.district_name, "district", state
        )
        # a block file with district codes and block names only: the block must be in that district
        has_block = not ref.unit_name.strip() or bool(
            self._named_in([self.in_district.get(district_id, [])], ref.unit_name, [state] if state else [])
        )
        return in_state and named and has_block

    def _names_agree(self, official: str, text: str, level: str, state_id: str | None) -> bool:
        keys = self.places.keys(level, self.places.within(state_id) or [], text)
        target = name_key(official)
        return target in keys or fuzz.WRatio(keys[0], target) >= NAME_AGREES_CUTOFF

    # --- one reference ----------------------------------------------------------------------------

    def match(self, ref, systems: dict) -> dict:
        """Match one reference (a row of :func:`distinct_references`) given the code systems chosen."""
        state = self.state_of(ref)
        if state.problem:
            return _result(None, None) | {"problem": state.problem}
        spelt = {"state_as": state.spelt_as, "parent_as": state.spelt_as}
        district = Place(None)
        if self.level == "block":
            district = self._district(ref, systems.get("district_code", "lgd"), state)
            if district.problem:
                return _result(None, None) | {
                    "state_as": state.spelt_as,
                    "problem": district.problem,
                }
            spelt["parent_as"] = district.spelt_as
        if ref.unit_code.strip():
            found = self._by_code(ref, systems.get("unit_code", "lgd"), state, district)
            if found is not None:
                return found | spelt
        return self._by_name(ref, state, district) | spelt

    def _district(self, ref, system: str, state: Place) -> Place:
        """The block's district the row names by code and/or name; both readings must agree."""
        state_ids = self.places.within(state.unit_id)
        by_code = _lookup(self.district_codes, system, ref.district_code, state.unit_id)
        if by_code is not None and state_ids is not None and self.places.district_state[by_code] not in state_ids:
            return Place(
                None,
                problem=f"{CONTRADICTS}: as a {SYSTEM_LABELS[system]} code, district code "
                f"'{ref.district_code}' is {self._district_label(by_code)}, but the row's state is "
                f"{self.places.state_names[state.unit_id]}; correct the code or the state",
            )
        by_name = self.places.district_by_name(state_ids, ref.district_name) if ref.district_name.strip() else None
        if by_name is not None and by_name.problem:
            return by_name
        if by_code is None:
            return by_name or Place(None)
        by_name = (
            by_name
            if by_name is None or not by_name.alternatives
            else Place(by_code if by_code in by_name.alternatives else None)
        )
        if (
            by_name is not None
            and by_name.unit_id not in (None, by_code)
            or by_name is not None
            and by_name.unit_id is None
            and not self._names_agree(self.places.district_names[by_code], ref.district_name, "district", state.unit_id)
        ):
            by_names = f"; by its name it is {self._district_label(by_name.unit_id)}" if by_name.unit_id else ""
            return Place(
                None,
                problem=f"{CONTRADICTS}: as a {SYSTEM_LABELS[system]} code, district code "
                f"'{ref.district_code}' is {self._district_label(by_code)}, but the row names district "
                f"'{ref.district_name}'{by_names}; correct the code or the name",
            )
        return Place(by_code)

    def _district_label(self, district_id: str) -> str:
        state_id = self.places.district_state[district_id]
        return f"{self.places.district_names[district_id]} ({self.places.state_names.get(state_id, state_id)})"

    def _by_code(self, ref, system: str, state: Place, district: Place) -> dict | None:
        """The unit the code names, if its names agree with the row's; None when the code is unknown."""
        unit_id = _lookup(self.codes, system, ref.unit_code, state.unit_id)
        if unit_id is None:
            return None
        why = self._contradiction(unit_id, ref, district)
        if why is None:
            unit = self.info[unit_id]
            respelt = ref.unit_name.strip() and name_key(unit.name) not in self.places.keys(
                self.level, [unit.state_id], ref.unit_name
            )
            notes = [
                f"name '{ref.unit_name}' is spelt '{unit.name}' in the database; matched by its "
                f"{SYSTEM_LABELS[system]} code {ref.unit_code}"
                if respelt
                else "",
                f"'{ref.unit_name or ref.unit_code}' filed under {self.places.state_names[state.unit_id]} is "
                f"in {unit.state} now"
                if state.unit_id and unit.state_id != state.unit_id
                else "",
            ]
            return _result(unit_id, "code") | {"note": "; ".join(filter(None, notes)) or None}
        return _result(None, None) | {"problem": self._both_readings(ref, system, unit_id, why, state, district)}

    def _contradiction(self, unit_id: str, ref, district: Place | None = None) -> str | None:
        """What about the unit a code names contradicts the row's own names (None when nothing does)."""
        unit, state = self.info[unit_id], self.state_of(ref)
        if state.unit_id and unit.state_id not in self.places.within(state.unit_id):
            return f"its state is {unit.state}"
        if self.level == "block" and district is not None and district.unit_id:
            if unit.district_id != district.unit_id and district.unit_id not in self.also_in.get(unit_id, ()):
                return f"its district is {unit.district}"
        elif (
            self.level == "block"
            and ref.district_name.strip()
            and not self._names_agree(unit.district, ref.district_name, "district", unit.state_id)
        ):
            return f"its district is {unit.district}"
        if ref.unit_name.strip() and not self._unit_name_agrees(unit_id, ref.unit_name):
            return f"its name is {unit.name}"
        return None

    def _unit_name_agrees(self, unit_id: str, text: str) -> bool:
        """The row's name is the unit's (spelt the same, a known variant, or spelt apart), and not the exact
        name of another unit beside it ('Bengaluru Rural' on Bengaluru Urban's code)."""
        unit = self.info[unit_id]
        keys = self.places.keys(self.level, [unit.state_id], text)
        if self.keys[unit_id] in keys:
            return True
        neighbours = (
            self.in_district.get(unit.district_id, [])
            if self.level == "block"
            else self.in_state.get(unit.state_id, [])
        )
        if any(self.keys[other] in keys for other in neighbours if other != unit_id):
            return False
        return fuzz.WRatio(keys[0], self.keys[unit_id]) >= NAME_AGREES_CUTOFF

    def _both_readings(self, ref, system: str, unit_id: str, why: str, state: Place, district: Place) -> str:
        state_named = ref.state_name or (
            f"state code {ref.state_code} ({self.places.state_names[state.unit_id]})"
            if state.unit_id and ref.state_code
            else ref.state_code
        )
        named = ", ".join(
            t
            for t in (
                ref.unit_name,
                ref.district_name if self.level == "block" else "",
                state_named,
            )
            if t.strip()
        )
        text = (
            f"{CONTRADICTS}: as a {SYSTEM_LABELS[system]} code, '{ref.unit_code}' is {self._label(unit_id)} "
            f"({why}), but the row names {named}"
        )
        for other in SYSTEM_ORDER:
            other_id = _lookup(self.codes, other, ref.unit_code, state.unit_id) if other != system else None
            if other_id and self._contradiction(other_id, ref) is None:
                text += f"; as a {SYSTEM_LABELS[other]} code it would be {self._label(other_id)}"
        by_names = self._by_name(ref, state, district)["unit_id"]
        if by_names:
            text += f"; by its names it is {self._label(by_names)} (LGD code {self.info[by_names].lgd_code})"
        return text + "; correct the code or the names"

    def _label(self, unit_id: str) -> str:
        unit = self.info[unit_id]
        return (
            f"{unit.name} ({unit.district}, {unit.state})" if self.level == "block" else f"{unit.name} ({unit.state})"
        )

    def _by_name(self, ref, state: Place, district: Place) -> dict:
        """The unit named within the row's district, else state (its own first, then former parts)."""
        state_ids = self.places.within(state.unit_id)
        if district.unit_id or district.alternatives:
            scopes = [[u for d in (district.unit_id, *district.alternatives) for u in self.in_district.get(d, [])]]
        elif self.level == "block" and ref.district_name.strip():  # a district named but not found
            scopes = []
        elif state_ids:
            scopes = [self.in_state.get(s, []) for s in state_ids]
        else:
            scopes = [list(self.info)]
        for scope in scopes:
            named = self._named_in([scope], ref.unit_name, state_ids or [])
            if len(named) == 1:
                moved = state.unit_id and self.info[named[0]].state_id != state.unit_id
                note = (
                    (
                        f"'{ref.unit_name}' filed under {self.places.state_names[state.unit_id]} is in "
                        f"{self.info[named[0]].state} now"
                    )
                    if moved
                    else None
                )
                return _result(named[0], "name") | {"note": note}
            if len(named) > 1:
                return _result(None, None) | {"problem": self._ambiguity(named, ref)}
        nearby = [u for scope in scopes for u in scope] or (
            [u for s in state_ids for u in self.in_state.get(s, [])] if state_ids else list(self.info)
        )
        return _result(None, None) | self._suggest(ref.unit_name, nearby)

    def _named_in(self, scopes: list[list[str]], text: str, state_ids: list[str]) -> list[str]:
        """The units of ``scopes`` the name (or a known variant of it in those states) names."""
        if not text.strip():
            return []
        members = {u for scope in scopes for u in scope}
        return [
            u
            for key in dict.fromkeys(self.places.keys(self.level, state_ids, text))
            for u in self.by_key.get(key, [])
            if u in members
        ]

    def _ambiguity(self, named: list[str], ref) -> str:
        """Why a name that fits several units is not matched, and what would tell them apart."""
        parents = ("district", "state") if self.level == "block" else ("state",)
        missing = next((p for p in parents if not getattr(ref, f"{p}_name").strip()), None)
        advice = f"give the {missing} or the code" if missing else "give the code"
        labels = ", ".join(self._label(u) for u in named)
        return f"{AMBIGUOUS}: {len(named)} units have it ({labels}); {advice}"

    def _suggest(self, name: str, nearby: list[str]) -> dict:
        """The closest unit name in the place the row names (anywhere only when it names none)."""
        if not name.strip() or not nearby:
            return {}
        best = process.extractOne(
            name_key(name),
            [self.keys[u] for u in nearby],
            scorer=fuzz.WRatio,
            score_cutoff=SUGGESTION_CUTOFF,
        )
        if best is None:
            return {}
        unit = self.info[nearby[best[2]]]
        parent = unit.district if self.level == "block" else unit.state
        return {
            "suggestion_id": unit.unit_id,
            "suggestion": f"{unit.name} ({parent})",
            "score": round(best[1]),
        }


def _also_in_districts(unit_ids: set) -> dict[str, set]:
    """Blocks the register lists under a second district too (a few in Assam): block id -> district ids."""
    blocks = read_register().blocks.dropna(subset=["also_in_districts"])
    return {
        "B" + code: {"D" + d for d in others.split("|")}
        for code, others in zip(blocks.block_code, blocks.also_in_districts, strict=True)
        if "B" + code in unit_ids
    }


def _result(unit_id: str | None, matched_by: str | None) -> dict:
    return dict.fromkeys(RESULT_COLUMNS) | {"unit_id": unit_id, "matched_by": matched_by}
