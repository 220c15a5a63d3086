"""Assemble one map: measure values and classes (the style), and the outlines of its scope."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd

from lib.i18n import tr
from lib.maps import deck as deckspec
from lib.maps.classify import Classes, classify, legend_rows
from lib.maps.geometry import MapGeometry
from lib.maps.measures import Measure, format_value, measure_values
from lib.scoring.matrix import IndicatorMatrix


@dataclass(frozen=True)
class MapScope:
    """The outlines of one scope as the browser gets them (once), and what the PNG export draws."""

    token: str  # content hash of ``json``: the browser keeps scopes by token
    json: str  # the scope as the browser takes it (lib.maps.deck.scope_json)
    bytes: int  # of ``json`` in UTF-8, as sent
    units: tuple  # unit ids in the order of the style's arrays
    parts: pd.DataFrame  # unit_id, polygon (JSON text) of the coloured units
    other_blocks: list  # JSON texts, as the other outlines below
    district_paths: list
    state_paths: list
    dot_count: int = 0  # units on the map drawn as dots (no outline of their own)
    unplaced_count: int = 0  # units in scope left off the map (neither they nor their district have an outline)


@dataclass
class MapView:
    scope: MapScope
    style: dict  # lib.maps.deck.style_payload: sent on every run
    legend: list[dict]
    data: pd.DataFrame  # one row per block shown: names, value, class, rank, age
    classes: Classes

    @property
    def style_bytes(self) -> int:
        return len(deckspec.compact_json(self.style).encode("utf-8"))

    @property
    def block_records(self) -> list[dict]:
        """Polygon parts (JSON text) with their fill colour (the PNG export's blocks)."""
        rgb = dict(zip(self.data.unit_id, (tuple(int(c) for c in row) for row in self.classes.rgb()), strict=True))
        return [
            {"u": u, "p": p, "c": rgb[u]}
            for u, p in zip(self.scope.parts.unit_id, self.scope.parts.polygon, strict=True)
        ]

    def dot_note(self, lang: str = "en") -> str:
        """The caption (and PNG source note) explaining the dots; empty when there are none."""
        dot_count = self.scope.dot_count
        if dot_count == 1:
            return tr(
                lang,
                "1 block has no outline in the database: it is drawn as a dot inside its district; "
                "load block boundaries to draw it as an area.",
            )
        if dot_count:
            return tr(
                lang,
                "{count} blocks have no outline in the database: each is drawn as a dot inside "
                "its district; load block boundaries to draw them as areas.",
                count=f"{dot_count:,}",
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


SCOPES_KEPT = 16  # per prepared geometry: the scopes (all-India, states, districts) last drawn
_SCOPES_LOCK = threading.Lock()


def build_scope(
    geometry: MapGeometry,
    units: pd.DataFrame,
    loaded_ids: set,
    state_id: str | None = None,
    district_id: str | None = None,
) -> MapScope:
    """The outlines for the coloured ``units`` (unit_id, unit_name, district, state, district_id,
    state_id; in style order), the grey units with data loaded, district and state lines, and a view
    fitting the scope. Kept on ``geometry`` by content: a measure or period that colours the same
    units reuses it."""
    cache_key = (tuple(units.unit_id), tuple(units.unit_name), frozenset(loaded_ids), state_id, district_id)
    with _SCOPES_LOCK:  # sessions build maps in parallel threads
        if cache_key in geometry.scopes:
            return geometry.scopes[cache_key]
    bounds = geometry.block_bounds
    shown = bounds.unit_id.isin(units.unit_id)
    in_scope = bounds[_in_scope(bounds, state_id, district_id).to_numpy()]
    others = in_scope[in_scope.unit_id.isin(loaded_ids) & ~in_scope.unit_id.isin(units.unit_id)]
    other_polygons = geometry.blocks[geometry.blocks.unit_id.isin(others.unit_id)].polygon.tolist()
    district_ids = set(others.district_id) | set(units.district_id)
    if state_id:
        district_ids |= set(bounds.loc[bounds.state_id == state_id, "district_id"])
    if district_id:
        district_ids = {district_id}
    districts = geometry.districts[geometry.districts.unit_id.isin(district_ids)].path.tolist()
    states = geometry.states[
        geometry.states.unit_id.isin([state_id] if state_id else geometry.states.unit_id)
    ].path.tolist()
    # frame the whole scope, not only coloured blocks; all of the map when nothing in scope can be drawn
    extent = in_scope if len(in_scope) else (bounds[shown] if shown.any() else bounds)
    view = deckspec.view_for((extent.minx.min(), extent.miny.min(), extent.maxx.max(), extent.maxy.max()))
    parts = geometry.blocks[geometry.blocks.unit_id.isin(units.unit_id)].reset_index(drop=True)
    text = deckspec.scope_json(units, parts, other_polygons, districts, states, view)
    dots, unplaced = outline_gaps(geometry, units.unit_id, others.unit_id, loaded_ids, state_id, district_id)
    scope = MapScope(
        deckspec.token_of(text),
        text,
        len(text.encode("utf-8")),
        tuple(units.unit_id),
        parts,
        other_polygons,
        districts,
        states,
        dots,
        unplaced,
    )
    with _SCOPES_LOCK:
        while len(geometry.scopes) >= SCOPES_KEPT:
            geometry.scopes.pop(next(iter(geometry.scopes)), None)
        geometry.scopes[cache_key] = scope
    return scope


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
    lang: str = "en",
) -> MapView:
    """Everything the Map page shows for one choice of measure, period and scope, in ``lang``."""
    values, age = measure_values(measure, table, matrix)
    data = table[["unit_id", "unit_name", "district", "state", "district_id", "state_id", "rank"]].assign(
        value=values, age=age
    )
    data = data[_in_scope(data, state_id, district_id).to_numpy()].reset_index(drop=True)
    classes = classify(data.value.to_numpy(), scheme, k, measure.higher_is_better, measure.diverging)
    data["class"] = classes.class_of
    scope = build_scope(geometry, data, loaded_ids, state_id, district_id)
    texts = [format_value(v, measure, lang) for v in data.value]
    style = deckspec.style_payload(classes, texts, data["rank"], data.age, measure.label, period_label, lang)
    fmt = "{:.0f}" if measure.key in ("rank", "delta_rank") else "{:.1f}"
    return MapView(scope, style, legend_rows(classes, fmt, lang), data, classes)
