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
    data: pd.DataFrame  # one row per block shown: names, value, class, rank, age
    classes: Classes
    payload_bytes: int
    block_records: list[dict]  # the layers' contents, reused by the static PNG export
    other_blocks: list
    district_paths: list
    state_paths: list
    dot_count: int = 0  # units on the map drawn as dots (no outline of their own)
    unplaced_count: int = 0  # units in scope left off the map (neither they nor their district have an outline)

    @property
    def dot_note(self) -> str:
        """The caption (and PNG source note) explaining the dots; empty when there are none."""
        if self.dot_count == 1:
            return (
                "1 block has no outline in the database: it is drawn as a dot inside its district; "
                "load block boundaries to draw it as an area."
            )
        if self.dot_count:
            return (
                f"{self.dot_count:,} blocks have no outline in the database: each is drawn as a dot inside "
                "its district; load block boundaries to draw them as areas."
            )
        return ""


def detail_for(state_id: str | None, district_id: str | None) -> str:
    return "district" if district_id else ("state" if state_id else "india")


def _in_scope(frame: pd.DataFrame, state_id: str | None, district_id: str | None) -> pd.Series:
    if district_id:
        return frame.district_id == district_id
    if state_id:
        return frame.state_id == state_id
    return pd.Series(True, index=frame.index)


def outline_gaps(
    geometry: MapGeometry,
    shown_ids: pd.Series,
    grey_ids: pd.Series,
    loaded_ids: set,
    state_id: str | None,
    district_id: str | None,
) -> tuple[int, int]:
    """How many units on the map are dots, and how many units in scope cannot be drawn at all.

    ``shown_ids``: the coloured units; ``grey_ids``: the other units drawn grey (disjoint
    from the coloured ones). A unit that cannot be placed counts when it would be coloured
    or, having data loaded, grey. Set lookups, not ``isin``: with Arrow strings pandas
    rebuilds the lookup list on every call, which cost ~30 ms per rebuild at all-India scale.
    """
    dots = 0
    if geometry.dot_ids:
        dots = len(geometry.dot_ids.intersection(shown_ids)) + len(geometry.dot_ids.intersection(grey_ids))
    unplaced = geometry.unplaced
    if unplaced.empty:
        return dots, 0
    shown = set(shown_ids)
    in_scope = unplaced.unit_id[_in_scope(unplaced, state_id, district_id).to_numpy()]
    return dots, sum(unit_id in shown or unit_id in loaded_ids for unit_id in in_scope)


def build_map(
    geometry: MapGeometry,
    table: pd.DataFrame,
    matrix: IndicatorMatrix,
    measure: Measure,
    scheme: str,
    k: int,
    period_label: str,
    loaded_ids: set,
    state_id: str | None = None,
    district_id: str | None = None,
    basemap: bool = False,
) -> MapView:
    """Everything the Map page shows for one choice of measure, period and scope."""
    values, age = measure_values(measure, table, matrix)
    data = table[["unit_id", "unit_name", "district", "state", "district_id", "state_id", "rank"]].assign(
        value=values, age=age
    )
    data = data[_in_scope(data, state_id, district_id).to_numpy()].reset_index(drop=True)
    classes = classify(data.value.to_numpy(), scheme, k, measure.higher_is_better, measure.diverging)
    data["class"] = classes.class_of
    info = pd.DataFrame(
        {
            "unit_id": data.unit_id,
            "name": data.unit_name,
            "district": data.district,
            "state": data.state,
            "value_text": [format_value(v, measure) for v in data.value],
            "rank_text": [str(r) if pd.notna(r) else "not ranked" for r in data["rank"]],
            "age_text": [f"{a:.0f} months" if pd.notna(a) else "n/a" for a in data.age],
            "rgb": [tuple(int(c) for c in rgb) for rgb in classes.rgb()],
        }
    )
    bounds = geometry.block_bounds
    shown_bounds = bounds[bounds.unit_id.isin(data.unit_id)]
    records = deckspec.block_records(geometry.blocks[geometry.blocks.unit_id.isin(data.unit_id)], info)
    others = bounds[
        _in_scope(bounds, state_id, district_id).to_numpy()
        & bounds.unit_id.isin(loaded_ids)
        & ~bounds.unit_id.isin(data.unit_id)
    ]
    other_polygons = geometry.blocks[geometry.blocks.unit_id.isin(others.unit_id)].polygon.tolist()
    district_ids = set((others.district_id if len(others) else pd.Series(dtype=str)).tolist()) | set(data.district_id)
    if state_id:
        district_ids |= set(bounds.loc[bounds.state_id == state_id, "district_id"])
    if district_id:
        district_ids = {district_id}
    districts = geometry.districts[geometry.districts.unit_id.isin(district_ids)].path.tolist()
    states = geometry.states[
        geometry.states.unit_id.isin([state_id] if state_id else geometry.states.unit_id)
    ].path.tolist()
    in_scope = bounds[_in_scope(bounds, state_id, district_id).to_numpy()]
    # frame the whole scope, not only coloured blocks; all of the map when nothing in scope can be drawn
    extent = in_scope if len(in_scope) else (shown_bounds if len(shown_bounds) else bounds)
    view = deckspec.view_for((extent.minx.min(), extent.miny.min(), extent.maxx.max(), extent.maxy.max()))
    deck = deckspec.build_deck(records, other_polygons, districts, states, view, measure.label, period_label, basemap)
    fmt = "{:.0f}" if measure.key in ("rank", "delta_rank") else "{:.1f}"
    dots, unplaced = outline_gaps(geometry, data.unit_id, others.unit_id, loaded_ids, state_id, district_id)
    return MapView(
        deck,
        legend_rows(classes, fmt),
        data,
        classes,
        deckspec.payload_bytes(deck),
        records,
        other_polygons,
        districts,
        states,
        dots,
        unplaced,
    )
