"""Outcomes an evaluation can study: any indicator, a theme score or the composite.

Indicator values are used as reported, clipped to the indicator's valid range
(as the ranking engine does, so a mistyped 180% counts as 100%).

Theme scores for evaluation use a *fixed* 0-100 scale, unlike the ranking
methods that re-normalise each period: a block's score then changes only
when its own values change, which is what a before/after comparison needs.
Each indicator is scaled to 0-100 over its valid range (or, without one, over
the 1st-99th percentile of all its values in the panel), flipped when lower is
better, and carried forward until its next report is due: to the end of the
reporting period it is dated in (its calendar quarter, its April-March
financial year), the window the ranking's as-of values use
(:func:`lib.periods.window_start`), so a value dated off schedule is not
carried into the next period. A theme score is the mean of its
indicators' scaled values when at least half of them are present; the
composite is the mean of the six theme scores when all six are present.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from lib.i18n import indicator_names, tr
from lib.periods import LONGEST_CARRY_MONTHS, month_indices, window_start_index
from lib.scoring.normalise import clip_to_valid, clip_to_valid_sql
from lib.scoring.params import GROUP_LABELS, GROUPS

THEME_PREFIX = "theme:"
COMPOSITE = "composite"
MIN_THEME_SHARE = 0.5


@dataclass(frozen=True)
class OutcomeInfo:
    outcome: str
    label: str
    short_label: str  # for chart axes and titles
    unit_word: str  # how a difference is spoken: "percentage points", "score points"
    higher_is_better: bool
    periodicity: str  # monthly | quarterly | annual (scores: monthly)


def outcome_options(catalogue: pd.DataFrame, lang: str = "en") -> dict[str, str]:
    """Outcome key -> label in ``lang``, indicators first, then theme scores and the composite."""
    names = indicator_names(catalogue, lang, "name")
    options = {row.indicator_id: f"{names[row.indicator_id]} ({row.indicator_id})" for row in catalogue.itertuples()}
    options |= {THEME_PREFIX + g: tr(lang, "Theme score: {theme}", theme=tr(lang, GROUP_LABELS[g])) for g in GROUPS}
    options[COMPOSITE] = tr(lang, "Composite score (all themes, equal weights)")
    return options


def default_outcome(catalogue: pd.DataFrame) -> str:
    """The first monthly health indicator (most often what a pilot targets), else the first indicator."""
    monthly_health = catalogue[(catalogue.periodicity == "monthly") & (catalogue.score_group == "health")]
    return (monthly_health if len(monthly_health) else catalogue).indicator_id.iloc[0]


def describe_outcome(catalogue: pd.DataFrame, outcome: str, lang: str = "en") -> OutcomeInfo:
    """Label, units and direction of an outcome key, in ``lang``; ``ValueError`` if unknown."""
    points = tr(lang, "score points")
    if outcome == COMPOSITE:
        return OutcomeInfo(outcome, tr(lang, "composite score"), tr(lang, "Composite score"), points, True, "monthly")
    if outcome.startswith(THEME_PREFIX):
        group = outcome[len(THEME_PREFIX) :]
        if group not in GROUPS:
            raise ValueError(f"unknown theme {group!r}; themes are {', '.join(GROUPS)}")
        label = tr(lang, "{theme} theme score", theme=tr(lang, GROUP_LABELS[group]))
        return OutcomeInfo(outcome, label, label, points, True, "monthly")
    row = catalogue[catalogue.indicator_id == outcome]
    if row.empty:
        raise ValueError(
            f"unknown outcome {outcome!r}: use an indicator id (see `python -m lib catalogue`), "
            f"{THEME_PREFIX}<theme> or {COMPOSITE}"
        )
    spec = row.iloc[0]
    unit_word = tr(lang, "percentage points") if spec.unit == "%" else ""  # counts and ratios: the bare number
    name, short_name = indicator_names(row, lang, "name")[outcome], indicator_names(row, lang)[outcome]
    return OutcomeInfo(outcome, name, short_name, unit_word, spec.direction == "higher", spec.periodicity)


def outcome_panel(con: duckdb.DuckDBPyConnection, outcome: str, unit_ids, first: date, last: date) -> pd.DataFrame:
    """Long table ``unit_id, period, y`` for the units and months asked (reported months only)."""
    if outcome == COMPOSITE or outcome.startswith(THEME_PREFIX):
        scores = score_panel(con, unit_ids, first, last)
        column = COMPOSITE if outcome == COMPOSITE else outcome[len(THEME_PREFIX) :]
        return scores[["unit_id", "period", column]].rename(columns={column: "y"}).dropna(subset=["y"])
    return con.execute(_OUTCOME_SQL, [outcome, first, last, list(unit_ids)]).df()


# The clip is SQL text from fixed column names (no input reaches it); the values go in as parameters.
_OUTCOME_SQL = (
    "SELECT o.unit_id, o.period, " + clip_to_valid_sql("o.value", "i.valid_min", "i.valid_max") + " AS y "
    "FROM observations o JOIN indicators i USING (indicator_id) "
    "WHERE o.indicator_id = ? AND o.period BETWEEN ? AND ? AND o.value IS NOT NULL "
    "  AND o.unit_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY o.unit_id, o.period"
)


def score_panel(con: duckdb.DuckDBPyConnection, unit_ids, first: date, last: date) -> pd.DataFrame:
    """Fixed-scale theme scores and composite for every unit and month from ``first`` to ``last``.

    Returns ``unit_id, period`` and one column per theme plus ``composite``.
    """
    catalogue = con.execute(
        "SELECT indicator_id, score_group, direction, periodicity, valid_min, valid_max FROM indicators ORDER BY indicator_id"
    ).df()
    lookback = (pd.Timestamp(first) - pd.DateOffset(months=LONGEST_CARRY_MONTHS)).date()
    values = con.execute(
        "SELECT unit_id, indicator_id, period, value FROM observations "
        "WHERE period BETWEEN ? AND ? AND value IS NOT NULL AND unit_id IN (SELECT unnest(?::VARCHAR[]))",
        [lookback, last, list(unit_ids)],
    ).df()
    units = np.asarray(sorted(set(unit_ids)))
    months = pd.date_range(lookback, last, freq="MS")
    scaled = _scaled_cube(values, catalogue, units, months)
    keep = months >= pd.Timestamp(first)
    frame = pd.DataFrame({"unit_id": np.repeat(units, keep.sum()), "period": np.tile(months[keep], len(units))})
    themes = []
    for group in GROUPS:
        columns = np.flatnonzero(catalogue.score_group.to_numpy() == group)
        block = scaled[:, keep][:, :, columns]
        present = np.sum(~np.isnan(block), axis=2)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nansum(block, axis=2) / present
        theme = np.where((present > 0) & (present >= MIN_THEME_SHARE * len(columns)), mean, np.nan)
        frame[group] = theme.ravel()
        themes.append(theme)
    frame[COMPOSITE] = np.mean(np.stack(themes), axis=0).ravel()  # NaN unless every theme is present
    return frame


def _scaled_cube(
    values: pd.DataFrame, catalogue: pd.DataFrame, units: np.ndarray, months: pd.DatetimeIndex
) -> np.ndarray:
    """(units x months x indicators) fixed-scale scores, carried forward per periodicity."""
    cube = np.full((len(units), len(months), len(catalogue)), np.nan)
    if values.empty:
        return cube
    unit_codes = pd.Index(units).get_indexer(values.unit_id)
    month_codes = pd.DatetimeIndex(months).get_indexer(pd.DatetimeIndex(values.period))
    rows_of = values.groupby("indicator_id", sort=False).indices  # indicator -> row positions, one pass
    raw = values.value.to_numpy(dtype=float)
    for k, spec in enumerate(catalogue.itertuples(index=False)):
        rows = rows_of.get(spec.indicator_id)
        if rows is None:
            continue
        low, high = _scale_bounds(spec, raw[rows])
        scaled = (clip_to_valid(raw[rows], low, high) - low) / (high - low) * 100.0
        if spec.direction == "lower":
            scaled = 100.0 - scaled
        grid = np.full((len(units), len(months)), np.nan)
        grid[unit_codes[rows], month_codes[rows]] = scaled
        cube[:, :, k] = carry_forward(grid, months, spec.periodicity)
    return cube


def carry_forward(grid: np.ndarray, months: pd.DatetimeIndex, periodicity: str) -> np.ndarray:
    """Each (unit x month) cell's latest value within its as-of window (:func:`lib.periods.window_start`).

    Examples
    --------
    A quarterly value dated February (off schedule) serves March, not April (a new quarter):

    >>> months = pd.date_range("2024-01-01", periods=4, freq="MS")
    >>> carry_forward(np.array([[np.nan, 5.0, np.nan, np.nan]]), months, "quarterly").tolist()
    [[nan, 5.0, 5.0, nan]]
    """
    if periodicity == "monthly":
        return grid
    windows = np.asarray(window_start_index(periodicity, month_indices(months)))
    columns = np.arange(grid.shape[1])
    last_seen = np.where(np.isnan(grid), -1, columns)  # the column of each cell's value, -1 where none
    starts = np.flatnonzero(np.r_[True, windows[1:] != windows[:-1]])  # a window is a run of equal starts
    for first, end in zip(starts, np.r_[starts[1:], len(windows)], strict=True):
        last_seen[:, first:end] = np.maximum.accumulate(last_seen[:, first:end], axis=1)
    filled = np.take_along_axis(grid, np.maximum(last_seen, 0), axis=1)
    return np.where(last_seen >= 0, filled, np.nan)


def _scale_bounds(spec, values: np.ndarray) -> tuple[float, float]:
    """The valid range when the catalogue gives one, else the 1st-99th percentile of the values."""
    low = spec.valid_min if pd.notna(spec.valid_min) else np.nanpercentile(values, 1)
    high = spec.valid_max if pd.notna(spec.valid_max) else np.nanpercentile(values, 99)
    if not high > low:
        high = low + 1.0
    return float(low), float(high)
