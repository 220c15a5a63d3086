"""What the browser's deck.gl map (``lib/maps/web/map.js``) is sent, in two parts.

The **scope** (JSON text) holds the outlines of one scope (coloured blocks, grey blocks, district and state
lines), the unit order and the names for the tooltip: 0.72 MB for all of India at ABP scale. The browser keeps
it, so it is sent once per scope. The **style** holds what a measure, period or classification
changes: a palette, a palette index per unit (in the scope's unit order) and the tooltip's value
texts; 8 kB for 500 blocks. Text is sent raw: the browser escapes it when it writes the tooltip.
"""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pandas as pd

from lib.i18n import tr
from lib.maps.classify import MISSING_RGB, Classes

OTHER_BLOCKS_RGB = [232, 232, 232]  # in lib/maps/web/map.js too (grey blocks with no data loaded)
WEB_FOLDER = "web"  # lib/maps/web: the component's page and script (lib/ui/block_map.py serves it)


def compact_json(payload) -> str:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def token_of(text: str) -> str:
    """A short content hash: equal payloads get equal tokens, so a token names what the browser holds."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def view_for(bounds: tuple[float, float, float, float], width_px: int = 760, height_px: int = 620) -> dict:
    """deck.gl's view state fitting the bounding box (web-Mercator zoom from the larger span)."""
    west, south, east, north = bounds
    lon_span = max(east - west, 1e-3)
    mercator = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))  # noqa: E731
    lat_span = max(abs(mercator(north) - mercator(south)) * 180 / math.pi, 1e-3)
    # deck.gl draws the world 512 px wide at zoom 0
    zoom = min(math.log2(width_px * 360 / (512 * lon_span)), math.log2(height_px * 360 / (512 * lat_span))) - 0.3
    return {"longitude": (west + east) / 2, "latitude": (south + north) / 2, "zoom": round(zoom, 2)}


def scope_json(
    units: pd.DataFrame, parts: pd.DataFrame, others: list, district_paths: list, state_paths: list, view: dict
) -> str:
    """The scope part as JSON text. ``units``: unit_id, unit_name, district, state in the style's
    order; ``parts``: unit_id, polygon (one row per polygon part, JSON text; units outside ``units``
    ignored); ``others``, ``district_paths``, ``state_paths``: JSON texts. The pieces are joined as
    text: the outlines are never turned back into Python lists."""
    position = pd.Series(np.arange(len(units)), index=pd.Index(units.unit_id))
    parts = parts[parts.unit_id.isin(position.index)]
    head = compact_json(
        {
            "units": units.unit_id.tolist(),
            "tips": [
                list(row)
                for row in zip(*(units[c].astype(str) for c in ("unit_name", "district", "state")), strict=True)
            ],
            "view": view,
        }
    )
    indexed = ",".join(f"[{i},{polygon}]" for i, polygon in zip(position[parts.unit_id], parts.polygon, strict=True))
    lists = {"parts": indexed, "others": ",".join(others), "districts": ",".join(district_paths)}
    lists["states"] = ",".join(state_paths)
    return head[:-1] + "".join(f',"{name}":[{text}]' for name, text in lists.items()) + "}"


def style_payload(
    classes: Classes, values: list[str], ranks, ages, measure_label: str, period_label: str, lang: str = "en"
) -> dict:
    """The style part: ``classes`` index the palette (the classes' colours, then no-data grey);
    ``words`` are the tooltip's and status line's texts in ``lang`` (``{n}`` filled in by the browser)."""
    palette = np.vstack([classes.colours, np.array(MISSING_RGB, dtype=np.uint8)]).astype(int)
    index = np.where(classes.class_of >= 0, classes.class_of, len(classes.colours)).astype(int)
    style = {
        "classes": index.tolist(),
        "palette": palette.tolist(),
        "values": list(values),
        "ranks": [None if pd.isna(r) else int(r) for r in ranks],
        "ages": [None if pd.isna(a) else round(float(a)) for a in ages],
        "measure": measure_label,
        "period": period_label,
        "words": {
            "rank": tr(lang, "Rank {n}", n="{n}"),
            "unranked": tr(lang, "not ranked"),
            "age": tr(lang, "data age {n}", n="{n}"),
            "months": tr(lang, "{n} months", n="{n}"),
            "unknown": tr(lang, "n/a"),
            "loading": tr(lang, "Loading the map outlines..."),
            "failed": tr(lang, "The map could not be drawn:"),
        },
    }
    style["key"] = token_of(compact_json(style))  # which style the browser last drew (tests wait on it)
    return style
