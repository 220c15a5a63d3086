"""Classification of a measure into colour classes (mapclassify) with direction-aware palettes."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
from matplotlib import colormaps

from lib.i18n import tr

SCHEMES = {
    "quantiles": "Quantiles",
    "equal_interval": "Equal interval",
    "fisher_jenks": "Natural breaks (Fisher-Jenks)",
}
SEQUENTIAL = "YlGnBu"  # ColorBrewer, colour-blind safe; dark blue = better
DIVERGING = "RdBu"  # ColorBrewer, colour-blind safe; blue = improvement, red = decline
MISSING_RGB = (200, 200, 200)


@dataclass
class Classes:
    """Result of classifying one measure."""

    lower: np.ndarray  # (k,) lower bound of each class
    upper: np.ndarray  # (k,) upper bound of each class
    counts: np.ndarray  # (k,) units per class
    colours: np.ndarray  # (k, 3) uint8 RGB per class
    class_of: np.ndarray  # (n,) class index per unit, -1 where missing
    missing: int

    def rgb(self) -> np.ndarray:
        """(n, 3) colour per unit, grey where missing."""
        colours = np.vstack([self.colours, np.array(MISSING_RGB, dtype=np.uint8)])
        return colours[np.where(self.class_of >= 0, self.class_of, len(self.colours))]


def classify(
    values, scheme: str = "quantiles", k: int = 5, higher_is_better: bool = True, diverging: bool = False
) -> Classes:
    """Classify values (NaN = missing) into ``k`` classes and colour them.

    Sequential palettes put the *better* end at dark blue whatever the
    measure's direction. Diverging classes (for changes) break at zero exactly:
    declines and improvements are classified apart (see :func:`diverging_classes`),
    so no class holds both, and declines are red, improvements blue.

    Examples
    --------
    >>> c = classify(np.array([1.0, 2.0, 3.0, 4.0, np.nan]), "equal_interval", k=3)
    >>> c.counts.tolist(), c.class_of.tolist(), c.missing
    ([2, 1, 1], [0, 0, 1, 2, -1], 1)
    """
    if scheme not in SCHEMES:
        raise ValueError(f"classification {scheme!r} is not one of {', '.join(SCHEMES)}")
    values = np.asarray(values, dtype=float)
    present = ~np.isnan(values)
    class_of = np.full(len(values), -1)
    if not present.any():
        empty = np.array([])
        return Classes(empty, empty, empty.astype(int), np.empty((0, 3), np.uint8), class_of, int(len(values)))
    observed = values[present]
    if diverging:
        lower, upper, index, sign = diverging_classes(observed, scheme, k)
        colours = _diverging_colours(sign, higher_is_better)
    else:
        upper = _upper_bounds(observed, scheme, _usable_k(observed, k))
        index = np.searchsorted(upper, observed, side="left").clip(0, len(upper) - 1)
        lower = np.concatenate([[observed.min()], upper[:-1]])
        colours = _sequential_colours(len(upper), higher_is_better)
    class_of[present] = index
    counts = np.bincount(index, minlength=len(upper))
    return Classes(lower, upper, counts, colours, class_of, int((~present).sum()))


def _usable_k(observed: np.ndarray, k: int) -> int:
    """No more classes than distinct values (and at least one)."""
    return int(max(1, min(k, len(np.unique(observed)))))


def diverging_classes(observed: np.ndarray, scheme: str, k: int):
    """Classes that break at zero: (lower, upper, class per value, sign per class).

    Declines (< 0) and improvements (> 0) are classified separately with ``scheme``,
    sharing the ``k`` classes in proportion to how many values each side has (at least
    one class for a side that has values); exact zeros get a zero-width class of their
    own between them. The last decline class ends at 0 and the first improvement class
    starts at 0, so a legend reads "... – 0", "0", "0 – ...".

    Examples
    --------
    >>> lower, upper, index, sign = diverging_classes(np.array([-2.0, -1.0, 0.0, 3.0]), "equal_interval", 5)
    >>> upper.tolist(), index.tolist(), sign.tolist()
    ([-1.5, 0.0, 0.0, 3.0], [0, 1, 2, 3], [-1, -1, 0, 1])
    """
    negative, positive = observed[observed < 0], observed[observed > 0]
    has_zero = bool((observed == 0).any())
    k_negative, k_positive = _share_classes(len(negative), len(positive), max(k - has_zero, 1))
    lower, upper, sign = [], [], []
    if len(negative):
        bounds = _upper_bounds(negative, scheme, _usable_k(negative, k_negative))
        bounds[-1] = 0.0  # the break at zero, exactly
        lower += [negative.min(), *bounds[:-1]]
        upper += list(bounds)
        sign += [-1] * len(bounds)
    if has_zero:
        lower, upper, sign = [*lower, 0.0], [*upper, 0.0], [*sign, 0]
    if len(positive):
        bounds = _upper_bounds(positive, scheme, _usable_k(positive, k_positive))
        lower += [0.0, *bounds[:-1]]
        upper += list(bounds)
        sign += [1] * len(bounds)
    lower, upper, sign = np.asarray(lower, float), np.asarray(upper, float), np.asarray(sign)
    index = np.empty(len(observed), dtype=int)
    for side, members in ((-1, observed < 0), (0, observed == 0), (1, observed > 0)):
        first = int(np.flatnonzero(sign == side)[0]) if members.any() else 0
        side_upper = upper[sign == side]
        index[members] = first + np.searchsorted(side_upper, observed[members], side="left").clip(
            0, len(side_upper) - 1
        )
    return lower, upper, index, sign


def _share_classes(n_negative: int, n_positive: int, k: int) -> tuple[int, int]:
    """Classes for declines and for improvements: in proportion to their counts, one at least."""
    if not n_negative:
        return 0, k
    if not n_positive:
        return k, 0
    k_negative = min(max(round(k * n_negative / (n_negative + n_positive)), 1), max(k - 1, 1))
    return k_negative, max(k - k_negative, 1)


def _upper_bounds(observed: np.ndarray, scheme: str, k: int) -> np.ndarray:
    if k == 1:
        return np.array([observed.max()])
    with warnings.catch_warnings():  # ties can leave fewer classes than asked; duplicates are dropped below
        warnings.simplefilter("ignore", UserWarning)
        classifier = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "fisher_jenks": mapclassify.FisherJenks,
        }[scheme](observed, k=k)
    return np.unique(np.asarray(classifier.bins, dtype=float))


def _sequential_colours(k: int, higher_is_better: bool) -> np.ndarray:
    steps = np.linspace(0.15, 0.95, k) if k > 1 else np.array([0.6])
    return _rgb(colormaps[SEQUENTIAL](steps if higher_is_better else steps[::-1]))


def _diverging_colours(sign: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Red shades for declines (darkest for the largest), blue for improvements, near-white for
    no change; mirrored when lower is better (a fall is then the improvement)."""
    position = np.full(len(sign), 0.5)
    for side, inner, outer in ((-1, 0.4, 0.1), (1, 0.6, 0.9)):
        members = np.flatnonzero(sign == side)
        steps = np.linspace(outer, inner, len(members)) if side < 0 else np.linspace(inner, outer, len(members))
        position[members] = steps if len(members) > 1 else (inner + outer) / 2
    return _rgb(colormaps[DIVERGING](position if higher_is_better else 1.0 - position))


