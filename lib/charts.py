"""Altair chart builders (no Streamlit) and chart image export."""

from __future__ import annotations

import functools
import json
import math

import altair as alt
import pandas as pd

from lib.config import FONTS_DIR
from lib.i18n import tr

FONT = "Source Sans, Source Sans Pro, Arial, sans-serif"  # the app's type; Devanagari: lib.fonts
EXPORT_WIDTH = 720  # an exported chart's plot width in pixels (at scale 1), for a slide


def theme_scores_chart(summary: pd.DataFrame, period_label: str, baseline_label: str, lang: str = "en") -> alt.Chart:
    """Grouped horizontal bars: mean theme score at the period and at the baseline."""
    summary = summary.assign(group=[tr(lang, group) for group in summary.group])
    long = summary.melt(
        id_vars=["group"], value_vars=["mean_score_baseline", "mean_score"], var_name="when", value_name="score"
    )
    long["when"] = long.when.map({"mean_score": period_label, "mean_score_baseline": baseline_label})
    title = tr(lang, "Mean theme score, {baseline} and {period}", baseline=baseline_label, period=period_label)
    return (
        alt.Chart(long, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("group:N", title=None, sort=list(summary.group), axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("when:N", sort=[baseline_label, period_label]),
            x=alt.X("score:Q", title=tr(lang, "Mean score (0-100)"), scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "when:N",
                title=None,
                sort=[baseline_label, period_label],
                scale=alt.Scale(range=["#b0bec5", "#1f6f8b"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("group:N"), alt.Tooltip("when:N"), alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(height=alt.Step(16), width="container")
        .configure(font=FONT)
    )


def reporting_chart(reporting: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Share of expected monthly reports received, by period."""
    return (
        alt.Chart(reporting, title=tr(lang, "Monthly reports received (aspirational blocks)"))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=None, axis=month_axis(lang)),
            y=alt.Y(
                "share:Q",
                title=tr(lang, "Share of expected reports"),
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("period:T", format="%Y-%m"),
                alt.Tooltip("share:Q", format=".1%"),
                alt.Tooltip("received:Q"),
                alt.Tooltip("expected:Q"),
            ],
        )
        .properties(height=240)
        .configure(font=FONT)
    )


def spec_json(chart: alt.TopLevelMixin) -> str:
    """The chart's Vega-Lite spec as strict JSON, ready for :func:`spec_png` / :func:`spec_svg`.

    Altair leaves NaN in text columns (a peer without a "learn from" block) as a bare ``NaN``,
    which is not JSON: the renderer refuses the whole spec. Non-finite numbers become null here.

    >>> chart = alt.Chart(pd.DataFrame({"name": ["a", float("nan")], "v": [1.0, 2.0]})).mark_bar()
    >>> '"name": null' in spec_json(chart).replace('":null', '": null')
    True
    """
    return json.dumps(_finite(chart.to_dict()), allow_nan=False)


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def spec_png(spec_json: str, scale: float = 2.0) -> bytes:
    """Render a Vega-Lite JSON spec to PNG offline (vl-convert), with the shipped Noto fonts
    available, so Devanagari labels come out as text rather than boxes."""
    return _renderer().vegalite_to_png(spec_json, scale=scale)


@functools.cache
def _renderer():
    import vl_convert

    vl_convert.register_font_directory(str(FONTS_DIR))  # once per process
    return vl_convert


def spec_svg(spec_json: str) -> str:
    """Render a Vega-Lite JSON spec to SVG offline (vl-convert)."""
    return _renderer().vegalite_to_svg(spec_json)


def with_source(chart: alt.Chart, source: str) -> alt.Chart:
    """The chart with a source line under its title (for exported images)."""
    title = _title_text(chart)
    if getattr(chart, "width", alt.Undefined) == "container":  # no page to fill: a slide-sized width
        chart = chart.properties(width=EXPORT_WIDTH)
    if isinstance(chart, alt.LayerChart):  # a layer's own title would win over the one set here
        chart = chart.copy(deep=True)
        for layer in chart.layer:
            layer.title = alt.Undefined
    return chart.properties(
        title=alt.TitleParams(text=title, subtitle=[source], subtitleColor="#555555", anchor="start")
    )


def for_slide(
    chart: alt.TopLevelMixin, width: int | None = 520, font_size: int = 18, legend_columns: int = 3
) -> alt.TopLevelMixin:
    """The chart with type large enough to read on a projector from the back of a room: labels of
    ``font_size`` px (18 on a ~520 px chart drawn about 6.5 inches wide on a slide; 22 on screen in
    presentation mode). ``width`` fixes a chart that fills its container (None: keep filling it)."""
    if width is not None and getattr(chart, "width", alt.Undefined) == "container":
        chart = chart.properties(width=width)
    return (
        chart.configure_axis(labelFontSize=font_size, titleFontSize=font_size, labelLimit=300)
        .configure_legend(
            labelFontSize=font_size - 1, symbolSize=10 * font_size, labelLimit=300, columns=legend_columns
        )
        .configure_title(fontSize=font_size + 2)
    )


def _title_text(chart) -> str:
    """The chart's title text, wherever Altair keeps it (the chart, or the first layer with one)."""
    title = chart.title
    if isinstance(title, alt.TitleParams):
        title = title.text
    if isinstance(title, str) and title:
        return title
    return next((text for text in map(_title_text, getattr(chart, "layer", []) or []) if text), "")


def month_axis(lang: str) -> alt.Axis:
    """A time axis: Vega's own labels (month names in English) for English, ``2026-04`` otherwise."""
    return alt.Axis() if lang == "en" else alt.Axis(format="%Y-%m")


def _reference_names(block_label: str, lang: str) -> dict[str, str]:
    """A block's series and its references, as the charts name them in the legend (in ``lang``)."""
    return {
        "block": block_label,
        "district_mean": tr(lang, "District mean"),
        "state_mean": tr(lang, "State mean"),
        "abp_mean": tr(lang, "All-ABP mean"),
        "abp_top_quartile": tr(lang, "ABP top quartile"),
    }


def theme_comparison_chart(comparison: pd.DataFrame, block_name: str, lang: str = "en") -> alt.Chart:
    """Theme scores of a block against district, state and ABP means and the ABP top quartile."""
    names = _reference_names(block_name, lang)
    comparison = comparison.assign(label=[tr(lang, text) for text in comparison.label])
    long = comparison.melt(id_vars=["label"], value_vars=list(names), var_name="series", value_name="score")
    long["series"] = long.series.map(names)
    order = list(names.values())
    return (
        alt.Chart(long, title=tr(lang, "Theme scores: {block} and its references", block=block_name))
        .mark_point(filled=True, size=90)
        .encode(
            y=alt.Y("label:N", title=None, sort=list(comparison.label), axis=alt.Axis(labelLimit=220)),
            x=alt.X("score:Q", title=tr(lang, "Theme score (balanced method, 0-100)"), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=order,
                scale=alt.Scale(domain=order, range=["#c0392b", "#1f6f8b", "#7fb3d5", "#90a4ae", "#2e7d32"]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape("series:N", sort=order, legend=None),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("series:N"), alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(height=alt.Step(34), width="container")
        .configure(font=FONT)
    )


def peer_dot_plot(positions: pd.DataFrame, peer_values: pd.DataFrame, block_name: str, lang: str = "en") -> alt.Chart:
    """Each indicator: peers as grey dots, the block as a red dot (values on the indicator's own scale)."""
    peers = (
        alt.Chart(peer_values)
        .mark_circle(size=30, color="#90a4ae", opacity=0.7)
        .encode(
            y=alt.Y("short_name:N", title=None, sort=list(positions.short_name), axis=alt.Axis(labelLimit=200)),
            x=alt.X("value:Q", title=tr(lang, "Value")),
            tooltip=[alt.Tooltip("short_name:N"), alt.Tooltip("unit_name:N"), alt.Tooltip("value:Q", format=".1f")],
        )
    )
    block = (
        alt.Chart(positions.dropna(subset=["block_value"]))
        .mark_circle(size=110, color="#c0392b")
        .encode(
            y=alt.Y("short_name:N", sort=list(positions.short_name)),
            x=alt.X("block_value:Q"),
            tooltip=[
                alt.Tooltip("short_name:N"),
                alt.Tooltip("block_value:Q", title=block_name, format=".1f"),
                alt.Tooltip("percentile:Q", title=tr(lang, "percentile among peers"), format=".0f"),
            ],
        )
    )
    return (
        alt.layer(peers, block, title=tr(lang, "{block} (red) among its peers (grey)", block=block_name))
        .properties(height=alt.Step(18), width="container")
        .configure(font=FONT)
    )


def compare_themes_chart(table: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Theme scores of up to six blocks side by side."""
    return (
        alt.Chart(table, title=tr(lang, "Theme scores, blocks side by side"))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=200)),
            yOffset=alt.YOffset("unit_name:N"),
            x=alt.X("score:Q", title=tr(lang, "Theme score (balanced method)")),
            color=alt.Color("unit_name:N", title=None, legend=alt.Legend(orient="bottom", columns=3)),
            tooltip=[alt.Tooltip("unit_name:N"), alt.Tooltip("label:N"), alt.Tooltip("score:Q", format=".1f")],
        )
        .properties(height=alt.Step(10), width="container")
        .configure(font=FONT)
    )


def compare_trend_chart(history: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Composite score over time for the compared blocks."""
    history = history.assign(period=pd.to_datetime(history.period))
    return (
        alt.Chart(history, title=tr(lang, "Composite score over time (balanced method)"))
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=None, axis=month_axis(lang)),
            y=alt.Y("composite:Q", title=tr(lang, "Composite"), scale=alt.Scale(zero=False)),
            color=alt.Color("unit_name:N", title=None, legend=alt.Legend(orient="bottom", columns=3)),
            tooltip=[
                alt.Tooltip("period:T", format="%Y-%m"),
                alt.Tooltip("unit_name:N"),
                alt.Tooltip("composite:Q", format=".1f"),
            ],
        )
        .properties(height=260, width="container")
        .configure(font=FONT)
    )


def movers_chart(movers: pd.DataFrame, scenario_name: str | None = None, lang: str = "en") -> alt.Chart:
    """Biggest movers as a horizontal slope (dumbbell) chart: one row per block,
    from its rank under the official default (grey) to its rank under the scenario, in ``lang``."""
    up, down = tr(lang, "moves up"), tr(lang, "moves down")
    data = movers.assign(
        default=movers.rank_default.astype(float),
        scenario=movers.rank_scenario.astype(float),
        direction=movers["shift"].astype(float).map(lambda s: up if s > 0 else down),
        label=movers.unit_name + ", " + movers.state,
    )
    order = data.sort_values("shift", ascending=False).label.tolist()
    colour = alt.Color(
        "direction:N",
        title=None,
        scale=alt.Scale(domain=[up, down], range=["#1f6f8b", "#c0392b"]),
        legend=alt.Legend(orient="bottom"),
    )
    title = tr(
        lang,
        "Biggest movers: rank under the official default (grey) and the {scenario}",
        scenario=scenario_name or tr(lang, "scenario"),
    )
    base = alt.Chart(data, title=title).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[
            *_place_tooltips(lang),
            alt.Tooltip("default:Q", title=tr(lang, "default rank")),
            alt.Tooltip("scenario:Q", title=tr(lang, "scenario rank")),
            alt.Tooltip("shift:Q", title=tr(lang, "places moved up")),
        ],
    )
    x = alt.X("default:Q", title=tr(lang, "Rank (1 = best)"), scale=alt.Scale(reverse=True, zero=False))
    link = base.mark_rule(strokeWidth=2).encode(x=x, x2=alt.X2("scenario:Q"), color=colour)
    start = base.mark_point(filled=True, size=45, color="#90a4ae").encode(x=alt.X("default:Q"))
    finish = base.mark_point(filled=True, size=70).encode(x=alt.X("scenario:Q"), color=colour)
    return (link + start + finish).properties(height=alt.Step(20), width="container").configure(font=FONT)


def _place_tooltips(lang: str, district: bool = True) -> list[alt.Tooltip]:
    """The unit's name, district and state in a tooltip, titled in ``lang``."""
    return [
        alt.Tooltip("unit_name:N", title=tr(lang, "Name")),
        *([alt.Tooltip("district:N", title=tr(lang, "District"))] if district else []),
        alt.Tooltip("state:N", title=tr(lang, "State / UT")),
    ]


def uncertainty_chart(intervals: pd.DataFrame, lang: str = "en") -> alt.Chart:
    """Median rank with its 5th-95th percentile interval for each block (nominal order), in ``lang``."""
    distinct, not_distinct = tr(lang, "distinct from next"), tr(lang, "not distinct from next")
    data = intervals.assign(distinguishable=intervals.distinct_from_next.map({True: distinct, False: not_distinct}))
    order = data.sort_values("rank").unit_name.tolist()
    title = tr(lang, "Rank uncertainty: median and 5th-95th percentile over weight draws")
    base = alt.Chart(data, title=title).encode(
        y=alt.Y("unit_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220, labelOverlap=False))
    )
    interval = base.mark_rule(strokeWidth=2, color="#90a4ae").encode(
        x=alt.X("rank_p05:Q", title=tr(lang, "Rank (1 = best)"), scale=alt.Scale(zero=False)),
        x2=alt.X2("rank_p95:Q"),
    )
    median = base.mark_point(filled=True, size=50).encode(
        x=alt.X("median_rank:Q"),
        color=alt.Color(
            "distinguishable:N",
            title=None,
            scale=alt.Scale(domain=[distinct, not_distinct], range=["#1f6f8b", "#e67e22"]),
        ),
        tooltip=[
            *_place_tooltips(lang, district=False),
            alt.Tooltip("rank:Q", title=tr(lang, "nominal rank")),
            alt.Tooltip("median_rank:Q", title=tr(lang, "median rank")),
            alt.Tooltip("rank_p05:Q", title=tr(lang, "5th pct")),
            alt.Tooltip("rank_p95:Q", title=tr(lang, "95th pct")),
            alt.Tooltip("share_above_next:Q", title=tr(lang, "share of draws above next"), format=".0%"),
        ],
    )
    return (interval + median).properties(height=alt.Step(20), width="container").configure(font=FONT)


def class_histogram(
    data: pd.DataFrame, legend: list[dict], measure_label: str, units: str = "Blocks", lang: str = "en"
) -> alt.Chart:
    """Distribution of the mapped measure, bars coloured by the map's classes; ``units`` names what
    is counted (blocks, or districts for district data), in ``lang``."""
    shown = data.dropna(subset=["value"]).assign(klass=lambda d: d["class"].map(lambda i: legend[i]["label"]))
    classes = [row for row in legend if not row["missing"]]
    labels = [row["label"] for row in classes]
    colours = ["#{:02x}{:02x}{:02x}".format(*row["rgb"]) for row in classes]
    return (
        alt.Chart(shown, title=tr(lang, "Distribution: {measure}", measure=measure_label))
        .mark_bar()
        .encode(
            x=alt.X("value:Q", bin=alt.Bin(maxbins=30), title=measure_label),
            y=alt.Y("count():Q", title=units),
            color=alt.Color(
                "klass:N", title=tr(lang, "Class"), scale=alt.Scale(domain=labels, range=colours), sort=labels
            ),
            tooltip=[alt.Tooltip("count():Q", title=units)],
        )
        .properties(height=220, width="container")
        .configure(font=FONT)
    )


def theme_trends_chart(
    series_by_name: dict[str, pd.DataFrame],
    targets: dict[str, float | None],
    cohort_starts: list,
    title: str,
    lang: str = "en",
) -> alt.FacetChart:
    """Small multiples, one panel per indicator of a theme, in one spec (one build, one serialisation).

    Each panel: the block (gaps kept where it did not report), district, state and ABP means,
    the ABP top quartile (dashed), the target (dotted green) and cohort start dates (orange).
    """
    names = _reference_names(tr(lang, "Block"), lang)
    order = list(names.values())
    frames = []
    for indicator, series in series_by_name.items():
        long = series.assign(period=pd.to_datetime(series.period)).melt(
            id_vars=["period"], value_vars=list(names), var_name="series", value_name="value"
        )
        long["series"] = long.series.map(names)
        long["indicator"], long["target"] = indicator, targets.get(indicator)
        starts = pd.DataFrame(
            {
                "period": pd.to_datetime(cohort_starts),
                "series": "Cohort start",
                "value": float("nan"),
                "indicator": indicator,
                "target": targets.get(indicator),
            }
        )
        frames += [long, starts]
    data = pd.concat(frames, ignore_index=True)
    base = alt.Chart().encode(x=alt.X("period:T", title=None, axis=month_axis(lang)))
    lines = (
        base.transform_filter(alt.datum.series != "Cohort start")
        .mark_line(point=alt.OverlayMarkDef(size=12))
        .encode(
            y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom", columns=5),
                scale=alt.Scale(domain=order, range=["#c0392b", "#1f6f8b", "#7fb3d5", "#90a4ae", "#2e7d32"]),
            ),
            strokeDash=alt.condition(
                alt.datum.series == names["abp_top_quartile"], alt.value([4, 3]), alt.value([1, 0])
            ),
            tooltip=[
                alt.Tooltip("period:T", format="%Y-%m"),
                alt.Tooltip("series:N"),
                alt.Tooltip("value:Q", format=".1f"),
            ],
        )
    )
    target = (
        alt.Chart()
        .transform_filter(alt.datum.series == names["block"])
        .mark_rule(color="#2e7d32", strokeDash=[2, 2])
        .encode(y=alt.Y("mean(target):Q"))
    )
    cohort = (
        base.transform_filter(alt.datum.series == "Cohort start")
        .mark_rule(color="#e67e22")
        .encode(tooltip=[alt.Tooltip("period:T", title=tr(lang, "cohort start"), format="%Y-%m")])
    )
    return (
        alt.layer(lines, target, cohort, data=data)
        .properties(width=330, height=170)
        .facet(
            facet=alt.Facet("indicator:N", title=None, header=alt.Header(labelFontWeight="bold", labelFontSize=12)),
            columns=2,
            title=title,
        )
        .resolve_scale(y="independent")
        .configure(font=FONT)
    )
