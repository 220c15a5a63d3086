"""Outline geometry rules used by loading, storage and maps, each written once.

Plain shapely on arrays of geometries: decoding the WKB DuckDB stores, keeping
the polygon parts of a repaired or clipped outline, and simplifying a coverage
(polygons that share edges) for display. :mod:`lib.boundaries` reads and writes
the ``boundaries`` table, :mod:`lib.ingest.boundaries` loads files and
:mod:`lib.maps.geometry` prepares what the map draws; all three use these.
"""

from __future__ import annotations

import numpy as np
import shapely

# shapely type ids of the area geometries a map can fill
POLYGON_TYPE_IDS = (3, 6)  # Polygon, MultiPolygon
_COLLECTION_TYPE_ID = 7  # GeometryCollection


def from_wkb(blobs) -> np.ndarray:
    """Geometries from WKB values as DuckDB returns BLOBs (``bytearray``, which shapely refuses).

    Examples
    --------
    >>> from_wkb([bytearray(shapely.to_wkb(shapely.box(0, 0, 1, 1)))])[0].area
    1.0
    """
    return shapely.from_wkb([bytes(blob) for blob in blobs])


def is_polygonal(geometries) -> np.ndarray:
    """True where a geometry is a Polygon or MultiPolygon (empty ones included).

    Examples
    --------
    >>> is_polygonal([shapely.box(0, 0, 1, 1), shapely.Point(0, 0)]).tolist()
    [True, False]
    """
    return np.isin(shapely.get_type_id(np.asarray(geometries, dtype=object)), POLYGON_TYPE_IDS)


def polygon_parts(geometries) -> np.ndarray:
    """Each geometry with only its polygons: a GeometryCollection (what ``make_valid`` or an
    intersection can return) becomes the union of its Polygon and MultiPolygon parts (empty
    when it has none); other geometries are returned as they are, so a point or a line can
    still be reported as "not a polygon".

    Examples
    --------
    >>> mixed = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.LineString([(1, 1), (2, 2)])])
    >>> [g.geom_type for g in polygon_parts([mixed, shapely.Point(0, 0)])]
    ['Polygon', 'Point']
    """
    result = np.array(geometries, dtype=object)  # a copy: the caller's array is left alone
    for index in np.flatnonzero(shapely.get_type_id(result) == _COLLECTION_TYPE_ID):
        parts = shapely.get_parts(result[index])
        result[index] = shapely.union_all(parts[is_polygonal(parts)])
    return result


def drop_specks(geometries, min_area: float) -> np.ndarray:
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


def simplify_coverage(geometries, tolerance: float) -> np.ndarray:
    """Simplify polygons that share edges together, so shared edges stay shared.

    Parts smaller than tolerance squared are dropped first (see :func:`drop_specks`).
    Falls back to per-polygon topology-preserving simplification for any
    result that is invalid or empty, so every unit keeps a valid polygon.

    Examples
    --------
    >>> left, right = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    >>> simplified = simplify_coverage([left, right], 0.1)
    >>> bool(shapely.intersection(simplified[0], simplified[1]).area == 0), round(float(shapely.area(simplified).sum()), 6)
    (True, 2.0)
    """
    geometries = drop_specks(geometries, tolerance**2)
    simplified = shapely.coverage_simplify(geometries, tolerance)
    broken = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
    if broken.any():
        simplified[broken] = shapely.simplify(geometries[broken], tolerance, preserve_topology=True)
    return simplified
