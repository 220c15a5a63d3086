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


def chart_png(chart: alt.Chart, scale: float = 2.0) -> bytes:
    """Render a chart to PNG offline (vl-convert); for slides and reports."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)
