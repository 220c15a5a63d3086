"""Synthetic blocks: each real district split into Voronoi cells clipped to it.

Cell seeds are relaxed (a discrete Lloyd's algorithm: k-means on points
sampled inside the district) so blocks have even sizes,
like real development blocks, rather than the slivers raw random Voronoi
cells give. Block counts follow district area so that all-India totals are
close to the ~7,000 real blocks.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from lib.geometry import is_polygonal, polygon_parts

TARGET_BLOCKS = 7000
MIN_BLOCKS, MAX_BLOCKS = 2, 30
LLOYD_ITERATIONS = 8
SAMPLES_PER_BLOCK = 60
FIRST_BLOCK_CODE = 900001  # synthetic codes, outside the range real LGD block codes use


def blocks_per_district(area_km2: np.ndarray, total: int = TARGET_BLOCKS) -> np.ndarray:
    """Block counts proportional to area**0.6, clipped to [2, 30], summing close to ``total``.

    Examples
    --------
    >>> blocks_per_district(np.array([100.0, 100.0]), total=10).tolist()
    [5, 5]
    """
    weight = np.power(np.maximum(area_km2, 1.0), 0.6)
    scale = total / weight.sum()
    for _ in range(20):  # clipping moves the total; rescale until it settles
        counts = np.clip(np.rint(weight * scale), MIN_BLOCKS, MAX_BLOCKS).astype(int)
        if abs(counts.sum() - total) <= len(counts) // 100 + 1:
            break
        scale *= total / counts.sum()
    return counts


def _seed_points(polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    xmin, ymin, xmax, ymax = polygon.bounds
    shapely.prepare(polygon)
    found = np.empty((0, 2))
    while len(found) < count:
        candidates = rng.uniform([xmin, ymin], [xmax, ymax], size=(count * 8, 2))
        inside = shapely.contains_xy(polygon, candidates[:, 0], candidates[:, 1])
        found = np.vstack([found, candidates[inside]])
    return found[:count]


def _cells(polygon, seeds: np.ndarray) -> np.ndarray:
    xmin, ymin, xmax, ymax = polygon.bounds
    envelope = shapely.box(xmin - 1.0, ymin - 1.0, xmax + 1.0, ymax + 1.0)
    diagram = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=envelope, ordered=True)
    return polygon_parts(shapely.intersection(shapely.get_parts(diagram), polygon))


def _relaxed_seeds(polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    """Discrete Lloyd relaxation: k-means on points sampled inside the polygon."""
    sample = _seed_points(polygon, count * SAMPLES_PER_BLOCK, rng)
    seeds = sample[rng.choice(len(sample), size=count, replace=False)].copy()
    for _ in range(LLOYD_ITERATIONS):
        nearest = ((sample[:, None, :] - seeds[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
        for k in range(count):
            members = sample[nearest == k]
            if len(members):
                seeds[k] = members.mean(axis=0)
    return seeds


def split_district(polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    """Split one district polygon into ``count`` non-empty cells that tile it."""
    if count == 1:
        return np.array([polygon], dtype=object)
    for _ in range(10):
        seeds = _relaxed_seeds(polygon, count, rng)
        if len(np.unique(seeds, axis=0)) < count:
            continue
        cells = _cells(polygon, seeds)
        if (is_polygonal(cells) & ~shapely.is_empty(cells)).all():
            return cells
    raise RuntimeError(f"could not split a district into {count} non-empty blocks")


def make_blocks(
    districts: gpd.GeoDataFrame, district_area_km2: np.ndarray, rng: np.random.Generator, total: int = TARGET_BLOCKS
) -> gpd.GeoDataFrame:
    """All synthetic blocks: ``block_code``, ``block_name``, ``district_code``, ``state_code``, geometry."""
    counts = blocks_per_district(district_area_km2, total)
    pieces = []
    for district, count in zip(districts.itertuples(index=False), counts, strict=True):
        cells = split_district(district.geometry, int(count), rng)
        pieces.append(
            pd.DataFrame(
                {
                    "district_code": district.district_code,
                    "state_code": district.state_code,
                    "block_name": [f"{district.district_name} Block {k}" for k in range(1, len(cells) + 1)],
                    "geometry": cells,
                }
            )
        )
    blocks = pd.concat(pieces, ignore_index=True)
    blocks.insert(0, "block_code", [str(FIRST_BLOCK_CODE + i) for i in range(len(blocks))])
    return gpd.GeoDataFrame(blocks, geometry="geometry", crs="EPSG:4326")
