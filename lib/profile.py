"""Block profile: targets, status and trend labels, a block's series against benchmarks.

Status and trend follow the SDG Index dashboards (Sachs et al., Sustainable
Development Report): status is the distance to a target now; trend is the
pace of the last reported values against the pace needed to reach the target.
Values outside an indicator's valid range (a percentage over 100 is a
data-entry error) are clipped to it before they are averaged, ranked or used
for a trend; a block's own reported values are shown as reported.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import duckdb
import numpy as np
import pandas as pd

from lib import queries
from lib.i18n import tr
from lib.periods import is_quarter_start, label
from lib.scoring.normalise import clip_to_valid, clip_to_valid_sql
from lib.scoring.params import GROUP_LABELS, GROUPS

# CGWB classifies an assessment unit as "safe" when its stage of groundwater
# extraction is at most 70%; 0% (the range's lower end) is not a sensible goal.
GROUNDWATER_SAFE_STAGE = 70.0
_DEFAULT_TARGET_OVERRIDES = {"groundwater_extraction": GROUNDWATER_SAFE_STAGE}

STATUS_LABELS = ("achieved", "challenges remain", "significant challenges", "major challenges", "no data")
# Upper bound of the gap (percentage points short of target) for each label but the last.
_STATUS_BANDS = ((0.0, "achieved"), (10.0, "challenges remain"), (25.0, "significant challenges"))
STATUS_RULE = (
    "Status is the gap to the target in percentage points, in the good direction: "
    "none (target reached) = achieved; up to 10 = challenges remain; "
    "over 10 up to 25 = significant challenges; over 25 = major challenges."
)
# The SDG dashboards' lights: pale fills behind a table cell (page), full colours for a dot (card, slide).
STATUS_COLOURS = dict(zip(STATUS_LABELS, ("#c8e6c9", "#fff59d", "#ffcc80", "#ef9a9a", "#eeeeee"), strict=True))
STATUS_LIGHTS = dict(zip(STATUS_LABELS, ("#2e7d32", "#f9a825", "#ef6c00", "#c62828", "#9e9e9e"), strict=True))

# "no data": the block has no value at the period, so no trend is shown even if older reports exist.
TREND_LABELS = ("on track", "moderately improving", "stagnating", "declining", "insufficient data", "no data")
TREND_ARROWS = {
    "on track": "↑ on track",
    "moderately improving": "↗ moderately improving",
    "stagnating": "→ stagnating",
    "declining": "↓ declining",
    "insufficient data": "· insufficient data",
    "no data": "· no data",
}
TREND_WINDOW, TREND_MIN_POINTS, TREND_HORIZON_MONTHS = 12, 6, 24
STAGNATION_BAND = 0.02  # points per month: slower than this either way is no change
# Floating-point slack, so that a pace exactly equal to a threshold is not lost to rounding.
_TOLERANCE = 1e-9
TREND_RULE = (
    f"Trend is the least-squares slope, in points per month, over the last {TREND_WINDOW} reported "
    f"values (at least {TREND_MIN_POINTS}; months between reports count, so gaps are respected). "
    "On track: the latest fitted value has reached the target, or the slope in the good direction "
    f"is at least the pace needed to close the gap in {TREND_HORIZON_MONTHS} months; moderately "
    "improving: at least half that pace; stagnating: slower, or within "
    f"{STAGNATION_BAND} points a month of no change; declining: worsening faster than that."
)

_BLOCK_SERIES_SQL = f"""
WITH me AS (SELECT unit_id, district_id, state_id, level FROM units WHERE unit_id = ?),
spec AS (
    SELECT indicator_id, valid_min, valid_max FROM indicators WHERE list_contains(?, indicator_id)
),
obs AS (
    SELECT o.indicator_id, o.period, o.unit_id, u.district_id, u.state_id, u.aspirational OR ? AS aspirational,
           o.value AS reported, {clip_to_valid_sql("o.value", "spec.valid_min", "spec.valid_max")} AS value
    FROM observations o JOIN spec USING (indicator_id) JOIN units u ON u.unit_id = o.unit_id
    WHERE o.value IS NOT NULL AND u.level = (SELECT level FROM me)
      AND (u.aspirational OR ? OR o.unit_id = (SELECT unit_id FROM me))
)
SELECT obs.indicator_id, obs.period,
       any_value(obs.reported) FILTER (WHERE obs.unit_id = me.unit_id) AS block,
       avg(obs.value) FILTER (WHERE obs.aspirational AND obs.district_id = me.district_id
                               AND me.level = 'block') AS district_mean,  -- a district is not its own reference
       avg(obs.value) FILTER (WHERE obs.aspirational AND obs.state_id = me.state_id) AS state_mean,
       avg(obs.value) FILTER (WHERE obs.aspirational) AS abp_mean,
       quantile_cont(obs.value, 0.25) FILTER (WHERE obs.aspirational) AS lower_quartile,
       quantile_cont(obs.value, 0.75) FILTER (WHERE obs.aspirational) AS upper_quartile
