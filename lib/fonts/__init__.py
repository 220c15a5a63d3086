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
def devanagari_woff(weight: str = "Regular", text: str | None = None) -> bytes:
    """Noto Sans Devanagari (``Regular`` or ``Bold``) subset to the Devanagari blocks, or to the
    Devanagari letters of ``text`` (with the glyphs their shaping needs), as WOFF."""
    from fontTools import subset

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # it logs every glyph set at INFO
    options = subset.Options()
    options.flavor = "woff"  # zlib: no extra package (WOFF2 would need brotli)
    options.layout_features = ["*"]  # keep every shaping feature: conjuncts, matras, nukta
    font = subset.load_font(str(FONTS_DIR / f"NotoSansDevanagari-{weight}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_code_points(DEVANAGARI_RANGES) if text is None else _devanagari_of(text))
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


def _devanagari_of(text: str) -> list[int]:
    """The code points of ``text`` in the Devanagari blocks, sorted."""
    ranges = set(_code_points(DEVANAGARI_RANGES))
    return sorted({ord(c) for c in text} & ranges)


@functools.cache
def devanagari_css(text: str | None = None) -> str:
    """An ``@font-face`` rule giving the app's font family its Devanagari, for every weight (the
    browser draws bold from the regular face: one face, half the bytes): all of it (about 120 kB), or
    only the letters of ``text`` (an English page's language switch: about 3 kB), the rule's
    ``unicode-range`` then naming just those letters so any other falls to the system's fonts.

    Examples
    --------
    >>> css = devanagari_css()
    >>> css.count("@font-face"), "unicode-range: U+0900-097F" in css
    (1, True)
    >>> "unicode-range: U+0928, U+092D" in devanagari_css("भन")
    True
    """
    data = base64.b64encode(devanagari_woff("Regular", text)).decode("ascii")
    ranges = DEVANAGARI_RANGES if text is None else ", ".join(f"U+{c:04X}" for c in _devanagari_of(text))
    return (
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: 100 900; font-display: block; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); unicode-range: {ranges}; }}'
    )
