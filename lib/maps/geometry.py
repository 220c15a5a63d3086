"""Map geometry prepared once: coverage-simplified (no gaps or overlaps between
neighbours), coordinates rounded to what the screen needs, one row per polygon part.

Blocks in the register with no outline in the database are drawn as dots inside
their district, so they still show (coloured, with a tooltip, clickable)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from lib.geometry import is_polygonal, polygon_parts, simplify_coverage

# Detail by map scope: (simplification tolerance in degrees, decimals kept for
# block polygons, decimals kept for outline paths). 0.02 deg (~2 km) is about a
# pixel on an all-India map; 0.001 deg (~100 m) suits a single district.
DETAIL = {"india": (0.02, 3, 2), "state": (0.005, 3, 3), "district": (0.001, 4, 4)}
# A dot's radius as a share of the grid step between dot centres: under 0.5 the
# dots of one district never touch; 0.4 leaves a visible gap between them.
DOT_RADIUS_SHARE = 0.4
# Quarter-circle segments of a dot: 12-sided, round on screen, few bytes.
DOT_QUAD_SEGMENTS = 3
# Each retry makes the grid 15% finer; 25 retries reach ~1/60 of the first step,
# enough for any district that has area at all (thin or ragged ones included).
GRID_SHRINK, GRID_TRIES = 0.85, 25
# Dots avoid a district's outlined blocks only where the uncovered part is a real
# area: slivers left by outlines from another source would make dots invisible.
FREE_AREA_SHARE = 0.05


@dataclass
class MapGeometry:
    """Everything the map draws, prepared once per detail level."""

    blocks: pd.DataFrame  # unit_id, polygon (one row per polygon part, JSON text; dots included)
    districts: pd.DataFrame  # unit_id, path (JSON text)
    states: pd.DataFrame  # unit_id, path (JSON text)
    block_bounds: pd.DataFrame  # unit_id, state_id, district_id, minx, miny, maxx, maxy
    dot_ids: frozenset = frozenset()  # units drawn as a dot: no outline of their own
    unplaced: pd.DataFrame = field(  # units with no outline whose district has none either
        default_factory=lambda: pd.DataFrame(columns=["unit_id", "state_id", "district_id"])
    )
    # scopes built from this geometry (lib.maps.view.build_scope), by what they show
    scopes: dict = field(default_factory=dict, repr=False, compare=False)


def prepare(boundaries_by_level: dict, units: pd.DataFrame, detail: str) -> MapGeometry:
    """Prepare block polygons and district/state outlines at one detail level.

    ``boundaries_by_level``: level -> GeoDataFrame (unit_id, geometry) at full detail;
    ``"block"`` holds the analysis level's outlines. ``units``: every unit of
    the analysis level (unit_id, state_id, district_id). Units without an outline
    become dots inside their district (see :func:`missing_block_dots`).
    """
    tolerance, block_decimals, line_decimals = DETAIL[detail]
    blocks, districts = boundaries_by_level["block"], boundaries_by_level["district"]
    dots, unplaced = missing_block_dots(blocks, districts, units)
    unit_ids = np.concatenate([blocks.unit_id.to_numpy(), dots.unit_id.to_numpy()])
    shapes = np.concatenate([np.asarray(blocks.geometry.values, dtype=object), dots.geometry.to_numpy()])
    extent = pd.DataFrame(shapely.bounds(shapes), columns=["minx", "miny", "maxx", "maxy"])
    extent.insert(0, "unit_id", unit_ids)
    extent = extent.merge(units[["unit_id", "state_id", "district_id"]], on="unit_id", how="left")
    return MapGeometry(
        blocks=pd.concat(
            [
                polygon_rows(blocks.unit_id, blocks.geometry.values, tolerance, block_decimals),
                part_rows(dots.unit_id, dots.geometry.values, block_decimals),
            ],
            ignore_index=True,
        ),
        districts=outline_paths(districts.unit_id, districts.geometry.values, tolerance, line_decimals),
        states=outline_paths(
            boundaries_by_level["state"].unit_id, boundaries_by_level["state"].geometry.values, tolerance, line_decimals
        ),
        block_bounds=extent,
        dot_ids=frozenset(dots.unit_id),
        unplaced=unplaced,
    )


def missing_block_dots(blocks, districts, units: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Dots for the units that have no outline, each inside its district.

    Parameters
    ----------
    blocks, districts : GeoDataFrame
        Outlines (unit_id, geometry) of the analysis level and of districts.
    units : DataFrame
        Every unit of the analysis level: unit_id, state_id, district_id.

    Returns
    -------
    (dots, unplaced)
        ``dots``: unit_id and a small circular polygon, in unit_id order within a
        district, placed where the district's outlined blocks are not (see
        :func:`dot_polygons`). ``unplaced``: unit_id, state_id, district_id of the
        units whose district has no outline either, so they cannot be drawn.
    """
    missing = units[~units.unit_id.isin(blocks.unit_id)].sort_values("unit_id")
    placeable = missing.district_id.isin(districts.unit_id).to_numpy()
    district_shape = dict(zip(districts.unit_id, districts.geometry.values, strict=True))
    outlined_district = blocks.unit_id.map(dict(zip(units.unit_id, units.district_id, strict=True))).to_numpy()
    ids, dots = [], []
    for district_id, members in missing[placeable].groupby("district_id", sort=True):
        area = free_area(district_shape[district_id], blocks.geometry.values[outlined_district == district_id])
        ids.extend(members.unit_id)
        dots.extend(dot_polygons(area, len(members)))
    unplaced = missing.loc[~placeable, ["unit_id", "state_id", "district_id"]].reset_index(drop=True)
    return pd.DataFrame({"unit_id": ids, "geometry": np.asarray(dots, dtype=object)}), unplaced


