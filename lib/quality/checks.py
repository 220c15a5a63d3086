"""Data-quality checks on reported values, each with a plain name, a rule a reviewer can read and a
severity (issue 19; work in progress: the checks here are the value-level ones).

Every check takes the reports as a long frame (``unit_id, indicator_id, period, value`` and, where
loaded, ``numerator, denominator``) and returns flags: one row per flagged report with the check's
key, the value, the range the check expected and a short reason. Checks never change a value.

Series checks look at each (unit, indicator) series in period order, at the reports only (a month
with no report is neither a spike nor part of a flatline).

- **Spike or drop** (the modified z-score of Iglewicz & Hoaglin 1993): a report is flagged when it
  lies :data:`SPIKE_Z` or more MADs from the median of the :data:`SPIKE_WINDOW` reports before it (at
  least :data:`SPIKE_MIN_HISTORY` of them; a series' first reports are judged against the reports
  after them). Here a MAD is the median absolute deviation scaled to a standard deviation for normal
  data (x 1.4826, as R's ``mad()`` gives it), and at least the indicator's usual one (the median over
  its series), so a series that is unusually quiet (near a cap, or copied forward) does not make an
  ordinary wobble look extreme; it is also floored at :data:`MAD_FLOOR_SHARE` of the indicator's
  valid span. With :data:`SEASONAL_HISTORY` or more reports before it, the expected value adds the
  series' usual offset for that calendar month (the median, over at least two earlier years, of
  that month's report minus the median of the 12 reports before it), so a peak seen every year is
  not flagged; the expected value stays within the valid range. A report is a spike only if the
  series comes back: the next report (when there is one) lies within half the jump of the median
  before it. One that stays at its new level is a level shift, not an error of one month.
- **Flatline**: the same value reported :data:`FLATLINE_REPORTS` or more times in a row (copied
  forward); every report of the run from the last one of the first :data:`FLATLINE_REPORTS` on is flagged.
- **Jump to exactly 100%**: a percentage of exactly 100 right after a report at least
  :data:`JUMP_POINTS` points lower.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# MADs (scaled) from which a report is a spike or a drop. Iglewicz & Hoaglin's 3.5 is for one
# series; the programme checks ~450,000 reports a run, where 3.5 would flag hundreds of ordinary
# wobbles (a normal tail beyond 5.3 standard deviations is one in 10 million, and a 12-report MAD is
# itself uncertain): 6. Checked on five demo seeds, not tuned to one.
SPIKE_Z = 6.0
SPIKE_WINDOW = 12  # reports before it that a report is compared with
SPIKE_MIN_HISTORY = 6  # fewer before it: judged against the reports after it (at least as many)
SEASONAL_HISTORY = 24  # reports before it from which the calendar month's usual offset is used
MAD_FLOOR_SHARE = 0.005  # of the valid span (0.5 points on a 0-100 scale)
MAD_SCALE = 1.4826  # MAD to a standard deviation for normal data
FLATLINE_REPORTS = 6
JUMP_POINTS = 15.0
FLAG_COLUMNS = ["unit_id", "indicator_id", "period", "check", "severity", "value", "low", "high", "reason"]


@dataclass(frozen=True)
class Check:
    key: str
    name: str
    rule: str
    severity: str  # "error": cannot be right; "warning": probably wrong; "note": worth a look


CHECKS = {
    check.key: check
    for check in (
        Check("impossible", "Impossible value", "outside the indicator's valid range", "error"),
        Check("counts", "Inconsistent counts", "numerator above denominator, or a negative count", "error"),
        Check(
            "spike",
            "Spike or drop",
            f"{SPIKE_Z:g} or more MADs from the median of the previous {SPIKE_WINDOW} reports (the calendar "
            f"month's usual offset added after {SEASONAL_HISTORY} reports), and the next report comes back",
            "warning",
        ),
        Check("flatline", "Flatline", f"the same value {FLATLINE_REPORTS} or more reports in a row", "warning"),
        Check(
            "jump_to_100", "Jump to 100%", f"exactly 100% right after a report {JUMP_POINTS:.0f}+ points lower", "note"
        ),
    )
}


def _flags(rows: pd.DataFrame, check: str, low, high, reason) -> pd.DataFrame:
    frame = rows[["unit_id", "indicator_id", "period", "value"]].assign(
        check=check, severity=CHECKS[check].severity, low=low, high=high, reason=reason
    )
    return frame[FLAG_COLUMNS].reset_index(drop=True)


def impossible_values(reports: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Values outside the catalogue's valid range (an open end never flags)."""
    bounds = catalogue.set_index("indicator_id")[["valid_min", "valid_max"]]
    low = reports.indicator_id.map(bounds.valid_min).astype(float)
    high = reports.indicator_id.map(bounds.valid_max).astype(float)
    outside = (reports.value < low) | (reports.value > high)
    chosen = reports[outside.to_numpy()]
    return _flags(chosen, "impossible", low[outside].to_numpy(), high[outside].to_numpy(), "outside the valid range")


