"""Assemble one map: measure values, classes, layers for the scope, and the deck."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.maps import deck as deckspec
from lib.maps.classify import Classes, classify, legend_rows
from lib.maps.geometry import MapGeometry
from lib.maps.measures import Measure, format_value, measure_values
from lib.scoring.matrix import IndicatorMatrix


@dataclass
class MapView:
    deck: deckspec.CompactDeck
    legend: list[dict]
    data: pd.DataFrame     # one row per block shown: names, value, class, rank, age
    classes: Classes
    payload_bytes: int
    block_records: list[dict]   # the layers' contents, reused by the static PNG export
    other_blocks: list
    district_paths: list
    state_paths: list


def detail_for(state_id: str | None, district_id: str | None) -> str:
    return "district" if district_id else ("state" if state_id else "india")


def _in_scope(frame: pd.DataFrame, state_id: str | None, district_id: str | None) -> pd.Series:
    if district_id:
        return frame.district_id == district_id
    if state_id:
        return frame.state_id == state_id
    return pd.Series(True, index=frame.index)


def build_map(geometry: MapGeometry, table: pd.DataFrame, matrix: IndicatorMatrix, measure: Measure,
              scheme: str, k: int, period_label: str, loaded_ids: set, state_id: str | None = None,
              district_id: str | None = None, basemap: bool = False) -> MapView:
    """Everything the Map page shows for one choice of measure, period and scope."""
    values, age = measure_values(measure, table, matrix)
    data = table[["unit_id", "unit_name", "district", "state", "district_id", "state_id", "rank"]].assign(value=values, age=age)
    data = data[_in_scope(data, state_id, district_id).to_numpy()].reset_index(drop=True)
    classes = classify(data.value.to_numpy(), scheme, k, measure.higher_is_better, measure.diverging)
    data["class"] = classes.class_of
    info = pd.DataFrame({
        "unit_id": data.unit_id, "name": data.unit_name, "district": data.district, "state": data.state,
        "value_text": [format_value(v, measure) for v in data.value],
        "rank_text": [str(r) if pd.notna(r) else "not ranked" for r in data["rank"]],
        "age_text": [f"{a:.0f} months" if a == a else "n/a" for a in data.age],
        "rgb": [tuple(int(c) for c in rgb) for rgb in classes.rgb()],
    })
    bounds = geometry.block_bounds
    shown_bounds = bounds[bounds.unit_id.isin(data.unit_id)]
    records = deckspec.block_records(geometry.blocks[geometry.blocks.unit_id.isin(data.unit_id)], info)
    others = bounds[_in_scope(bounds, state_id, district_id).to_numpy() & bounds.unit_id.isin(loaded_ids)
                    & ~bounds.unit_id.isin(data.unit_id)]
    other_polygons = geometry.blocks[geometry.blocks.unit_id.isin(others.unit_id)].polygon.tolist()
    district_ids = set((others.district_id if len(others) else pd.Series(dtype=str)).tolist()) | set(data.district_id)
    if state_id:
        district_ids |= set(bounds.loc[bounds.state_id == state_id, "district_id"])
    if district_id:
        district_ids = {district_id}
    districts = geometry.districts[geometry.districts.unit_id.isin(district_ids)].path.tolist()
    states = geometry.states[geometry.states.unit_id.isin([state_id] if state_id else geometry.states.unit_id)].path.tolist()
    in_scope = bounds[_in_scope(bounds, state_id, district_id).to_numpy()]
    extent = in_scope if len(in_scope) else shown_bounds  # frame the whole scope, not only coloured blocks
    view = deckspec.view_for((extent.minx.min(), extent.miny.min(), extent.maxx.max(), extent.maxy.max()))
    deck = deckspec.build_deck(records, other_polygons, districts, states, view, measure.label, period_label, basemap)
    fmt = "{:.0f}" if measure.key in ("rank", "delta_rank") else "{:.1f}"
    return MapView(deck, legend_rows(classes, fmt), data, classes, deckspec.payload_bytes(deck),
                   records, other_polygons, districts, states)