def free_area(district, outlined_blocks: np.ndarray):
    """The part of ``district`` its outlined blocks leave uncovered, where dots hide no
    block; the whole district when nothing but slivers is left.

    Examples
    --------
    >>> free_area(shapely.box(0, 0, 2, 1), np.array([shapely.box(0, 0, 1, 1)])).bounds
    (1.0, 0.0, 2.0, 1.0)
    """
    if len(outlined_blocks) == 0:
        return district
    parts = shapely.get_parts(shapely.difference(district, shapely.union_all(outlined_blocks)))
    parts = parts[shapely.area(parts) >= FREE_AREA_SHARE * district.area] if len(parts) else parts
    return shapely.union_all(parts) if len(parts) else district


def dot_polygons(polygon, count: int) -> np.ndarray:
    """``count`` small circles (12-sided polygons) inside ``polygon`` that do not overlap.

    Examples
    --------
    >>> dots = dot_polygons(shapely.box(0, 0, 2, 2), 4)
    >>> len(dots), bool(shapely.within(dots, shapely.box(0, 0, 2, 2)).all())
    (4, True)
    """
    centres, radius = dot_centres(polygon, count)
    return shapely.buffer(shapely.points(centres), radius, quad_segs=DOT_QUAD_SEGMENTS)


def dot_centres(polygon, count: int) -> tuple[np.ndarray, float]:
    """Centres for ``count`` dots spread evenly inside ``polygon``, and the dots' radius.

    Deterministic: a regular grid over the polygon's bounds, its step first sized so
    that about ``count`` points fall inside and refined until at least ``count`` do,
    keeping only points at least one radius from the boundary (so whole dots lie
    inside); ``count`` of them are then taken at even intervals in row order.
    Centres are a grid step apart and the radius is under half a step, so dots
    never overlap. A polygon too thin or small for any grid point (almost no area)
    gets a row of dots centred on its ``point_on_surface``.

    Examples
    --------
    >>> centres, radius = dot_centres(shapely.box(0, 0, 2, 1), 2)
    >>> centres.tolist(), radius
    ([[0.5, 0.5], [1.5, 0.5]], 0.4)
    """
    if count < 1:
        return np.empty((0, 2)), 0.0
    shapely.prepare(polygon)
    step = math.sqrt(polygon.area / count)
    for _ in range(GRID_TRIES if step > 0 else 0):
        candidates = _grid_inside(polygon, step, DOT_RADIUS_SHARE * step)
        if len(candidates) >= count:
            picks = np.floor((np.arange(count) + 0.5) * len(candidates) / count).astype(int)
            return candidates[picks], DOT_RADIUS_SHARE * step
        step *= GRID_SHRINK
    step = step or 1e-3  # ~100 m: visible when zoomed in on a degenerate outline
    anchor = shapely.point_on_surface(polygon)
    offsets = (np.arange(count) - (count - 1) / 2) * step
    return np.column_stack([anchor.x + offsets, np.full(count, anchor.y)]), DOT_RADIUS_SHARE * step


