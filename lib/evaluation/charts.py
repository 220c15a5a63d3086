"""Altair charts for the evaluation page (no Streamlit)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib.charts import FONT, month_axis
from lib.evaluation.report import balance_label
from lib.evaluation.spec import ESTIMATORS, SHORT_NAMES, Cohort
from lib.i18n import tr

PILOT_COLOURS = ["#c0392b", "#8e44ad", "#d35400", "#16a085", "#2c3e50"]
COMPARISON_COLOUR = "#7f8c8d"
CHART_WIDTH = "container"  # as wide as the page on screen; exports get lib.charts.EXPORT_WIDTH
ESTIMATOR_NAMES = {"twfe": "Two-way fixed effects", "sunab": "Sun-Abraham (robust)"}


def _start_rules(cohorts: tuple[Cohort, ...], lang: str) -> alt.Chart:
    starts = pd.DataFrame(
        {
            "period": [pd.Timestamp(c.start) for c in cohorts],
            "label": [tr(lang, "{cohort} starts", cohort=c.name) for c in cohorts],
        }
    )
    rules = alt.Chart(starts).mark_rule(strokeDash=[4, 3], color="#333333").encode(x=alt.X("period:T"))
    text = (
        alt.Chart(starts)
        .mark_text(align="left", dx=4, dy=-4, fontSize=11, color="#333333")
        .encode(x=alt.X("period:T"), y=alt.value(10), text=alt.Text("label:N"))
    )
    return rules + text


def trends_chart(
    trends: pd.DataFrame, cohorts: tuple[Cohort, ...], outcome_label: str, lang: str = "en"
) -> alt.LayerChart:
    """Average outcome by month: each pilot cohort and the comparison blocks (as ``trends`` names them,
    in ``lang``), with start lines."""
    series = [c.name for c in cohorts] + [tr(lang, "Comparison")]
    colours = PILOT_COLOURS[: len(cohorts)] + [COMPARISON_COLOUR]
    lines = (
        alt.Chart(trends)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("period:T", title=None, axis=month_axis(lang)),
            y=alt.Y("mean:Q", title=tr(lang, "Average {outcome}", outcome=outcome_label), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=colours),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:T", format="%Y-%m", title=tr(lang, "Month")),
                alt.Tooltip("series:N", title=tr(lang, "Group")),
                alt.Tooltip("mean:Q", format=".2f", title=tr(lang, "Average")),
                alt.Tooltip("blocks:Q", title=tr(lang, "Blocks")),
            ],
        )
    )
    title = tr(lang, "{outcome}: pilot and comparison blocks", outcome=outcome_label)
    return (
        alt.layer(lines, _start_rules(cohorts, lang), title=title)
        .properties(height=300, width=CHART_WIDTH)
        .configure(font=FONT)
    )


def difference_chart(
    differences: pd.DataFrame, cohorts: tuple[Cohort, ...], outcome_label: str, lang: str = "en"
) -> alt.LayerChart:
    """Raw difference (pilot average minus comparison average) by month, with start lines."""
    series = [c.name for c in cohorts]
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#999999").encode(y=alt.Y("y:Q"))
    lines = (
        alt.Chart(differences)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=alt.X("period:T", title=None, axis=month_axis(lang)),
            y=alt.Y("difference:Q", title=tr(lang, "Pilot minus comparison")),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=PILOT_COLOURS[: len(series)]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("period:T", format="%Y-%m", title=tr(lang, "Month")),
                alt.Tooltip("series:N", title=tr(lang, "Cohort")),
                alt.Tooltip("difference:Q", format=".2f", title=tr(lang, "Difference")),
            ],
        )
    )
    title = tr(lang, "Raw difference in {outcome} (not adjusted)", outcome=outcome_label)
    return (
        alt.layer(zero, lines, _start_rules(cohorts, lang), title=title)
        .properties(height=220, width=CHART_WIDTH)
        .configure(font=FONT)
    )


def _cohort_ends(months_covered: dict[str, int], cohorts: tuple[Cohort, ...], lang: str) -> alt.LayerChart | None:
    """Dotted lines where a cohort's data end (every later month comes from the other cohorts only)."""
    longest = max(months_covered.values(), default=0)
    names = {c.cohort_id: c.name for c in cohorts}
    ends = pd.DataFrame(
        [
            {
                "x": months - 0.5,
                "label": tr(lang, "{cohort}: no data from month {month}", cohort=names[c], month=months),
            }
            for c, months in months_covered.items()
            if months < longest
        ]
    )
    if ends.empty:
        return None
    rules = alt.Chart(ends).mark_rule(strokeDash=[1, 3], color="#8e44ad", strokeWidth=2).encode(x=alt.X("x:Q"))
    text = (
        alt.Chart(ends)
        .mark_text(align="left", dx=4, fontSize=11, color="#8e44ad")
        .encode(x=alt.X("x:Q"), y=alt.value(12), text=alt.Text("label:N"))
    )
    return rules + text