FROM obs CROSS JOIN me
GROUP BY obs.indicator_id, obs.period
HAVING count(*) FILTER (WHERE obs.aspirational) > 0
ORDER BY obs.indicator_id, obs.period
"""


def indicator_targets(catalogue: pd.DataFrame) -> pd.Series:
    """Target of each indicator, indexed by ``indicator_id``.

    The catalogue's ``target`` where given; otherwise the best end of the
    valid range (``valid_max``, else 100, when higher is better; ``valid_min``,
    else 0, when lower is better), except groundwater extraction: 70 (CGWB "safe").

    Examples
    --------
    >>> catalogue = pd.DataFrame({"indicator_id": ["anc", "sam", "groundwater_extraction"],
    ...                           "direction": ["higher", "lower", "lower"],
    ...                           "valid_min": [0, 0, 0], "valid_max": [100, 100, 400]})
    >>> indicator_targets(catalogue).tolist()
    [100.0, 0.0, 70.0]
    """
    missing = [c for c in ("indicator_id", "direction", "valid_min", "valid_max") if c not in catalogue.columns]
    if missing:
        raise ValueError(
            f"catalogue lacks column(s) {', '.join(missing)}; got {', '.join(map(str, catalogue.columns))}"
        )
    higher = catalogue.direction.eq("higher").to_numpy()
    best_end = np.where(higher, _floats(catalogue.valid_max, 100.0), _floats(catalogue.valid_min, 0.0))
    overrides = catalogue.indicator_id.map(_DEFAULT_TARGET_OVERRIDES).to_numpy(dtype=float, na_value=np.nan)
    targets = np.where(np.isnan(overrides), best_end, overrides)
    if "target" in catalogue.columns:
        given = _floats(catalogue.target, np.nan)
        targets = np.where(np.isnan(given), targets, given)
    return pd.Series(targets, index=pd.Index(catalogue.indicator_id, name="indicator_id"), name="target")


def _floats(column: pd.Series, fill: float) -> np.ndarray:
    """A (possibly nullable) column as floats with missing values set to ``fill``."""
    return pd.to_numeric(column, errors="coerce").astype(float).fillna(fill).to_numpy()


def status(value: float, target: float, higher_is_better: bool) -> str:
    """SDG-style status from the gap to target in percentage points (see ``STATUS_RULE``).

    Examples
    --------
    >>> status(90.0, 100.0, True), status(12.0, 0.0, False), status(float("nan"), 100.0, True)
    ('challenges remain', 'significant challenges', 'no data')
    """
    if pd.isna(value) or pd.isna(target):
        return "no data"
    gap = float(target_gaps(value, target, higher_is_better))
    for upper, name in _STATUS_BANDS:
        if gap <= upper + _TOLERANCE:
            return name
    return "major challenges"


def target_gaps(values, targets, higher_is_better) -> np.ndarray:
    """Points short of the target in the good direction (negative once past it; NaN without a value).

    Examples
    --------
    >>> target_gaps([90.0, 12.0, float("nan")], [100.0, 0.0, 100.0], [True, False, True]).tolist()
    [10.0, 12.0, nan]
    """
    values, targets = np.asarray(values, dtype=float), np.asarray(targets, dtype=float)
    return np.where(higher_is_better, targets - values, values - targets)


class TrendFit(NamedTuple):
    """A trend label with the window it was fitted on, so a page can say which reports it used."""

    label: str
    slope: float  # points per month, as reported (NaN below ``min_points`` reports)
    first: pd.Timestamp | None  # month of the window's first report (None: no report)
    last: pd.Timestamp | None  # month of its last report
    reports: int  # reports in the window
    target_reached: bool  # the latest fitted value is at or past the target (on track whatever the slope)


def trend(
    periods,
    values,
    target: float,
    higher_is_better: bool,
    window: int = TREND_WINDOW,
    min_points: int = TREND_MIN_POINTS,
    horizon_months: int = TREND_HORIZON_MONTHS,
) -> str:
    """SDG-style trend label from the slope of the last reported values (see ``TREND_RULE``).

    Parameters
    ----------
    periods : dates of the values (any order); months between them are the x axis.
    values : the values, NaN where not reported.
    target, higher_is_better : where the indicator should go (no target: "insufficient data").
    window, min_points, horizon_months : last points used, fewest accepted, months to reach target.

    Examples
    --------
    >>> months = pd.date_range("2025-01-01", periods=12, freq="MS")
    >>> trend(months, [65.0 + m for m in range(12)], 100.0, True)  # 1 point/month, 24 to go in 24 months
    'on track'
    """
    return trend_fit(periods, values, target, higher_is_better, window, min_points, horizon_months).label


def trend_fit(
    periods,
    values,
    target: float,
    higher_is_better: bool,
    window: int = TREND_WINDOW,
    min_points: int = TREND_MIN_POINTS,
    horizon_months: int = TREND_HORIZON_MONTHS,
) -> TrendFit:
    """:func:`trend` with its slope and window (first and last report month, number of reports).

    Examples
    --------
    >>> months = pd.date_range("2025-01-01", periods=14, freq="MS")
    >>> fit = trend_fit(months, [50.0 + m for m in range(14)], 100.0, True)
    >>> fit.label, round(fit.slope, 6), label(fit.first), label(fit.last), fit.reports
    ('moderately improving', 1.0, '2025-03', '2026-02', 12)
    """
    months, reported = _reported_points(periods, values)
    if window < 2 or min_points < 2 or horizon_months <= 0:
        raise ValueError(
            f"window ({window}) and min_points ({min_points}) must be at least 2 and "
            f"horizon_months ({horizon_months}) above 0"
        )
    months, reported = months[-window:], reported[-window:]
    first, last = (_month_start(months[0]), _month_start(months[-1])) if len(months) else (None, None)
    if len(reported) < min_points or pd.isna(target):
        return TrendFit("insufficient data", np.nan, first, last, len(reported), False)
    slope, intercept = np.polyfit(months - months[0], reported, 1)
    latest_fitted = intercept + slope * (months[-1] - months[0])
    sign = 1.0 if higher_is_better else -1.0
    gap, pace = sign * (float(target) - latest_fitted), sign * slope
    fit = TrendFit("", float(slope), first, last, len(reported), bool(gap <= _TOLERANCE))
    return fit._replace(label=_pace_label(gap, pace, gap / horizon_months))


_NO_TREND = TrendFit("no data", np.nan, None, None, 0, False)


def _pace_label(gap: float, pace: float, required: float) -> str:
    """The label for a gap to target and a pace, both in the good direction, against the pace required."""
    if gap <= _TOLERANCE or pace >= required - _TOLERANCE:
        return "on track"
    if pace >= 0.5 * required - _TOLERANCE:
        return "moderately improving"
    if pace > 0 or abs(pace) <= STAGNATION_BAND + _TOLERANCE:
        return "stagnating"
    return "declining"


def _month_start(month_number: float) -> pd.Timestamp:
    """The first day of a month numbered ``year * 12 + month`` (as :func:`_reported_points` counts)."""
    year, month = divmod(int(month_number) - 1, 12)
    return pd.Timestamp(year, month + 1, 1)


def _reported_points(periods, values) -> tuple[np.ndarray, np.ndarray]:
    """Month numbers and values of the reported (non-NaN) points, oldest first."""
    stamps = pd.DatetimeIndex(pd.to_datetime(np.asarray(periods)))
    numbers = pd.array(values, dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    if len(stamps) != len(numbers):
        raise ValueError(f"periods ({len(stamps)}) and values ({len(numbers)}) must be the same length")
    months = (stamps.year * 12 + stamps.month).to_numpy(dtype=float)
    keep = ~np.isnan(numbers) & ~np.isnan(months)
    order = np.argsort(months[keep], kind="stable")
    return months[keep][order], numbers[keep][order]


def block_series(con: duckdb.DuckDBPyConnection, block_id: str, indicator_id: str) -> pd.DataFrame:
    """A block's values of one indicator over time, with district, state and ABP benchmarks.

    One row per period in which aspirational blocks reported the indicator.
    ``block`` is the value as reported, NaN where the block did not report
    (never interpolated). Means are over the aspirational blocks of the
    block's district and state (the block included) and of the whole
    programme; ``abp_top_quartile`` is the 75th percentile in the good
    direction (the 25th percentile of values when lower is better). Values are
    clipped to the valid range before these statistics.

    Examples
    --------
    >>> series = block_series(con, "B900123", "anc_first_trimester")  # doctest: +SKIP
    >>> series.columns.tolist()  # doctest: +SKIP
    ['period', 'block', 'district_mean', 'state_mean', 'abp_mean', 'abp_top_quartile']
    """
    return block_series_many(con, block_id, [indicator_id])[indicator_id]


def block_series_many(con: duckdb.DuckDBPyConnection, block_id: str, indicator_ids) -> dict[str, pd.DataFrame]:
    """:func:`block_series` for several indicators in one query (a theme's charts at once).

    Returns indicator id -> series frame (columns as in :func:`block_series`).
    """
    _require_block(con, block_id)
    directions = {indicator_id: _direction(con, indicator_id) for indicator_id in indicator_ids}
    everyone = not queries.programme_flagged(con, queries.analysis_level(con))
    rows = con.execute(_BLOCK_SERIES_SQL, [block_id, list(indicator_ids), everyone, everyone]).df()
    rows["period"] = pd.to_datetime(rows.period)
    columns = ["block", "district_mean", "state_mean", "abp_mean"]
    result = {}
    for indicator_id, direction in directions.items():
        series = rows[rows.indicator_id == indicator_id].reset_index(drop=True)
        # top quartile in the good direction: the 25th percentile of values when lower is better
        quartile = series.lower_quartile if direction == "lower" else series.upper_quartile
        frame = series[["period"]].assign(**{c: series[c].astype(float) for c in columns})
        result[indicator_id] = frame.assign(abp_top_quartile=quartile.astype(float).to_numpy())
    return result


def _require_block(con: duckdb.DuckDBPyConnection, block_id: str) -> bool:
    """Whether the block is aspirational; raises when ``block_id`` is not a block."""
    level = queries.analysis_level(con)
    row = con.execute(
        "SELECT aspirational OR NOT ? FROM units WHERE unit_id = ? AND level = ?",
        [queries.programme_flagged(con, level), block_id, level],
    ).fetchone()
    if row is None:
        raise ValueError(
            f"{level} {block_id!r} is not in the database; ids look like {'B900123' if level == 'block' else 'D164'}"
        )
    return bool(row[0])


def _direction(con: duckdb.DuckDBPyConnection, indicator_id: str) -> str:
    """Whether ``higher`` or ``lower`` values of an indicator are better; ``ValueError`` if unknown."""
    row = con.execute("SELECT direction FROM indicators WHERE indicator_id = ?", [indicator_id]).fetchone()
    if row is None:
        raise ValueError(f"indicator {indicator_id!r} is not in the catalogue; see data/indicators.csv")
    return row[0]


def indicator_table(
    con: duckdb.DuckDBPyConnection, block_id: str, period: date, baseline: date | None, lang: str = "en"
) -> pd.DataFrame:
    """One row per catalogue indicator: the block's value, change, rank, target, status and trend.

    ``value`` is the as-of value at ``period`` (see :func:`lib.queries.asof_values`)
    and ``baseline_value`` the as-of value at ``baseline``, both as reported;
    ``change`` is their difference after clipping both to the valid range (as
    the trend sees them). ``rank_among_abp`` is the block's min rank (1 = best,
    direction-aware, clipped values) among the ``blocks_with_value``
    aspirational blocks with a value; <NA> without a value. ``trend`` uses the
    block's own reports up to ``period`` (window: ``trend_from`` to
    ``trend_to``, ``trend_reports`` reports, slope ``trend_slope`` points a
    month); it is "no data" where there is no value at ``period``. ``note``
    explains a change and a trend that point opposite ways (see
    :func:`change_trend_note`), in ``lang``, else is empty.

    Examples
    --------
    >>> table = indicator_table(con, "B900123", date(2026, 8, 1), date(2025, 8, 1))  # doctest: +SKIP
    >>> len(table)  # one row per catalogue indicator  # doctest: +SKIP
    39
    """
    aspirational = _require_block(con, block_id)
    catalogue = queries.catalogue(con)
    table = catalogue[["indicator_id", "short_name", "theme", "score_group", "unit", "direction"]].copy()
    now, own_now = _asof_pool_and_block(con, period, block_id, aspirational)
    own_columns = ["indicator_id", "value", "value_period", "age_months"]
    table = table.merge(own_now[own_columns], on="indicator_id", how="left")
    baseline_values = (
        _asof_pool_and_block(con, baseline, block_id, aspirational)[1].set_index("indicator_id").value
        if baseline is not None
        else pd.Series(dtype=float)
    )
    table["baseline_value"] = table.indicator_id.map(baseline_values).astype(float)
    lows, highs = _floats(catalogue.valid_min, np.nan), _floats(catalogue.valid_max, np.nan)
    # the merges kept catalogue order, so the bounds line up row by row
    table["change"] = clip_to_valid(table.value, lows, highs) - clip_to_valid(table.baseline_value, lows, highs)
    table = table.merge(_ranks(now, catalogue, own_now), on="indicator_id", how="left")
    table["blocks_with_value"] = table.blocks_with_value.fillna(0).astype(int)
    targets = indicator_targets(catalogue)
    table["target"] = targets.to_numpy()  # the merges kept catalogue order
    higher = table.direction.eq("higher")
    table["status"] = [status(v, t, h) for v, t, h in zip(table.value, table.target, higher, strict=True)]
    return _with_trends(table, _trends(con, block_id, period, catalogue, targets.to_numpy()), baseline, lang)


def _with_trends(table: pd.DataFrame, fits: list[TrendFit], baseline: date | None, lang: str) -> pd.DataFrame:
    """The table with trend label, window, slope and the change/trend note, row by row."""
    # Without a value now there is nothing to judge: older reports do not make a trend of today.
    fits = [fit if pd.notna(value) else _NO_TREND for fit, value in zip(fits, table.value, strict=True)]
    table["trend"] = [fit.label for fit in fits]
    table["trend_from"] = pd.to_datetime([fit.first for fit in fits])  # NaT where no report
    table["trend_to"] = pd.to_datetime([fit.last for fit in fits])
    table["trend_reports"] = [fit.reports for fit in fits]
    table["trend_slope"] = [fit.slope for fit in fits]
    baseline_label = label(baseline) if baseline is not None else ""
    higher = table.direction.eq("higher")
    table["note"] = [
        change_trend_note(change, h, fit, baseline_label, lang)
        for change, h, fit in zip(table.change, higher, fits, strict=True)
    ]
    return table


def change_trend_note(change: float, higher_is_better: bool, fit: TrendFit, baseline: str, lang: str = "en") -> str:
    """A short note where the change since the baseline and the trend label point opposite ways.

    The change compares two single reports (now and at the baseline); the trend fits every report
    in its window, so one unusual month can make them disagree. Empty where they agree, where
    either is missing, or where the label claims no direction ("stagnating", "no data", ...).

    Examples
    --------
    >>> fit = TrendFit("declining", -0.8, pd.Timestamp(2025, 10, 1), pd.Timestamp(2026, 9, 1), 12, False)
    >>> change_trend_note(8.2, True, fit, "2025-09")
    'Better than in 2025-09, but the 12 reports from 2025-10 to 2026-09 trend worse: the change compares two single reports.'
    >>> change_trend_note(-8.2, True, fit, "2025-09")
    ''
    """
    if pd.isna(change) or change == 0 or fit.reports == 0:
        return ""
    better = (change > 0) == higher_is_better
    window = {"baseline": baseline, "reports": fit.reports, "first": label(fit.first), "last": label(fit.last)}
    if better and fit.label == "declining":
        return tr(
            lang,
            "Better than in {baseline}, but the {reports} reports from {first} to {last} trend worse: the change "
            "compares two single reports.",
            **window,
        )
    if not better and fit.label == "on track" and fit.target_reached:
        return tr(lang, "Worse than in {baseline}, but still at or past the target, so on track.", baseline=baseline)
    if not better and fit.label in ("on track", "moderately improving"):
        return tr(
            lang,
            "Worse than in {baseline}, but the {reports} reports from {first} to {last} trend better: the change "
            "compares two single reports.",
            **window,
        )
    return ""


def indicator_display(table: pd.DataFrame, baseline: date | None, lang: str = "en") -> pd.DataFrame:
    """The indicator table as the page shows it, in ``lang``: readable headers that name the windows,
    numbers left as numbers (missing ones NaN, for the page to show as a dash), and text that is
    never missing; status and trend labels in ``lang`` too.

    Examples
    --------
    >>> indicator_display(indicator_table(con, "B900123", date(2026, 8, 1), date(2025, 8, 1)),
    ...                   date(2025, 8, 1)).columns[2]  # doctest: +SKIP
    'Change since 2025-08'
    """
    window = [
        tr(
            lang,
            "{first} to {last} ({reports} report)" if reports == 1 else "{first} to {last} ({reports} reports)",
            first=label(first),
            last=label(last),
            reports=reports,
        )
        if reports
        else "–"
        for first, last, reports in zip(table.trend_from, table.trend_to, table.trend_reports, strict=True)
    ]
    change = tr(lang, "Change since {period}", period=label(baseline)) if baseline is not None else tr(lang, "Change")
    arrows = {label_: f"{arrow.split(' ', 1)[0]} {tr(lang, label_)}" for label_, arrow in TREND_ARROWS.items()}
    return pd.DataFrame(
        {
            tr(lang, "Indicator"): table.short_name,
            tr(lang, "Value"): table.value,
            change: table.change,
            tr(lang, "Rank among ABP blocks"): table.rank_among_abp.astype(float),
            tr(lang, "Target"): table.target,
            tr(lang, "Status"): [tr(lang, status) for status in table.status],
            tr(lang, "Trend (last {count} reports)", count=TREND_WINDOW): table.trend.map(arrows),
            tr(lang, "Trend over"): window,
            tr(lang, "Note"): table.note,
            tr(lang, "Data age (months)"): table.age_months,
        }
    ).reset_index(drop=True)


def windows_caption(period: date, baseline: date | None, lang: str = "en") -> str:
    """What the change and the trend columns compare, for the caption under the table.

    Examples
    --------
    >>> windows_caption(date(2026, 8, 1), date(2025, 8, 1))[:52]
    'Change: the value as of 2026-08 minus the value as o'
    """
    change = (
        tr(
            lang,
            "Change: the value as of {period} minus the value as of {baseline}, both clipped to the valid range.",
            period=label(period),
            baseline=label(baseline),
        )
        if baseline is not None
        else tr(lang, "Change: no baseline chosen.")
    )
    trend = tr(
        lang,
        "Trend: slope of the block's last {window} reports up to {period} (at least {least}); 'Trend over' gives "
        "each indicator's window. The change compares two single reports and the trend fits every report in its "
        "window, so they can point opposite ways; the note says so where they do. No value at the period: no "
        "data, and no trend.",
        window=TREND_WINDOW,
        period=label(period),
        least=TREND_MIN_POINTS,
    )
    return f"{change} {trend}"


def _asof_pool_and_block(
    con: duckdb.DuckDBPyConnection, when: date, block_id: str, aspirational: bool
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """As-of values of all aspirational blocks, and the block's own (even when it is not aspirational)."""
    pool = queries.asof_values(con, when).dropna(subset=["value"])
    everyone = pool if aspirational else queries.asof_values(con, when, aspirational_only=False)
    return pool, everyone[everyone.unit_id == block_id]