def _bound(value: float, fmt: str) -> str:
    text = fmt.format(value)
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _rgb(rgba) -> np.ndarray:
    return (np.asarray(rgba)[:, :3] * 255).round().astype(np.uint8)


def legend_rows(classes: Classes, fmt: str = "{:.1f}", lang: str = "en") -> list[dict]:
    """Legend entries: label with class bounds, colour, count, whether it is the no-data row (last).

    Labels are written with ``fmt`` unless two classes would then read the same, or a class would
    read "0.0 – 0.0" (narrow classes near zero on a "Change" map): then with one or two more
    decimals, so every class reads apart.
    A bound that rounds to zero is written without a minus sign.
    """
    for more in range(3):
        candidate = fmt.replace(".1f", f".{1 + more}f").replace(".0f", f".{more}f")
        bounds = [
            (_bound(lo, candidate), _bound(hi, candidate)) for lo, hi in zip(classes.lower, classes.upper, strict=True)
        ]
        labels = [f"{lo} – {hi}" for lo, hi in bounds]
        collapsed = any(
            lo_text == hi_text and lo != hi
            for (lo_text, hi_text), lo, hi in zip(bounds, classes.lower, classes.upper, strict=True)
        )
        if len(set(labels)) == len(labels) and not collapsed:
            break
    rows = [
        {"label": text, "rgb": tuple(int(v) for v in colour), "count": int(n), "missing": False}
        for text, colour, n in zip(labels, classes.colours, classes.counts, strict=True)
    ]
    if classes.missing:
        rows.append({"label": tr(lang, "No data"), "rgb": MISSING_RGB, "count": classes.missing, "missing": True})
    return rows
