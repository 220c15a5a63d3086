"""Classification of a measure into colour classes (mapclassify) with direction-aware palettes."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
from matplotlib import colormaps

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
    measure's direction. Diverging palettes (for changes) are centred on zero:
    a class's colour depends on its midpoint's sign and size.

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
    k = int(max(1, min(k, len(np.unique(observed)))))
    upper = _upper_bounds(observed, scheme, k)
    index = np.searchsorted(upper, observed, side="left").clip(0, len(upper) - 1)
    class_of[present] = index
    lower = np.concatenate([[observed.min()], upper[:-1]])
    counts = np.bincount(index, minlength=len(upper))
    colours = _colours(lower, upper, higher_is_better, diverging, observed)
    return Classes(lower, upper, counts, colours, class_of, int((~present).sum()))


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


def _colours(lower, upper, higher_is_better: bool, diverging: bool, observed) -> np.ndarray:
    k = len(upper)
    if diverging:
        extent = max(abs(observed.min()), abs(observed.max())) or 1.0
        midpoints = (lower + upper) / 2.0
        position = 0.5 + 0.5 * np.clip(midpoints / extent, -1, 1) * (1 if higher_is_better else -1)
        rgba = colormaps[DIVERGING](0.1 + 0.8 * position)
    else:
        steps = np.linspace(0.15, 0.95, k) if k > 1 else np.array([0.6])
        rgba = colormaps[SEQUENTIAL](steps if higher_is_better else steps[::-1])
    return (np.asarray(rgba)[:, :3] * 255).round().astype(np.uint8)


def legend_rows(classes: Classes, fmt: str = "{:.1f}") -> list[dict]:
    """Legend entries: label with class bounds, colour, count; missing last."""
    rows = [
        {"label": f"{fmt.format(lo)} – {fmt.format(hi)}", "rgb": tuple(int(v) for v in colour), "count": int(n)}
        for lo, hi, colour, n in zip(classes.lower, classes.upper, classes.colours, classes.counts, strict=True)
    ]
    if classes.missing:
        rows.append({"label": "No data", "rgb": MISSING_RGB, "count": classes.missing})
    return rows