def _ranks(pool: pd.DataFrame, catalogue: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """Min rank of the block's clipped value among the pool's, and the pool size, per indicator."""
    limits = catalogue.set_index("indicator_id")

    def oriented(frame: pd.DataFrame) -> np.ndarray:  # clipped, and negated when lower is better
        rows = limits.reindex(frame.indicator_id)
        clipped = clip_to_valid(
            frame.value.to_numpy(dtype=float), _floats(rows.valid_min, np.nan), _floats(rows.valid_max, np.nan)
        )
        return np.where(rows.direction.eq("higher").to_numpy(), clipped, -clipped)

    pool = pool.assign(score=oriented(pool))
    mine = pd.Series(oriented(own), index=own.indicator_id.to_numpy())
    pool["better"] = pool.score > pool.indicator_id.map(mine).to_numpy(dtype=float)
    counts = pool.groupby("indicator_id").agg(blocks_with_value=("score", "size"), better=("better", "sum"))
    counts["rank_among_abp"] = (counts.better + 1).where(counts.index.isin(mine.dropna().index)).astype("Int64")
    return counts[["rank_among_abp", "blocks_with_value"]].reset_index()


def _trends(
    con: duckdb.DuckDBPyConnection, block_id: str, period: date, catalogue: pd.DataFrame, targets: np.ndarray
) -> list[TrendFit]:
    """Trend of each catalogue indicator from the block's clipped reports up to ``period``."""
    reports = con.execute(
        "SELECT indicator_id, period, value FROM observations WHERE unit_id = ? AND period <= ? "
        "ORDER BY indicator_id, period",
        [block_id, period],
    ).df()
    by_indicator = dict(tuple(reports.groupby("indicator_id")))
    lows, highs = _floats(catalogue.valid_min, np.nan), _floats(catalogue.valid_max, np.nan)
    labels = []
    for row, low, high, target in zip(catalogue.itertuples(), lows, highs, targets, strict=True):
        series = by_indicator.get(row.indicator_id, reports.iloc[:0])
        clipped = clip_to_valid(series.value.to_numpy(dtype=float), low, high)
        labels.append(trend_fit(series.period, clipped, target, row.direction == "higher"))
    return labels


def theme_comparison(table: pd.DataFrame, block_id: str) -> pd.DataFrame:
    """A block's theme scores beside its district's, its state's and the programme's.

    ``table`` is a ranking table (:func:`lib.scoring.service.ranking_table`);
    means and the 75th percentile (``abp_top_quartile``) run over its rows
    (the aspirational blocks with the default scope), ignoring missing scores.

    Examples
    --------
    >>> row = {"district_id": "D1", "state_id": "S1"} | {f"{g}_score": 50.0 for g in GROUPS}
    >>> table = pd.DataFrame([row | {"unit_id": "B1"}, row | {"unit_id": "B2", "health_score": 70.0}])
    >>> theme_comparison(table, "B1").loc[0, ["block", "district_mean"]].tolist()
    [50.0, 60.0]
    """
    if block_id not in set(table.unit_id):
        raise ValueError(
            f"block {block_id!r} is not in the ranking table ({len(table)} units); check the scope of the ranking"
        )
    own = table.loc[table.unit_id == block_id].iloc[0]
    district = table[table.district_id == own.district_id]
    state = table[table.state_id == own.state_id]
    rows = []
    for group in GROUPS:
        column = f"{group}_score"
        rows.append(
            {
                "group": group,
                "label": GROUP_LABELS[group],
                "block": float(own[column]),
                # a district-level unit is its own district: no district reference then
                "district_mean": district[column].mean() if own.district_id != own.unit_id else float("nan"),
                "state_mean": state[column].mean(),
                "abp_mean": table[column].mean(),
                "abp_top_quartile": table[column].quantile(0.75),
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------ compare blocks


def compare_theme_scores(table: pd.DataFrame, block_ids) -> pd.DataFrame:
    """The chosen blocks' theme scores from a ranking table, long: unit_name, group (``<theme>_score``),
    score, label (the theme's name), theme by theme.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_id": ["B1", "B2"], "unit_name": ["One", "Two"]}
    ...                      | {f"{g}_score": [10.0, 20.0] for g in GROUPS})
    >>> compare_theme_scores(table, ["B2"]).to_dict("records")[0]
    {'unit_name': 'Two', 'group': 'health_score', 'score': 20.0, 'label': 'Health'}
    """
    picked = table[table.unit_id.isin(list(block_ids))]
    scores = picked.melt(
        id_vars=["unit_name"], value_vars=[f"{g}_score" for g in GROUPS], var_name="group", value_name="score"
    )
    scores["label"] = scores.group.str.removesuffix("_score").map(GROUP_LABELS)
    return scores


def history_periods(periods, up_to: date) -> list[date]:
    """The quarters' first months (January, April, July, October) among ``periods``, up to ``up_to``.

    Examples
    --------
    >>> history_periods([date(2025, 1, 1), date(2025, 2, 1), date(2025, 4, 1), date(2025, 7, 1)],
    ...                 date(2025, 6, 1))
    [datetime.date(2025, 1, 1), datetime.date(2025, 4, 1)]
    """
    return [p for p in periods if p <= up_to and is_quarter_start(p)]


def composite_history(tables: dict, block_ids) -> pd.DataFrame:
    """unit_name, composite, period of the chosen blocks in ranking tables keyed by period.

    Examples
    --------
    >>> table = pd.DataFrame({"unit_id": ["B1", "B2"], "unit_name": ["One", "Two"], "composite": [40.0, 55.0]})
    >>> composite_history({date(2025, 1, 1): table, date(2025, 4, 1): table.assign(composite=[42.0, 50.0])},
    ...                   ["B1"]).composite.tolist()
    [40.0, 42.0]
    """
    rows = [
        table.loc[table.unit_id.isin(list(block_ids)), ["unit_name", "composite"]].assign(period=period)
        for period, table in tables.items()
    ]
    if not rows:
        return pd.DataFrame(columns=["unit_name", "composite", "period"])
    return pd.concat(rows, ignore_index=True)
