"""Block profile: targets, SDG-style status and trend on hand-made series, and the demo benchmarks."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib import db, queries
from lib.profile import (
    STATUS_LABELS,
    STATUS_RULE,
    TREND_LABELS,
    TREND_RULE,
    block_series,
    change_trend_note,
    indicator_display,
    indicator_table,
    indicator_targets,
    status,
    theme_comparison,
    trend,
    trend_fit,
    windows_caption,
)
from lib.scoring.params import GROUP_LABELS, GROUPS, official_default
from lib.scoring.service import ranking_table

TWELVE_MONTHS = pd.date_range("2025-01-01", periods=12, freq="MS")  # x = 0..11 months


def _line(slope: float, latest: float = 76.0, months=TWELVE_MONTHS) -> np.ndarray:
    """Values on a straight line in points per month that ends at ``latest``."""
    x = (months.year * 12 + months.month).to_numpy(dtype=float)
    return latest - slope * (x[-1] - x)


# ---------------------------------------------------------------- targets


def _catalogue(**extra) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": ["anc_first_trimester", "sam_children", "groundwater_extraction", "a_ratio", "no_range"],
            "direction": ["higher", "lower", "lower", "higher", "higher"],
            "valid_min": [0.0, 0.0, 0.0, 0.0, np.nan],
            "valid_max": [100.0, 100.0, 400.0, 1.0, np.nan],
            **extra,
        }
    )


def test_default_targets_are_the_best_end_of_the_range_and_groundwater_is_70():
    targets = indicator_targets(_catalogue())
    assert targets.to_dict() == {
        "anc_first_trimester": 100.0,
        "sam_children": 0.0,
        "groundwater_extraction": 70.0,  # not 0: CGWB "safe" is 70% or less
        "a_ratio": 1.0,
        "no_range": 100.0,
    }


def test_catalogue_target_overrides_the_default_and_a_blank_keeps_it():
    target = pd.array([90.0, pd.NA, 60.0, pd.NA, 50.0], dtype="Float64")
    targets = indicator_targets(_catalogue(target=target))
    assert targets.to_dict() == {
        "anc_first_trimester": 90.0,
        "sam_children": 0.0,
        "groundwater_extraction": 60.0,
        "a_ratio": 1.0,
        "no_range": 50.0,
    }


def test_targets_refuse_a_catalogue_without_the_needed_columns():
    with pytest.raises(ValueError, match="valid_max"):
        indicator_targets(_catalogue().drop(columns="valid_max"))


# ---------------------------------------------------------------- status


@pytest.mark.parametrize(
    "value, expected",
    [
        (100.5, "achieved"),  # gap -0.5
        (100.0, "achieved"),  # gap 0
        (99.9, "challenges remain"),  # gap 0.1
        (90.0, "challenges remain"),  # gap 10, upper edge
        (89.9, "significant challenges"),  # gap 10.1
        (75.0, "significant challenges"),  # gap 25, upper edge
        (74.9, "major challenges"),  # gap 25.1
        (np.nan, "no data"),
    ],
)
def test_status_bands_higher_is_better(value, expected):
    assert status(value, 100.0, True) == expected


@pytest.mark.parametrize(
    "value, target, expected",
    [
        (0.0, 0.0, "achieved"),
        (10.0, 0.0, "challenges remain"),
        (10.1, 0.0, "significant challenges"),
        (25.0, 0.0, "significant challenges"),
        (25.1, 0.0, "major challenges"),
        # groundwater: target 70
        (65.0, 70.0, "achieved"),
        (70.0, 70.0, "achieved"),
        (80.0, 70.0, "challenges remain"),
        (95.0, 70.0, "significant challenges"),
        (95.5, 70.0, "major challenges"),
        (None, 70.0, "no data"),
    ],
)
def test_status_bands_lower_is_better(value, target, expected):
    assert status(value, target, False) == expected


def test_rules_are_texts_a_page_can_show():
    assert "10" in STATUS_RULE and "25" in STATUS_RULE
    assert "24 months" in TREND_RULE and "0.02" in TREND_RULE


# ---------------------------------------------------------------- trend

# Target 100, latest value 76: the gap is 24 points, so over 24 months the required pace r is 1 point/month.
PACES = [
    (1.0, "on track"),  # s = r
    (0.99, "moderately improving"),  # just under r
    (0.5, "moderately improving"),  # s = 0.5 r
    (0.49, "stagnating"),  # just under 0.5 r
    (0.3, "stagnating"),  # 0.3 r
    (-0.01, "stagnating"),  # falling, but within 0.02 points/month
    (-0.03, "declining"),
    (-0.5, "declining"),
]


@pytest.mark.parametrize("slope, expected", PACES)
def test_trend_labels_on_straight_lines(slope, expected):
    assert trend(TWELVE_MONTHS, _line(slope), 100.0, True) == expected


@pytest.mark.parametrize("slope, expected", PACES)
def test_lower_is_better_mirror_gives_the_same_label(slope, expected):
    # 100 - v falls at `slope` points/month to 24 with target 0: the same gap and the same pace
    assert trend(TWELVE_MONTHS, 100.0 - _line(slope), 0.0, False) == expected


def test_trend_uses_months_between_reports_not_the_number_of_reports():
    # Quarterly reports (2023-01 .. 2025-10, 12 points), +0.6 a quarter = 0.2 points/month, ending at 76:
    # r = 24 / 24 = 1, 0.2 < 0.5 r -> stagnating (counting 0.6 per report would say moderately improving)
    quarters = pd.date_range("2023-01-01", periods=12, freq="QS")
    assert trend(quarters, _line(0.2, months=quarters), 100.0, True) == "stagnating"
    # Annual reports, +6 a year = 0.5/month: moderately improving (6 per report would be on track)
    years = pd.date_range("2020-04-01", periods=6, freq="12MS")
    assert trend(years, _line(0.5, months=years), 100.0, True) == "moderately improving"


def test_trend_uses_only_the_last_window_of_reports():
    # 8 months at 100, then 12 months rising 65..76 by 1/month.
    months = pd.date_range("2024-05-01", periods=20, freq="MS")
    values = np.r_[np.full(8, 100.0), 65.0 + np.arange(12)]
    assert trend(months, values, 100.0, True) == "on track"  # last 12: slope 1 = r
    # All 20 (x = 0..19, mean 9.5): sum (x - 9.5) y = -4800 + 57 * 48 + 791 = -1273 < 0 -> declining
    assert trend(months, values, 100.0, True, window=20) == "declining"


def test_trend_skips_unreported_months_and_sorts_by_date():
    values = _line(1.0)
    shuffled = np.random.default_rng(0).permutation(12)
    assert trend(TWELVE_MONTHS[shuffled], values[shuffled], 100.0, True) == "on track"
    with_gaps = values.copy()
    with_gaps[[2, 5, 7]] = np.nan  # 9 reports left, still on the same line
    assert trend(TWELVE_MONTHS, with_gaps, 100.0, True) == "on track"


def test_fewer_than_six_reports_is_insufficient_data():
    values = _line(1.0)
    assert trend(TWELVE_MONTHS[:5], values[:5], 100.0, True) == "insufficient data"
    assert trend(TWELVE_MONTHS[:6], values[:6], 100.0, True) != "insufficient data"
    values[[0, 3, 4, 6, 8, 9, 10]] = np.nan  # 5 reports among 12 months
    assert trend(TWELVE_MONTHS, values, 100.0, True) == "insufficient data"


def test_already_at_target_is_on_track_even_when_slipping():
    assert trend(TWELVE_MONTHS, np.full(12, 100.0), 100.0, True) == "on track"
    # 95 falling 0.5/month to 89.5: still above the target 80, so maintaining
    assert trend(TWELVE_MONTHS, _line(-0.5, latest=89.5), 80.0, True) == "on track"
    # the same fall with target 90: fitted latest 89.5 is short of 90 -> declining
    assert trend(TWELVE_MONTHS, _line(-0.5, latest=89.5), 90.0, True) == "declining"


def test_trend_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        trend(TWELVE_MONTHS, np.ones(11), 100.0, True)


# ---------------------------------------------------------------- mirror invariants


@st.composite
def reported_series(draw):
    n = draw(st.integers(1, 16))
    steps = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    months = pd.DatetimeIndex([pd.Timestamp(2022, 1, 1) + pd.DateOffset(months=int(m)) for m in np.cumsum(steps)])
    values = np.array(draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n)), dtype=float) / 10
    values[np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))] = np.nan
    return months, values


@settings(max_examples=300, deadline=None)
@given(reported_series(), st.integers(0, 1000).map(lambda t: t / 10), st.booleans())
def test_mirroring_a_series_changes_neither_trend_nor_status(series, target, higher_is_better):
    months, values = series
    mirrored = 100.0 - values
    assert trend(months, values, target, higher_is_better) == trend(
        months, mirrored, 100.0 - target, not higher_is_better
    )
    assert status(values[-1], target, higher_is_better) == status(mirrored[-1], 100.0 - target, not higher_is_better)
    assert trend(months, values, target, higher_is_better) in TREND_LABELS
    assert status(values[-1], target, higher_is_better) in STATUS_LABELS


# ---------------------------------------------------------------- a hand-made database

# One state, two districts; B1, B2 (D1) and B3 (D2) aspirational, B4 (D1) not. One monthly KPI, 0-100.
# B1 falls 0.5/month from 81.5 (Jan 2025) but December was typed 250 instead of 76.
HAND_UNITS = [
    ("S1", "state", "State One", "1", None, "S1", None, False),
    ("D1", "district", "District One", "11", "S1", "S1", "D1", False),
    ("D2", "district", "District Two", "12", "S1", "S1", "D2", False),
    ("B1", "block", "Block 1", "901", "D1", "S1", "D1", True),
    ("B2", "block", "Block 2", "902", "D1", "S1", "D1", True),
    ("B3", "block", "Block 3", "903", "D2", "S1", "D2", True),
    ("B4", "block", "Block 4", "904", "D1", "S1", "D1", False),
]
DEC_2025 = date(2025, 12, 1)


@pytest.fixture()
def hand_con():
    con = db.connect(":memory:")
    con.executemany(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        HAND_UNITS,
    )
    con.execute(
        "INSERT INTO indicators (indicator_id, name, short_name, theme, score_group, unit, direction, "
        "periodicity, valid_min, valid_max) VALUES ('m', 'm', 'm', 'Health', 'health', '%', 'higher', "
        "'monthly', 0, 100)"
    )
    b1 = [("B1", f"2025-{m:02d}-01", 81.5 - 0.5 * (m - 1)) for m in range(1, 12)] + [("B1", "2025-12-01", 250.0)]
    others = [("B2", "2025-12-01", 100.0), ("B3", "2025-12-01", 90.0), ("B4", "2025-12-01", 95.0)]
    con.executemany("INSERT INTO observations VALUES (?, 'm', CAST(? AS DATE), ?, NULL, NULL, 1)", b1 + others)
    yield con
    con.close()


def test_hand_database_ranks_and_trends_use_clipped_values(hand_con):
    b1 = indicator_table(hand_con, "B1", DEC_2025, None).iloc[0]
    assert b1.value == 250.0 and b1.status == "achieved"  # shown as reported
    assert np.isnan(b1.baseline_value) and np.isnan(b1.change)  # no baseline asked
    # clipped: 81.5 - 0.5x for x = 0..10 and 100 at x = 11 (24 above the line's 76):
    # slope = -0.5 + 24 * 5.5 / 143 = 0.423; fitted Dec = (78.75 + 2) + 0.423 * 5.5 = 83.08;
    # r = 16.92 / 24 = 0.705, 0.5 r = 0.352 <= 0.423 -> moderately improving (250 unclipped: on track)
    assert b1.trend == "moderately improving"
    # B1 (250 -> 100) ties B2 (100) for first; B3 90 is third; B4 is not aspirational
    assert (b1.rank_among_abp, b1.blocks_with_value) == (1, 3)
    assert indicator_table(hand_con, "B2", DEC_2025, None).rank_among_abp.item() == 1
    assert indicator_table(hand_con, "B3", DEC_2025, None).rank_among_abp.item() == 3
    # B4 (95) is placed among the 3 aspirational blocks: below the two 100s
    b4 = indicator_table(hand_con, "B4", DEC_2025, None).iloc[0]
    assert (b4.value, b4.rank_among_abp, b4.blocks_with_value) == (95.0, 3, 3)


def test_hand_database_block_series(hand_con):
    series = block_series(hand_con, "B1", "m").set_index("period")
    assert series.block.notna().all() and len(series) == 12  # B1 is the only reporter Jan-Nov
    december = series.loc[pd.Timestamp(DEC_2025)]
    assert december.block == 250.0
    assert december.district_mean == pytest.approx((100 + 100) / 2)  # B1 clipped, B2; B4 not aspirational
    assert december.state_mean == december.abp_mean == pytest.approx((100 + 100 + 90) / 3)
    assert december.abp_top_quartile == pytest.approx(100.0)  # [90, 100, 100]: position 1.5 -> 100
    b3 = block_series(hand_con, "B3", "m")
    assert b3.block.isna().sum() == 11 and b3.block.iloc[-1] == 90.0  # gaps kept, not filled
    assert b3.district_mean.iloc[-1] == 90.0
    b4 = block_series(hand_con, "B4", "m").iloc[-1]  # a block outside the programme: its value, ABP benchmarks
    assert b4.block == 95.0 and b4.district_mean == pytest.approx(100.0)
    assert b4.abp_mean == pytest.approx((100 + 100 + 90) / 3)


def test_change_since_the_baseline_clips_a_mistyped_value_like_the_trend_does(hand_con):
    # B1: 81.5 in Jan 2025, December typed 250: the change is 100 - 81.5 = 18.5, not 168.5; the trend
    # (moderately improving, above) sees the same clipped 100, so the two agree and no note is needed.
    b1 = indicator_table(hand_con, "B1", DEC_2025, date(2025, 1, 1)).iloc[0]
    assert (b1.value, b1.baseline_value) == (250.0, 81.5)  # shown as reported
    assert b1.change == pytest.approx(18.5)
    assert (b1.trend, b1.note) == ("moderately improving", "")


# Change and trend windows: one block, three monthly KPIs (0-100, higher is better), period 2026-09,
# baseline 2025-09.
SEP_2025, SEP_2026 = date(2025, 9, 1), date(2026, 9, 1)
MONTHS_TO_SEP_2026 = [date(2025 + (8 + m) // 12, (8 + m) % 12 + 1, 1) for m in range(13)]  # 2025-09 .. 2026-09
WINDOW_SERIES = {
    # 70 in the baseline month (an unusual dip), then 89.2 in October falling 1 a month to 78.2:
    # change +8.2, but the last 12 reports (2025-10 .. 2026-09) fall 1 a month -> declining.
    "rise": [70.0] + [89.2 - m for m in range(12)],
    # reported 2025-09 .. 2026-07, rising; nothing for 2026-09, so no value now (monthly: the month itself)
    "gone": [60.0 + m for m in range(11)] + [None, None],
    # 80 rising 0.5 a month: change +6; slope 0.5 over 2025-10 .. 2026-09, latest 86, gap 14,
    # r = 14 / 24 = 0.583 -> 0.5 >= r / 2: moderately improving. Both say better: no note.
    "steady": [80.0 + 0.5 * m for m in range(13)],
}


@pytest.fixture()
def window_con():
    con = db.connect(":memory:")
    con.executemany(
        "INSERT INTO units (unit_id, level, name, lgd_code, parent_id, state_id, district_id, aspirational) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        HAND_UNITS,
    )
    for indicator_id in WINDOW_SERIES:
        con.execute(
            "INSERT INTO indicators (indicator_id, name, short_name, theme, score_group, unit, direction, "
            "periodicity, valid_min, valid_max) VALUES (?, ?, ?, 'Health', 'health', '%', 'higher', 'monthly', 0, 100)",
            [indicator_id, f"{indicator_id} name", f"KPI {indicator_id}"],
        )
    rows = [
        ("B1", indicator_id, month, value)
        for indicator_id, values in WINDOW_SERIES.items()
        for month, value in zip(MONTHS_TO_SEP_2026, values, strict=True)
        if value is not None
    ]
    con.executemany("INSERT INTO observations VALUES (?, ?, ?, ?, NULL, NULL, 1)", rows)
    yield con
    con.close()


def test_a_rise_the_trend_calls_declining_carries_a_note_naming_both_windows(window_con):
    table = indicator_table(window_con, "B1", SEP_2026, SEP_2025).set_index("indicator_id")
    rise = table.loc["rise"]
    assert rise.change == pytest.approx(8.2)
    assert rise.trend == "declining"  # the fitted line over the last 12 reports does fall 1 a month
    assert rise.note == (
        "Better than in 2025-09, but the 12 reports from 2025-10 to 2026-09 trend worse: "
        "the change compares two single reports."
    )
    assert (rise.trend_from, rise.trend_to, rise.trend_reports) == (
        pd.Timestamp(2025, 10, 1),
        pd.Timestamp(2026, 9, 1),
        12,
    )
    assert rise.trend_slope == pytest.approx(-1.0)
    steady = table.loc["steady"]
    assert steady.change == pytest.approx(6.0)
    assert (steady.trend, steady.note) == ("moderately improving", "")


def test_a_kpi_without_a_value_now_has_no_data_not_a_trend(window_con):
    gone = indicator_table(window_con, "B1", SEP_2026, SEP_2025).set_index("indicator_id").loc["gone"]
    # 11 older reports rising 1 a month would fit a trend, but there is no value for 2026-09
    assert np.isnan(gone.value) and gone.baseline_value == 60.0 and np.isnan(gone.change)
    assert (gone.status, gone.trend) == ("no data", "no data")
    assert (gone.note, gone.trend_reports) == ("", 0)
    assert trend(MONTHS_TO_SEP_2026[:11], WINDOW_SERIES["gone"][:11], 100.0, True) != "no data"


def test_the_displayed_table_names_its_windows_and_never_prints_none(window_con):
    table = indicator_table(window_con, "B1", SEP_2026, SEP_2025)
    shown = indicator_display(table, SEP_2025).set_index("Indicator")
    assert "Change since 2025-09" in shown.columns and "Trend (last 12 reports)" in shown.columns
    assert shown.loc["KPI rise", "Trend over"] == "2025-10 to 2026-09 (12 reports)"
    assert shown.loc["KPI gone", ["Status", "Trend (last 12 reports)", "Trend over"]].tolist() == [
        "no data",
        "· no data",
        "–",
    ]
    text = shown.reset_index().select_dtypes(exclude="number")
    assert text.notna().all().all()
    assert not text.isin(["None", "nan", "NaN", "<NA>", "NaT"]).any().any()
    numbers = shown.select_dtypes("number")
    assert list(numbers.columns) == [
        "Value",
        "Change since 2025-09",
        "Rank among ABP blocks",
        "Target",
        "Data age (months)",
    ]  # missing numbers stay NaN for the page to show as a dash, not as text
    caption = windows_caption(SEP_2026, SEP_2025)
    assert "as of 2026-09 minus the value as of 2025-09" in caption and "last 12 reports" in caption


@settings(max_examples=300, deadline=None)
@given(reported_series(), st.floats(-30, 30, allow_nan=False), st.booleans(), st.integers(0, 1000))
def test_change_and_trend_never_contradict_each_other_without_a_note(series, change, higher_is_better, target):
    months, values = series
    fit = trend_fit(months, values, target / 10, higher_is_better)
    note = change_trend_note(change, higher_is_better, fit, "2025-01")
    better, worse = (change > 0) == higher_is_better and change != 0, (change < 0) == higher_is_better and change != 0
    contradicts = (better and fit.label == "declining") or (worse and fit.label in ("on track", "moderately improving"))
    assert bool(note) == contradicts
    if note and fit.label != "on track":
        assert f"{fit.reports} reports from" in note  # the trend's window is named


# ---------------------------------------------------------------- demo database


def _block_with_anc_gaps(con) -> str:
    """An aspirational block that missed some ANC months, in a district with 3+ aspirational blocks."""
    return con.execute("""
        SELECT u.unit_id FROM units u
        JOIN observations o ON o.unit_id = u.unit_id AND o.indicator_id = 'anc_first_trimester'
        WHERE u.aspirational AND u.district_id IN (
            SELECT district_id FROM units WHERE aspirational GROUP BY district_id HAVING count(*) >= 3)
        GROUP BY u.unit_id
        HAVING count(*) < (SELECT count(DISTINCT period) FROM observations WHERE indicator_id = 'anc_first_trimester')
        ORDER BY u.unit_id LIMIT 1""").fetchone()[0]


def _aspirational_reports(con, indicator_id: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT o.unit_id, o.period, o.value, u.district_id, u.state_id FROM observations o
        JOIN units u ON u.unit_id = o.unit_id WHERE u.aspirational AND o.indicator_id = ?""",
        [indicator_id],
    ).df()