def _grid_inside(polygon, step: float, margin: float) -> np.ndarray:
    """Points of a grid with spacing ``step`` that lie inside ``polygon``, at least
    ``margin`` from its boundary, in row order (south to north, west to east)."""
    minx, miny, maxx, maxy = polygon.bounds
    xs, ys = np.meshgrid(np.arange(minx + step / 2, maxx, step), np.arange(miny + step / 2, maxy, step))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(polygon, xs, ys)
    points = shapely.points(xs[inside], ys[inside])
    clear = ~shapely.dwithin(polygon.boundary, points, margin)
    return np.column_stack([xs[inside][clear], ys[inside][clear]])


def _json(coords) -> str:
    return json.dumps(coords, separators=(",", ":"))


def _rings(polygon, decimals: int) -> str:
    """A polygon part as deck.gl takes it (a ring, or [outer, holes...]), as JSON text.

    Text, not nested lists: a list per coordinate pair made millions of objects that Python's
    garbage collector walked after every script run (Streamlit collects after each run): about a
    second per click once the map's geometry was loaded."""
    rings = [polygon.exterior, *polygon.interiors]
    coords = [np.round(np.asarray(ring.coords)[:-1, :2], decimals).tolist() for ring in rings]
    return _json(coords if len(coords) > 1 else coords[0])


def polygon_rows(unit_ids, geometries: np.ndarray, tolerance: float, decimals: int) -> pd.DataFrame:
    """One row per polygon part, simplified: ``unit_id`` and ``polygon`` (JSON text: a ring, or [outer, holes...])."""
    return part_rows(unit_ids, simplify_coverage(geometries, tolerance), decimals)


def part_rows(unit_ids, geometries: np.ndarray, decimals: int) -> pd.DataFrame:
    """One row per polygon part as drawn, without simplification (dots are already simple)."""
    parts, owner = shapely.get_parts(polygon_parts(geometries), return_index=True)
    drawn = is_polygonal(parts) & ~shapely.is_empty(parts)
    return pd.DataFrame(
        {
            "unit_id": np.asarray(unit_ids, dtype=object)[owner[drawn]],
            "polygon": [_rings(part, decimals) for part in parts[drawn]],
        }
    )


def outline_paths(unit_ids, geometries: np.ndarray, tolerance: float, decimals: int) -> pd.DataFrame:
    """Boundary lines of polygons as closed paths: one row per ring, ``unit_id`` and ``path`` (JSON text)."""
    ids, paths = [], []
    for unit_id, geometry in zip(unit_ids, simplify_coverage(geometries, tolerance), strict=True):
        for part in shapely.get_parts(geometry):
            for ring in (part.exterior, *part.interiors):
                ids.append(unit_id)
                paths.append(_json(np.round(np.asarray(ring.coords)[:, :2], decimals).tolist()))
    return pd.DataFrame({"unit_id": ids, "path": paths})
