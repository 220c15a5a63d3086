"""The shipped fonts (Noto Sans, Noto Sans Devanagari; SIL OFL, see ``OFL.txt``) and the web font
that lets a browser with no Devanagari font of its own (headless Chromium, many kiosks) show Hindi.

The app's type is "Source Sans", which has no Devanagari. :func:`devanagari_css` declares Noto Sans
Devanagari under that same family name, limited by ``unicode-range`` to the Devanagari blocks: the
browser then takes Devanagari characters from it and everything else from Source Sans, with no
change to any element's style. The font is subset to those blocks (its shaping tables kept, so
conjuncts still form) and embedded as a data URL: nothing is fetched from the internet.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from pathlib import Path

FONTS_DIR = Path(__file__).parent
DEVANAGARI_RANGES = "U+0900-097F, U+1CD0-1CFF, U+A8E0-A8FF, U+200C-200D, U+25CC"
FAMILY = "Source Sans"  # Streamlit's type, and the first of the charts' (lib.charts.FONT)


@functools.cache
def devanagari_woff(weight: str = "Regular") -> bytes:
    """Noto Sans Devanagari (``Regular`` or ``Bold``) subset to the Devanagari blocks, as WOFF."""
    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph set at INFO
    options = subset.Options()
    options.flavor = "woff"  # zlib: no extra package (WOFF2 would need brotli)
    options.layout_features = ["*"]  # keep every shaping feature: conjuncts, matras, nukta
    font = subset.load_font(str(FONTS_DIR / f"NotoSansDevanagari-{weight}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_code_points(DEVANAGARI_RANGES))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()


def _code_points(ranges: str) -> list[int]:
    points = []
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points += range(int(first, 16), int(last or first, 16) + 1)
    return points


@functools.cache
def devanagari_css() -> str:
    """An ``@font-face`` rule giving the app's font family its Devanagari (about 120 kB), for every
    weight (the browser draws bold from the regular face: one face, half the bytes).

    Examples
    --------
    >>> css = devanagari_css()
    >>> css.count("@font-face"), "unicode-range: U+0900-097F" in css
    (1, True)
    """
    data = base64.b64encode(devanagari_woff("Regular")).decode("ascii")
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: 100 900; font-display: block; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); unicode-range: {DEVANAGARI_RANGES}; }}'
    )