def test_block_series_keeps_gaps_where_the_block_did_not_report(demo_con):
    block_id = _block_with_anc_gaps(demo_con)
    series = block_series(demo_con, block_id, "anc_first_trimester").set_index("period")
    raw = _aspirational_reports(demo_con, "anc_first_trimester")
    own = raw[raw.unit_id == block_id].set_index(pd.to_datetime(raw.loc[raw.unit_id == block_id, "period"])).value
    assert list(series.index) == sorted(pd.to_datetime(raw.period).unique())  # every ABP period
    assert series.block.isna().sum() > 0
    assert set(series.index[series.block.notna()]) == set(own.index)
    np.testing.assert_allclose(series.block.dropna().to_numpy(), own.sort_index().to_numpy())


def test_block_series_benchmarks_match_numpy(demo_con):
    block_id = _block_with_anc_gaps(demo_con)
    series = block_series(demo_con, block_id, "anc_first_trimester").set_index("period")
    assert (series.abp_top_quartile >= series.abp_mean).all()  # higher is better: upper quartile
    raw = _aspirational_reports(demo_con, "anc_first_trimester")
    district_id, state_id = demo_con.execute(
        "SELECT district_id, state_id FROM units WHERE unit_id = ?", [block_id]
    ).fetchone()
    when = series.index[len(series) // 2]
    month = raw[pd.to_datetime(raw.period) == when]
    clipped = np.clip(month.value.to_numpy(), 0, 100)
    row = series.loc[when]
    assert row.abp_mean == pytest.approx(clipped.mean())
    assert row.abp_top_quartile == pytest.approx(np.percentile(clipped, 75))
    assert row.district_mean == pytest.approx(clipped[(month.district_id == district_id).to_numpy()].mean())
    assert row.state_mean == pytest.approx(clipped[(month.state_id == state_id).to_numpy()].mean())


def test_block_series_means_clip_planted_values_over_100(demo_con):
    unit_id, indicator_id, when, wrong = demo_con.execute("""
        SELECT p.unit_id, p.indicator_id, p.period, o.value FROM demo_planted_errors p
        JOIN observations o USING (unit_id, indicator_id, period)
        WHERE p.kind = 'over_100' AND o.value > 100 ORDER BY p.unit_id LIMIT 1""").fetchone()
    series = block_series(demo_con, unit_id, indicator_id).set_index("period")
    raw = _aspirational_reports(demo_con, indicator_id)
    month = raw[pd.to_datetime(raw.period) == pd.Timestamp(when)].value.to_numpy()
    row = series.loc[pd.Timestamp(when)]
    assert row.block == pytest.approx(wrong)  # the block's own value is shown as reported
    assert row.abp_mean == pytest.approx(np.clip(month, 0, 100).mean())
    assert row.abp_mean != pytest.approx(month.mean())  # the error would have moved the mean


def test_block_series_rejects_unknown_ids(demo_con):
    with pytest.raises(ValueError, match="B000000"):
        block_series(demo_con, "B000000", "anc_first_trimester")
    block_id = _block_with_anc_gaps(demo_con)
    with pytest.raises(ValueError, match="no_such_kpi"):
        block_series(demo_con, block_id, "no_such_kpi")


@pytest.fixture()
def profile_table(demo_con):
    block_id = _block_with_anc_gaps(demo_con)
    return block_id, indicator_table(demo_con, block_id, date(2026, 8, 1), date(2025, 8, 1))


def test_indicator_table_covers_the_catalogue_with_valid_ranks(demo_con, profile_table):
    block_id, table = profile_table
    assert len(table) == 39 and set(table.indicator_id) == set(queries.catalogue(demo_con).indicator_id)
    has_value = table.value.notna()
    assert has_value.any() and table.rank_among_abp[has_value].notna().all()
    assert table.rank_among_abp[~has_value].isna().all()
    ranked = table[has_value]
    assert ((ranked.rank_among_abp >= 1) & (ranked.rank_among_abp <= ranked.blocks_with_value)).all()


def test_indicator_table_values_and_ranks_match_the_asof_values(demo_con, profile_table):
    block_id, table = profile_table
    table = table.set_index("indicator_id")
    now, before = (queries.asof_values(demo_con, p) for p in (date(2026, 8, 1), date(2025, 8, 1)))
    own_now = now[now.unit_id == block_id].set_index("indicator_id").value
    own_before = before[before.unit_id == block_id].set_index("indicator_id").value
    np.testing.assert_allclose(table.value.dropna(), own_now.reindex(table.value.dropna().index))
    assert table.value.notna().sum() == len(own_now)
    high = queries.catalogue(demo_con).set_index("indicator_id").valid_max.reindex(own_now.index)
    expected_change = np.clip(own_now, 0, high) - np.clip(own_before.reindex(own_now.index), 0, high)
    np.testing.assert_allclose(table.change.reindex(own_now.index), expected_change)
    assert (table.blocks_with_value == now.groupby("indicator_id").size().reindex(table.index).fillna(0)).all()
    for indicator_id, better_is in (("sam_children", np.less), ("anc_first_trimester", np.greater)):
        if indicator_id in own_now:
            pool = np.clip(now.loc[now.indicator_id == indicator_id, "value"].to_numpy(), 0, 100)
            mine = min(max(own_now[indicator_id], 0), 100)
            assert table.loc[indicator_id, "rank_among_abp"] == 1 + better_is(pool, mine).sum()


def test_indicator_table_status_and_trend_follow_the_rules(demo_con, profile_table):
    _, table = profile_table
    # The bands themselves are checked value by value above; here, that the table applies them:
    # no data exactly where there is no value, "achieved" exactly where the target is met, and a
    # status never less severe than that of a KPI closer to its target.
    assert table.status.eq("no data").tolist() == table.value.isna().tolist()
    reported = table[table.value.notna()].copy()
    higher = reported.direction.eq("higher")
    reported["gap"] = np.where(higher, reported.target - reported.value, reported.value - reported.target)
    assert reported.status.eq("achieved").tolist() == reported.gap.le(0).tolist()
    severity = reported.sort_values("gap").status.map(STATUS_LABELS.index)
    assert severity.is_monotonic_increasing and severity.nunique() >= 3
    catalogue = queries.catalogue(demo_con).set_index("indicator_id")
    annual = table.indicator_id.map(catalogue.periodicity).eq("annual")
    # The demo has four financial years (April 2023..2026): fewer than 6 annual reports
    assert (table.trend[annual] == "insufficient data").all()
    assert (table.trend[~annual] != "insufficient data").any()
    assert table.loc[table.indicator_id == "groundwater_extraction", "target"].item() == 70.0


def test_theme_comparison_matches_pandas_means(demo_con):
    table = ranking_table(demo_con, official_default(date(2026, 8, 1)))
    block_id = _block_with_anc_gaps(demo_con)
    comparison = theme_comparison(table, block_id).set_index("group")
    assert list(comparison.index) == list(GROUPS)
    assert comparison.label.tolist() == [GROUP_LABELS[g] for g in GROUPS]
    own = table.set_index("unit_id").loc[block_id]
    for group in GROUPS:
        scores = table.set_index("unit_id")[f"{group}_score"].dropna()
        districts = table.set_index("unit_id").district_id.reindex(scores.index)
        states = table.set_index("unit_id").state_id.reindex(scores.index)
        row = comparison.loc[group]
        assert row.block == pytest.approx(own[f"{group}_score"])
        assert row.district_mean == pytest.approx(scores[districts == own.district_id].to_numpy().mean())
        assert row.state_mean == pytest.approx(scores[states == own.state_id].to_numpy().mean())
        assert row.abp_mean == pytest.approx(np.mean(scores.to_numpy()))
        assert row.abp_top_quartile == pytest.approx(np.percentile(scores.to_numpy(), 75))


def test_theme_comparison_rejects_a_block_outside_the_table(demo_con):
    table = ranking_table(demo_con, official_default(date(2026, 8, 1)))
    with pytest.raises(ValueError, match="B000000"):
        theme_comparison(table, "B000000")


def test_a_district_level_unit_has_no_district_reference_but_keeps_the_state_one():
    from lib.profile import theme_comparison
    from lib.scoring.params import GROUPS

    rows = [
        {"unit_id": u, "district_id": u, "state_id": "S1"} | {f"{g}_score": s for g in GROUPS}
        for u, s in (("D1", 40.0), ("D2", 60.0))
    ]
    comparison = theme_comparison(pd.DataFrame(rows), "D1")
    assert comparison.district_mean.isna().all()
    assert comparison.state_mean.tolist() == [50.0] * len(GROUPS)  # (40 + 60) / 2


# ---------------------------------------------------------------- compare blocks


def test_compare_blocks_on_hand_made_ranking_tables():
    from lib.profile import compare_theme_scores, composite_history, history_periods

    table = pd.DataFrame(
        {"unit_id": ["B1", "B2", "B3"], "unit_name": ["One", "Two", "Three"], "composite": [40.0, 55.0, 61.0]}
        | {f"{g}_score": [10.0 * (i + 1), 1.0, 2.0] for i, g in enumerate(GROUPS)}
    )
    scores = compare_theme_scores(table, ("B1", "B3"))
    # six themes x two blocks; B1's scores are 10, 20, ... 60 in theme order
    assert len(scores) == 12
    assert scores[scores.unit_name == "One"].score.tolist() == [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    assert scores[scores.unit_name == "One"].label.tolist() == [GROUP_LABELS[g] for g in GROUPS]
    # quarters' first months up to May 2025: Oct 2024, Jan 2025, Apr 2025 (not Feb, not Jul)
    months = [date(2024, 10, 1), date(2025, 1, 1), date(2025, 2, 1), date(2025, 4, 1), date(2025, 7, 1)]
    quarters = history_periods(months, date(2025, 5, 1))
    assert quarters == [date(2024, 10, 1), date(2025, 1, 1), date(2025, 4, 1)]
    history = composite_history(
        {p: table.assign(composite=table.composite + i) for i, p in enumerate(quarters)}, ("B2",)
    )
    assert history.composite.tolist() == [55.0, 56.0, 57.0] and history.period.tolist() == quarters
    assert composite_history({}, ("B2",)).empty  # no quarter yet: an empty history, not an error
