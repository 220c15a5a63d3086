"""The deck.gl spec for the map (pydeck), kept compact: short keys, rounded
coordinates, escaped text, and JSON without pydeck's pretty-printing."""

from __future__ import annotations

import html
import json
import math
import urllib.parse
import weakref

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

OTHER_BLOCKS_RGB = [232, 232, 232]
DISTRICT_LINE_RGB = [120, 120, 120]
STATE_LINE_RGB = [40, 40, 40]
# The hovered block, opaque: a colour in neither palette (nor grey), so hovering never paints a
# block in a class's colour (deck.gl's default, navy, is the sequential palette's "best").
HOVER_RGBA = [255, 0, 255, 255]
TOOLTIP_HTML = "<b>{n}</b><br/>{d}, {s}<br/>{m}: <b>{v}</b><br/>Rank {r} · {p} · data age {a}"
BLOCK_LAYER_ID = "blocks"
# Streamlit's frontend swaps an empty map style for a Carto basemap fetched from
# the internet, and expects the style to be a string. A data: URL holding a style
# with no sources is neither empty nor remote: nothing is fetched.
NO_BASEMAP_STYLE = "data:application/json;charset=utf-8," + urllib.parse.quote(
    json.dumps({"version": 8, "sources": {}, "layers": []}, separators=(",", ":"))
)


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation (pydeck indents by default: ~2x the bytes).

    The JSON is written once per deck: a map view is cached and drawn again on every rerun (each
    step of Play), and serialising ~1 MB of polygons took 0.08-0.17 s each time. A deck is not
    changed after :func:`build_deck` makes it. Kept beside the deck, not in it: pydeck would
    serialise an attribute of its own.
    """

    def to_json(self):
        if self not in _JSON_WRITTEN:
            _JSON_WRITTEN[self] = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return _JSON_WRITTEN[self]


_JSON_WRITTEN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # deck -> its JSON


def block_records(polygons: pd.DataFrame, info: pd.DataFrame) -> list[dict]:
    """Rows for the block layer: polygon parts joined to per-block properties.

    ``info`` columns: unit_id, name, district, state, value_text, rank_text,
    age_text, rgb (3-tuple). Text stays as it is: Streamlit's deck.gl component
    HTML-escapes each value it puts into the tooltip template (its
    ``escapeHtml`` when the tooltip is ``html``), so escaping here too showed
    "Dadra &amp; Nagar Haveli". Only text written into the template itself
    (:func:`build_deck`'s measure and period labels) is escaped here.
    """
    joined = polygons.merge(info, on="unit_id", how="inner")
    text = lambda column: [str(v) for v in joined[column]]  # noqa: E731
    return [
        {"u": u, "p": p, "c": list(c), "n": n, "d": d, "s": s, "v": v, "r": r, "a": a}
        for u, p, c, n, d, s, v, r, a in zip(
            joined.unit_id,
            joined.polygon,
            joined.rgb,
            text("name"),
            text("district"),
            text("state"),
            text("value_text"),
            text("rank_text"),
            text("age_text"),
            strict=True,
        )
    ]


def view_for(bounds: tuple[float, float, float, float], width_px: int = 760, height_px: int = 620) -> pdk.ViewState:
    """A view that fits the bounding box (web-Mercator zoom from the larger span)."""
    west, south, east, north = bounds
    lon_span = max(east - west, 1e-3)
    mercator = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    lat_span = max(abs(mercator(north) - mercator(south)) * 180 / math.pi, 1e-3)
    # deck.gl draws the world 512 px wide at zoom 0
    zoom = min(math.log2(width_px * 360 / (512 * lon_span)), math.log2(height_px * 360 / (512 * lat_span))) - 0.3
    return pdk.ViewState(longitude=(west + east) / 2, latitude=(south + north) / 2, zoom=round(zoom, 2))


def build_deck(
    blocks: list[dict],
    other_blocks: list,
    district_paths: list,
    state_paths: list,
    view: pdk.ViewState,
    measure_label: str,
    period_label: str,
    basemap: bool = False,
) -> CompactDeck:
    """Layers bottom to top: other blocks (grey), measured blocks, district lines, state lines."""
    layers = []
    if other_blocks:
        layers.append(
            pdk.Layer(
                "PolygonLayer",
                id="other-blocks",
                data=[{"p": p} for p in other_blocks],
                get_polygon="p",
                get_fill_color=OTHER_BLOCKS_RGB,
                stroked=False,
                pickable=False,
            )
        )
    layers.append(
        pdk.Layer(
            "PolygonLayer",
            id=BLOCK_LAYER_ID,
            data=blocks,
            get_polygon="p",
            get_fill_color="c",
            stroked=True,
            get_line_color=[255, 255, 255],
            line_width_min_pixels=0.3,
            pickable=True,
            auto_highlight=True,
            highlight_color=HOVER_RGBA,
        )
    )
    for layer_id, paths, colour, width in (
        ("district-lines", district_paths, DISTRICT_LINE_RGB, 0.6),
        ("state-lines", state_paths, STATE_LINE_RGB, 1.4),
    ):
        if paths:
            # pydeck turns string props into accessor expressions, so no width_units="pixels":
            # zero width in metres plus a pixel minimum gives a constant on-screen width.
            layers.append(
                pdk.Layer(
                    "PathLayer",
                    id=layer_id,
                    data=[{"q": q} for q in paths],
                    get_path="q",
                    get_color=colour,
                    get_width=0,
                    width_min_pixels=width,
                    pickable=False,
                )
            )
    tooltip = {
        "html": TOOLTIP_HTML.replace("{m}", html.escape(measure_label)).replace("{p}", html.escape(period_label)),
        "style": {"fontSize": "12px", "backgroundColor": "#263238", "color": "white"},
    }
    return CompactDeck(
        layers=layers,
        initial_view_state=view,
        tooltip=tooltip,
        map_style="light" if basemap else NO_BASEMAP_STYLE,
        map_provider="carto",
    )


def payload_bytes(deck: pdk.Deck) -> int:
    """Bytes of the JSON spec Streamlit sends to the browser."""
    return len(deck.to_json().encode("utf-8"))
