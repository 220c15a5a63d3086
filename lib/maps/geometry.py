"""Map geometry prepared once: coverage-simplified (no gaps or overlaps between
neighbours), coordinates rounded to what the screen needs, one row per polygon part."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

# Detail by map scope: (simplification tolerance in degrees, decimals kept for
# block polygons, decimals kept for outline paths). 0.02 deg (~2 km) is about a
# pixel on an all-India map; 0.001 deg (~100 m) suits a single district.
DETAIL = {"india": (0.02, 3, 2), "state": (0.005, 3, 3), "district": (0.001, 4, 4)}


@dataclass
class MapGeometry:
    """Everything the map draws, prepared once per detail level."""

    blocks: pd.DataFrame      # unit_id, polygon (one row per polygon part)
    districts: pd.DataFrame   # unit_id, path
    states: pd.DataFrame      # unit_id, path
    block_bounds: pd.DataFrame  # unit_id, state_id, district_id, minx, miny, maxx, maxy


def prepare(boundaries_by_level: dict, block_units: pd.DataFrame, detail: str) -> MapGeometry:
    """Prepare block polygons and district/state outlines at one detail level.

    ``boundaries_by_level``: level -> GeoDataFrame (unit_id, geometry) at full detail.
    """
    tolerance, block_decimals, line_decimals = DETAIL[detail]
    blocks = boundaries_by_level["block"]
    extent = pd.DataFrame(shapely.bounds(blocks.geometry.values), columns=["minx", "miny", "maxx", "maxy"])
    extent.insert(0, "unit_id", blocks.unit_id.to_numpy())
    extent = extent.merge(block_units[["unit_id", "state_id", "district_id"]], on="unit_id", how="left")
    return MapGeometry(
        blocks=polygon_rows(blocks.unit_id, blocks.geometry.values, tolerance, block_decimals),
        districts=outline_paths(boundaries_by_level["district"].unit_id, boundaries_by_level["district"].geometry.values,
                                tolerance, line_decimals),
        states=outline_paths(boundaries_by_level["state"].unit_id, boundaries_by_level["state"].geometry.values,
                             tolerance, line_decimals),
        block_bounds=extent,
    )


def drop_specks(geometries: np.ndarray, min_area: float) -> np.ndarray:
    """Remove polygon parts smaller than ``min_area`` (square degrees), keeping
    each geometry's largest part: islets and slivers below a pixel cost bytes
    and show nothing."""
    kept = []
    for geometry in np.asarray(geometries, dtype=object):
        parts = shapely.get_parts(geometry)
        if len(parts) <= 1:
            kept.append(geometry)
            continue
        areas = shapely.area(parts)
        keep = (areas >= min_area) | (areas == areas.max())
        kept.append(shapely.multipolygons(parts[keep]) if keep.sum() > 1 else parts[keep][0])
    return np.asarray(kept, dtype=object)


def simplify_coverage(geometries: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify polygons that share edges together, so shared edges stay shared.

    Parts smaller than tolerance squared are dropped first (see :func:`drop_specks`).
    Falls back to per-polygon topology-preserving simplification for any
    result that is invalid or empty, so every unit keeps a valid polygon.
    """
    geometries = drop_specks(geometries, tolerance ** 2)
    simplified = shapely.coverage_simplify(geometries, tolerance)
    broken = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    if broken.any():
        simplified[broken] = shapely.simplify(geometries[broken], tolerance, preserve_topology=True)
    return simplified


def _rings(polygon, decimals: int) -> list:
    rings = [polygon.exterior, *polygon.interiors]
    coords = [np.round(np.asarray(ring.coords)[:-1, :2], decimals).tolist() for ring in rings]
    return coords if len(coords) > 1 else coords[0]


def polygon_rows(unit_ids, geometries: np.ndarray, tolerance: float, decimals: int) -> pd.DataFrame:
    """One row per polygon part: ``unit_id`` and ``polygon`` (a ring, or [outer, holes...])."""
    simplified = simplify_coverage(geometries, tolerance)
    ids, polygons = [], []
    for unit_id, geometry in zip(unit_ids, simplified):
        for part in shapely.get_parts(geometry):
            if part.geom_type == "Polygon" and not part.is_empty:
                ids.append(unit_id)
                polygons.append(_rings(part, decimals))
    return pd.DataFrame({"unit_id": ids, "polygon": polygons})


def outline_paths(unit_ids, geometries: np.ndarray, tolerance: float, decimals: int) -> pd.DataFrame:
    """Boundary lines of polygons as closed paths: one row per ring, ``unit_id`` and ``path``."""
    ids, paths = [], []
    for unit_id, geometry in zip(unit_ids, simplify_coverage(geometries, tolerance)):
        for part in shapely.get_parts(geometry):
            for ring in (part.exterior, *part.interiors):
                ids.append(unit_id)
                paths.append(np.round(np.asarray(ring.coords)[:, :2], decimals).tolist())
    return pd.DataFrame({"unit_id": ids, "path": paths})
