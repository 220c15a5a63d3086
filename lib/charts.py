"""Altair chart builders (no Streamlit) and chart image export."""

from __future__ import annotations

import altair as alt
import pandas as pd

FONT = "Source Sans Pro, Arial, sans-serif"


def theme_scores_chart(summary: pd.DataFrame, period_label: str, baseline_label: str) -> alt.Chart:
    """Grouped horizontal bars: mean theme score at the period and at the baseline."""
    long = summary.melt(id_vars=["group"], value_vars=["mean_score_baseline", "mean_score"],
                        var_name="when", value_name="score")
    long["when"] = long.when.map({"mean_score": period_label, "mean_score_baseline": baseline_label})
    return alt.Chart(long, title=f"Mean theme score, {baseline_label} and {period_label}").mark_bar().encode(
        y=alt.Y("group:N", title=None, sort=list(summary.group), axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("when:N", sort=[baseline_label, period_label]),
        x=alt.X("score:Q", title="Mean score (0-100)", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("when:N", title=None, sort=[baseline_label, period_label],
                        scale=alt.Scale(range=["#b0bec5", "#1f6f8b"]), legend=alt.Legend(orient="bottom")),
        tooltip=["group:N", "when:N", alt.Tooltip("score:Q", format=".1f")],
    ).properties(height=alt.Step(16), width="container").configure(font=FONT)


def reporting_chart(reporting: pd.DataFrame) -> alt.Chart:
    """Share of expected monthly reports received, by period."""
    return alt.Chart(reporting, title="Monthly reports received (aspirational blocks)").mark_line(point=True).encode(
        x=alt.X("period:T", title=None),
        y=alt.Y("share:Q", title="Share of expected reports", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("period:T", format="%Y-%m"), alt.Tooltip("share:Q", format=".1%"), "received:Q", "expected:Q"],
    ).properties(height=240).configure(font=FONT)


def spec_png(spec_json: str, scale: float = 2.0) -> bytes:
    """Render a Vega-Lite JSON spec to PNG offline (vl-convert)."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec_json, scale=scale)


def movers_chart(movers: pd.DataFrame, scenario_name: str = "scenario") -> alt.Chart:
    """Biggest movers as a horizontal slope (dumbbell) chart: one row per block,
    from its rank under the official default (grey) to its rank under the scenario."""
    data = movers.assign(default=movers.rank_default.astype(float), scenario=movers.rank_scenario.astype(float),
                         direction=movers["shift"].astype(float).map(lambda s: "moves up" if s > 0 else "moves down"),
                         label=movers.unit_name + ", " + movers.state)
    order = data.sort_values("shift", ascending=False).label.tolist()
    colour = alt.Color("direction:N", title=None, scale=alt.Scale(domain=["moves up", "moves down"],
                                                                  range=["#1f6f8b", "#c0392b"]),
                       legend=alt.Legend(orient="bottom"))
    base = alt.Chart(data, title=f"Biggest movers: rank under the official default (grey) and the {scenario_name}").encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=["unit_name:N", "district:N", "state:N", alt.Tooltip("default:Q", title="default rank"),
                 alt.Tooltip("scenario:Q", title="scenario rank"), alt.Tooltip("shift:Q", title="places moved up")])
    x = alt.X("default:Q", title="Rank (1 = best)", scale=alt.Scale(reverse=True, zero=False))
    link = base.mark_rule(strokeWidth=2).encode(x=x, x2="scenario:Q", color=colour)
    start = base.mark_point(filled=True, size=45, color="#90a4ae").encode(x="default:Q")
    finish = base.mark_point(filled=True, size=70).encode(x="scenario:Q", color=colour)
    return (link + start + finish).properties(height=alt.Step(20), width="container").configure(font=FONT)


def uncertainty_chart(intervals: pd.DataFrame) -> alt.Chart:
    """Median rank with its 5th-95th percentile interval for each block (nominal order)."""
    data = intervals.assign(
        distinguishable=intervals.distinct_from_next.map({True: "distinct from next", False: "not distinct from next"}))
    order = data.sort_values("rank").unit_name.tolist()
    base = alt.Chart(data, title="Rank uncertainty: median and 5th-95th percentile over weight draws").encode(
        y=alt.Y("unit_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False)))
    interval = base.mark_rule(strokeWidth=2, color="#90a4ae").encode(
        x=alt.X("rank_p05:Q", title="Rank (1 = best)", scale=alt.Scale(zero=False)), x2="rank_p95:Q")
    median = base.mark_point(filled=True, size=50).encode(
        x="median_rank:Q",
        color=alt.Color("distinguishable:N", title=None, scale=alt.Scale(
            domain=["distinct from next", "not distinct from next"], range=["#1f6f8b", "#e67e22"])),
        tooltip=["unit_name:N", "state:N", alt.Tooltip("rank:Q", title="nominal rank"),
                 alt.Tooltip("median_rank:Q", title="median rank"), alt.Tooltip("rank_p05:Q", title="5th pct"),
                 alt.Tooltip("rank_p95:Q", title="95th pct"),
                 alt.Tooltip("share_above_next:Q", title="share of draws above next", format=".0%")])
    return (interval + median).properties(height=alt.Step(20), width="container").configure(font=FONT)


def class_histogram(data: pd.DataFrame, legend: list[dict], measure_label: str) -> alt.Chart:
    """Distribution of the mapped measure, bars coloured by the map's classes."""
    shown = data.dropna(subset=["value"]).assign(klass=lambda d: d["class"].map(lambda i: legend[i]["label"]))
    labels = [row["label"] for row in legend if row["label"] != "No data"]
    colours = ["#{:02x}{:02x}{:02x}".format(*row["rgb"]) for row in legend if row["label"] != "No data"]
    return alt.Chart(shown, title=f"Distribution: {measure_label}").mark_bar().encode(
        x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title=measure_label),
        y=alt.Y("count():Q", title="Blocks"),
        color=alt.Color("klass:N", title="Class", scale=alt.Scale(domain=labels, range=colours), sort=labels),
        tooltip=[alt.Tooltip("count():Q", title="blocks")],
    ).properties(height=220, width="container").configure(font=FONT)
