"""What a map can show: indicators, theme scores, composite, rank, delta, delta rank, completeness."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib.i18n import indicator_names, tr
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.params import GROUP_LABELS, GROUPS


@dataclass(frozen=True)
class Measure:
    key: str  # composite | rank | delta | delta_rank | completeness | theme:<group> | indicator:<id>
    label: str
    unit: str  # shown after values in tooltips and legends
    higher_is_better: bool
    diverging: bool = False  # changes: colour around zero
    needs_baseline: bool = False


FIXED = (
    Measure("composite", "Composite score (official default)", "", True),
    Measure("rank", "Rank (1 = best)", "", False),
    Measure("delta", "Change in composite since baseline", " {points}", True, diverging=True, needs_baseline=True),
    Measure("delta_rank", "Delta rank (1 = most improved)", "", False, needs_baseline=True),
    Measure("completeness", "Data completeness", "%", True),
)


def measure_options(catalogue: pd.DataFrame, lang: str = "en") -> list[Measure]:
    """Every measure a map can show, composite first, labelled in ``lang`` (keys do not change)."""
    fixed = [replace(m, label=tr(lang, m.label), unit=m.unit.format(points=tr(lang, "points"))) for m in FIXED]
    themes = [
        Measure(f"theme:{g}", tr(lang, "Theme score: {theme}", theme=tr(lang, GROUP_LABELS[g])), "", True)
        for g in GROUPS
    ]
    names = indicator_names(catalogue, lang)
    indicators = [
        Measure(
            f"indicator:{row.indicator_id}",
            f"{names[row.indicator_id]} ({tr(lang, row.theme)})",
            "%" if row.unit == "%" else f" {row.unit}",
            row.direction == "higher",
        )
        for row in catalogue.itertuples()
    ]
    return [*fixed, *themes, *indicators]


def measure_values(measure: Measure, table: pd.DataFrame, matrix: IndicatorMatrix) -> tuple[np.ndarray, np.ndarray]:
    """(value, data age in months) for each row of ``table`` (a ranking table)."""
    age = table.oldest_value_months.to_numpy(dtype=float)
    if measure.key in ("composite", "rank", "delta", "delta_rank"):
        if measure.key not in table:
            raise ValueError(f"{measure.label} needs a baseline period")
        return table[measure.key].to_numpy(dtype=float), age
    if measure.key == "completeness":
        return 100.0 * table.indicators_present.to_numpy(dtype=float) / table.indicators_included.to_numpy(
            dtype=float
        ), age
    kind, _, name = measure.key.partition(":")
    if kind == "theme":
        return table[f"{name}_score"].to_numpy(dtype=float), age
    if kind == "indicator":
        column = int(np.flatnonzero(matrix.indicator_ids == name)[0])
        rows = pd.Index(matrix.unit_ids).get_indexer(table.unit_id)
        found = rows >= 0
        values, ages = np.full(len(table), np.nan), np.full(len(table), np.nan)
        values[found] = matrix.values[rows[found], column]
        ages[found] = matrix.age_months[rows[found], column]
        return values, ages
    raise ValueError(f"unknown measure {measure.key!r}")


def format_value(value: float, measure: Measure, lang: str = "en") -> str:
    if np.isnan(value):
        return tr(lang, "no data")
    if measure.key in ("rank", "delta_rank"):
        return f"{int(value)}"
    sign = "+" if measure.diverging and value > 0 else ""
    return f"{sign}{value:.1f}{measure.unit}"