def inconsistent_counts(reports: pd.DataFrame) -> pd.DataFrame:
    """A numerator above its denominator, or a negative numerator or denominator."""
    if "numerator" not in reports or "denominator" not in reports:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    numerator, denominator = reports.numerator.astype(float), reports.denominator.astype(float)
    above = (numerator > denominator).to_numpy()
    negative = ((numerator < 0) | (denominator < 0)).to_numpy()
    reason = np.where(negative, "a negative count", "numerator above denominator")
    chosen = above | negative
    return _flags(reports[chosen], "counts", np.nan, np.nan, reason[chosen])


def _series(reports: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Reports sorted by series then period, and each report's position within its series."""
    ordered = reports.sort_values(["unit_id", "indicator_id", "period"], kind="stable").reset_index(drop=True)
    key = ordered.unit_id + "\x1f" + ordered.indicator_id
    return ordered, ordered.groupby(key, sort=False).cumcount().to_numpy()


def _matrix(ordered: pd.DataFrame, position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(series x report position) values, NaN past a series' end; and each report's series row."""
    starts = position == 0
    row = np.cumsum(starts) - 1
    values = np.full((row.max() + 1 if len(row) else 0, position.max() + 1 if len(position) else 0), np.nan)
    values[row, position] = ordered.value.to_numpy(dtype=float)
    return values, row


def spike_scores(reports: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Every report with the value its series' history expects, the robust spread and the modified
    z-score (NaN where the history is too short), in series then period order."""
    ordered, position = _series(reports)
    if ordered.empty:
        return ordered.assign(expected=np.nan, spread=np.nan, z=np.nan)
    values, row = _matrix(ordered, position)
    calendar = np.zeros(values.shape, dtype=int)
    calendar[row, position] = pd.to_datetime(ordered.period).dt.month.to_numpy()
    bounds = catalogue.set_index("indicator_id")
    series_indicator = pd.Series(ordered.indicator_id.to_numpy()[position == 0])  # one per matrix row
    low_bound = series_indicator.map(bounds.valid_min.astype(float)).fillna(-np.inf).to_numpy()
    high_bound = series_indicator.map(bounds.valid_max.astype(float)).fillna(np.inf).to_numpy()
    span = np.where(np.isfinite(high_bound - low_bound), high_bound - low_bound, 100.0)
    expected = np.full(values.shape, np.nan)
    level = np.full(values.shape, np.nan)  # median of the window each report is judged against
    mads = np.full(values.shape, np.nan)
    for t in range(values.shape[1]):
        # the reports before it; for a series' first reports, too few of those, the ones after it
        before = values[:, max(0, t - SPIKE_WINDOW) : t]
        window = before if t >= SPIKE_MIN_HISTORY else values[:, t + 1 : t + 1 + SPIKE_WINDOW]
        judged = np.flatnonzero(np.sum(~np.isnan(window), axis=1) >= SPIKE_MIN_HISTORY)
        median = np.nanmedian(window[judged], axis=1)  # rows with 6+ reports: never an all-NaN slice
        mads[judged, t] = np.nanmedian(np.abs(window[judged] - median[:, None]), axis=1)
        level[judged, t] = median
        offset = _seasonal_offset(values, level, calendar, t, judged) if t >= SEASONAL_HISTORY else 0.0
        expected[judged, t] = np.clip(median + offset, low_bound[judged], high_bound[judged])
    # a series quieter than its indicator usually is (near a cap, or copied forward) is judged by the
    # indicator's usual spread: its own would make an ordinary wobble look extreme
    with _quiet():  # a series too short to judge has no MAD at all
        usual = pd.Series(np.nanmedian(mads, axis=1)).groupby(series_indicator.to_numpy()).median()
    floor = np.maximum(span * MAD_FLOOR_SHARE, series_indicator.map(usual).fillna(0.0).to_numpy())
    spread = np.where(np.isnan(expected), np.nan, MAD_SCALE * np.maximum(mads, floor[:, None]))
    following = np.full(values.shape, np.nan)
    following[:, :-1] = values[:, 1:]
    scored = ordered.assign(
        level=level[row, position],
        expected=expected[row, position],
        spread=spread[row, position],
        next_value=following[row, position],
    )
    return scored.assign(z=(scored.value - scored.expected).abs() / scored.spread)


def spikes(reports: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Spikes and drops against the series' own previous reports (the module's rule)."""
    scored = spike_scores(reports, catalogue)
    away = (scored.value - scored.level).abs()  # from the series' recent level, the calendar month aside
    comes_back = scored.next_value.isna() | ((scored.next_value - scored.level).abs() < away / 2)
    flagged = scored[((scored.z >= SPIKE_Z - 1e-9) & comes_back).to_numpy()]  # exactly 6 MADs is a spike
    direction = np.where(flagged.value > flagged.expected, "spike", "drop")
    low, high = flagged.expected - SPIKE_Z * flagged.spread, flagged.expected + SPIKE_Z * flagged.spread
    return _flags(flagged, "spike", low.to_numpy(), high.to_numpy(), direction)


def _seasonal_offset(values, level, calendar, t: int, rows: np.ndarray) -> np.ndarray:
    """For ``rows``, each series' usual offset for the calendar month of its report ``t``: the median,
    over its earlier reports of that month with a level, of report minus level (0 with fewer than two:
    one year's report is not yet a pattern)."""
    same_month = calendar[rows, :t] == calendar[rows, t][:, None]
    residual = np.where(same_month, values[rows, :t] - level[rows, :t], np.nan)
    years = np.sum(~np.isnan(residual), axis=1)
    offset = np.zeros(len(rows))
    seasonal = years >= 2
    offset[seasonal] = np.nanmedian(residual[seasonal], axis=1)
    return offset


class _quiet:
    """Silence numpy's warning on an all-NaN slice (a series with no history there: NaN is the answer)."""

    def __enter__(self):
        import warnings

        self._catch = warnings.catch_warnings()
        self._catch.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._catch.__exit__(*exc)


def flatlines(reports: pd.DataFrame) -> pd.DataFrame:
    """Runs of one value reported :data:`FLATLINE_REPORTS` or more times in a row."""
    ordered, position = _series(reports)
    if ordered.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    same = (position > 0) & (ordered.value.to_numpy() == np.roll(ordered.value.to_numpy(), 1))
    run_start = ~same
    run_id = np.cumsum(run_start)
    length_so_far = pd.Series(1, index=ordered.index).groupby(run_id).cumsum().to_numpy()
    flagged = length_so_far >= FLATLINE_REPORTS
    reason = [f"the same value {n} reports in a row" for n in length_so_far[flagged]]
    return _flags(ordered[flagged], "flatline", np.nan, np.nan, reason)


def jumps_to_100(reports: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Exactly 100% right after a report :data:`JUMP_POINTS` or more points lower (percentages only)."""
    percent = set(catalogue.loc[catalogue.unit == "%", "indicator_id"])
    ordered, position = _series(reports[reports.indicator_id.isin(percent)])
    if ordered.empty:
        return pd.DataFrame(columns=FLAG_COLUMNS)
    value = ordered.value.to_numpy(dtype=float)
    previous = np.where(position > 0, np.roll(value, 1), np.nan)
    flagged = (value == 100.0) & (previous <= 100.0 - JUMP_POINTS)
    reason = [f"from {p:.1f}" for p in previous[flagged]]
    return _flags(ordered[flagged], "jump_to_100", np.nan, np.nan, reason)


def value_flags(reports: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Every value-level check's flags, in the checks' order."""
    parts = [
        impossible_values(reports, catalogue),
        inconsistent_counts(reports),
        spikes(reports, catalogue),
        flatlines(reports),
        jumps_to_100(reports, catalogue),
    ]
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=FLAG_COLUMNS)