def event_study_chart(
    event_study: pd.DataFrame,
    outcome_label: str,
    months_covered: dict[str, int] | None = None,
    cohorts: tuple[Cohort, ...] = (),
    lang: str = "en",
) -> alt.LayerChart:
    """Effect by month since the start with 95% intervals, TWFE beside Sun-Abraham; with staggered
    cohorts, a dotted line where a cohort stops contributing."""
    method_names = {name: tr(lang, text) for name, text in ESTIMATOR_NAMES.items()}
    data = event_study.assign(
        method=event_study.estimator.map(method_names),
        # side by side: TWFE a little left of each month, Sun-Abraham a little right
        position=event_study.rel + event_study.estimator.map({"twfe": -0.15, "sunab": 0.15}),
    )
    order = list(method_names.values())
    colour = alt.Color(
        "method:N",
        title=None,
        sort=order,
        scale=alt.Scale(domain=order, range=["#95a5a6", "#1f6f8b"]),
        legend=alt.Legend(orient="bottom"),
    )
    base = alt.Chart(data).encode(
        x=alt.X(
            "position:Q",
            title=[
                tr(lang, "Months since the start"),
                tr(lang, "(reference: the last month with reports before the start)"),
            ],
        ),
        color=colour,
    )
    bars = base.mark_rule(strokeWidth=2).encode(
        y=alt.Y("ci_low:Q", title=tr(lang, "Effect on {outcome}", outcome=outcome_label)), y2=alt.Y2("ci_high:Q")
    )
    points = base.mark_point(filled=True, size=40).encode(
        y=alt.Y("estimate:Q"),
        tooltip=[
            alt.Tooltip("method:N", title=tr(lang, "Method")),
            alt.Tooltip("rel:Q", title=tr(lang, "Months since the start")),
            *_estimate_tooltips(lang),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#999999").encode(y=alt.Y("y:Q"))
    start = alt.Chart(pd.DataFrame({"x": [-0.5]})).mark_rule(strokeDash=[4, 3], color="#333333").encode(x=alt.X("x:Q"))
    ends = _cohort_ends(months_covered or {}, cohorts, lang)
    layers = [zero, start, bars, points] + ([ends] if ends is not None else [])
    return (
        alt.layer(*layers, title=tr(lang, "Event study: effect on {outcome} by month", outcome=outcome_label))
        .properties(height=300, width=CHART_WIDTH)
        .configure(font=FONT)
    )


def _estimate_tooltips(lang: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("estimate:Q", format=".2f", title=tr(lang, "Estimate")),
        alt.Tooltip("ci_low:Q", format=".2f", title=tr(lang, "95% CI low")),
        alt.Tooltip("ci_high:Q", format=".2f", title=tr(lang, "95% CI high")),
    ]


def love_plot(balance: pd.DataFrame, outcome_label: str = "Outcome", lang: str = "en") -> alt.LayerChart:
    """Standardised mean differences before and after matching, with the 0.1 and 0.25 guide lines.

    Every matching variable has a row, labelled in words; with several cohorts each row holds one
    point pair per cohort, told apart by shape (the labels stay short enough to read at 150% zoom).
    """
    long = balance.melt(
        id_vars=["variable", "cohort"], value_vars=["smd_before", "smd_after"], var_name="when", value_name="smd"
    )
    before, after = tr(lang, "Before matching"), tr(lang, "After matching")
    long["when"] = long.when.map({"smd_before": before, "smd_after": after})
    long["row"] = long.variable.map(lambda v: balance_label(v, outcome_label, lang))
    order = list(dict.fromkeys(long.row))
    cohorts = list(dict.fromkeys(long.cohort))
    guides = (
        alt.Chart(pd.DataFrame({"x": [-0.25, -0.1, 0.1, 0.25]}))
        .mark_rule(strokeDash=[3, 3], color="#999999")
        .encode(x=alt.X("x:Q"))
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#555555").encode(x=alt.X("x:Q"))
    several = len(cohorts) > 1
    points = (
        alt.Chart(long)
        .mark_point(filled=True, size=50)
        .encode(
            # Every row labelled: overlap hiding would drop every other label on a short screen.
            y=alt.Y(
                "row:N", title=None, sort=order, axis=alt.Axis(labelLimit=280, labelOverlap=False, labelFontSize=12)
            ),
            x=alt.X("smd:Q", title=[tr(lang, "Standardised mean difference"), tr(lang, "(pilot minus comparison)")]),
            color=alt.Color(
                "when:N",
                title=None,
                sort=[before, after],
                scale=alt.Scale(range=["#b0bec5", "#1f6f8b"]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            shape=alt.Shape(
                "cohort:N",
                sort=cohorts,
                title=None,
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320) if several else None,
            ),
            tooltip=[
                alt.Tooltip("cohort:N", title=tr(lang, "Cohort")),
                alt.Tooltip("row:N", title=tr(lang, "variable")),
                alt.Tooltip("when:N", title=tr(lang, "When")),
                alt.Tooltip("smd:Q", format=".2f", title=tr(lang, "Standardised mean difference")),
            ],
        )
    )
    if several:
        points = points.encode(yOffset=alt.YOffset("cohort:N", sort=cohorts))
    return (
        alt.layer(guides, zero, points, title=tr(lang, "Balance (Love plot)"))
        .properties(height=alt.Step(14 * len(cohorts) + 8), width=CHART_WIDTH)
        .configure(font=FONT)
    )


def design_chart(designs: pd.DataFrame, outcome_label: str, lang: str = "en") -> alt.LayerChart:
    """Each design's estimate by each estimator with its 95% interval (a forest plot), naive left out."""
    short_names = {name: tr(lang, text) for name, text in SHORT_NAMES.items()}
    data = designs[designs.estimate.notna() & (designs.estimator != "naive")].assign(
        method=lambda d: d.estimator.map(short_names)
    )
    order = list(dict.fromkeys(data.design_label))
    methods = [short_names[e] for e in ESTIMATORS if short_names[e] in set(data.method)]
    base = alt.Chart(data).encode(
        y=alt.Y("design_label:N", title=None, sort=order, axis=alt.Axis(labelLimit=320, labelFontSize=12)),
        yOffset=alt.YOffset("method:N", sort=methods),
        color=alt.Color(
            "method:N",
            title=None,
            sort=methods,
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),
        ),
    )
    bars = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("ci_low:Q", title=tr(lang, "Effect on {outcome} (95% interval)", outcome=outcome_label)),
        x2=alt.X2("ci_high:Q"),
    )
    points = base.mark_point(filled=True, size=50).encode(
        x=alt.X("estimate:Q"),
        tooltip=[
            alt.Tooltip("design_label:N", title=tr(lang, "design")),
            alt.Tooltip("method:N", title=tr(lang, "Method")),
            *_estimate_tooltips(lang),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#555555").encode(x=alt.X("x:Q"))
    return (
        alt.layer(zero, bars, points, title=tr(lang, "The estimate under each comparison design"))
        .properties(height=alt.Step(16), width=CHART_WIDTH)
        .configure(font=FONT)
    )
