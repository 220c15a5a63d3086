"""A static PNG of the current map for slides (server-side, matplotlib; no network)."""

from __future__ import annotations

import io
import json

import matplotlib

matplotlib.use("Agg")  # no display on servers
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from lib.config import FONTS_DIR  # noqa: E402

# The shipped fonts, Latin first and Devanagari as the fallback for Hindi text (matplotlib shapes
# conjuncts and vowel signs itself); registered once per process.
for _font in sorted(FONTS_DIR.glob("*.ttf")):
    font_manager.fontManager.addfont(str(_font))
FAMILIES = ["Noto Sans", "Noto Sans Devanagari"]


def _outer(polygon_json: str) -> list:
    """The outer ring of a polygon part (JSON text: a ring, or [outer, holes...])."""
    polygon = json.loads(polygon_json)
    return polygon[0] if polygon and isinstance(polygon[0][0], list) else polygon


def map_png(view, title: str, source: str, width_in: float = 11.0, lang: str = "en") -> bytes:
    """Render a :class:`lib.maps.view.MapView` to a PNG with a title, a legend with counts and a source line
    (followed by the view's note on dots, in ``lang``, when some blocks are drawn as dots)."""
    with plt.rc_context({"font.family": FAMILIES}):
        figure = _figure(view, title, source, width_in, lang)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        plt.close(figure)
    return buffer.getvalue()


def _figure(view, title: str, source: str, width_in: float, lang: str):
    block_records, other_blocks, legend = view.block_records, view.scope.other_blocks, view.legend
    district_paths, state_paths = view.scope.district_paths, view.scope.state_paths
    figure, axes = plt.subplots(figsize=(width_in, width_in * 0.8), dpi=150)
    if other_blocks:
        axes.add_collection(PolyCollection([_outer(p) for p in other_blocks], facecolors="#e8e8e8", edgecolors="none"))
    axes.add_collection(
        PolyCollection(
            [_outer(r["p"]) for r in block_records],
            facecolors=[[c / 255 for c in r["c"]] for r in block_records],
            edgecolors="white",
            linewidths=0.2,
        )
    )
    axes.add_collection(LineCollection([json.loads(p) for p in district_paths], colors="#787878", linewidths=0.3))
    axes.add_collection(LineCollection([json.loads(p) for p in state_paths], colors="#282828", linewidths=0.7))
    axes.autoscale_view()
    axes.set_aspect("equal")
    axes.set_axis_off()
    axes.set_title(title, fontsize=13, loc="left")
    handles = [
        Patch(facecolor=[c / 255 for c in row["rgb"]], edgecolor="#999999", label=f"{row['label']}  ({row['count']})")
        for row in legend
    ]
    axes.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    # the dots' note goes under the source, on its own line, so the picture never passes dots off as areas
    note = view.dot_note(lang)
    figure.text(0.01, 0.01, f"{source}\n{note}" if note else source, fontsize=7, color="#555555", va="bottom")
    return figure
