"""What-if scenarios: URL encoding of ranking parameters, and comparison with the official default."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.i18n import tr
from lib.periods import label, parse_period
from lib.scoring.params import AGGREGATIONS, DEFAULT_SCOPE, GROUPS, METHODS, RankingParams

METHOD_LABELS = {  # the What-if page's names of the methods (lib.scoring.methods)
    "balanced": "Balanced (NITI, geometric)",
    "frontier": "Distance to frontier (ADP)",
    "zscore": "Z-score",
    "percentile": "Percentile rank",
}
# URL query keys (short, stable: links get pasted into emails and slides)
QUERY_KEYS = {
    "method": "m",
    "indicator_aggregation": "ia",
    "theme_aggregation": "ta",
    "theme_weights": "w",
    "indicator_weights": "iw",
    "scope": "sc",
    "baseline": "b",
    "max_missing_share": "mm",
}


def _pairs(text: str, what: str) -> dict[str, float]:
    pairs = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, number = part.partition(":")
        try:
            pairs[name.strip()] = float(number)
        except ValueError:
            raise ValueError(f"{what} {part!r} should look like NAME:NUMBER") from None
        if not sep:
            raise ValueError(f"{what} {part!r} should look like NAME:NUMBER")
    return pairs


def _number(value: float) -> str:
    return f"{value:g}"


def encode(params: RankingParams) -> dict[str, str]:
    """Query parameters for a scenario (only what differs from the defaults).

    Examples
    --------
    >>> p = RankingParams(period=date(2026, 8, 1), method="frontier")
    >>> encode(p)
    {'m': 'frontier'}
    """
    default = RankingParams(period=params.period)
    query = {}
    if params.method != default.method:
        query["m"] = params.method
    for field in ("indicator_aggregation", "theme_aggregation"):
        if getattr(params, field):
            query[QUERY_KEYS[field]] = getattr(params, field)
    if params.theme_weight_map() != default.theme_weight_map():
        query["w"] = ",".join(f"{g}:{_number(w)}" for g, w in params.theme_weight_map().items())
    if params.indicator_weights:
        query["iw"] = ",".join(f"{k}:{_number(w)}" for k, w in params.indicator_weights)
    if params.scope != default.scope:
        query["sc"] = params.scope
    if params.baseline:
        query["b"] = label(params.baseline)
    if params.max_missing_share != default.max_missing_share:
        query["mm"] = _number(params.max_missing_share)
    return query


# The What-if page's widget ranges: a link asking for more is refused (the page falls back to the default).
THEME_WEIGHT_MAX = 50.0
INDICATOR_WEIGHT_RANGE = (0.5, 5.0)  # 0 excludes an indicator
MAX_MISSING_PERCENT = 50.0


def _within(what: str, values: dict, low: float, high: float) -> None:
    outside = {k: v for k, v in values.items() if not low <= v <= high}
    if outside:
        shown = ", ".join(f"{k}:{v:g}" for k, v in outside.items())
        raise ValueError(f"{what} {shown} in the link is outside {low:g}-{high:g}")


def decode(query: dict[str, str], period: date, indicator_ids: set[str] | None = None) -> RankingParams:
    """Parameters from query values (see :func:`encode`); raises ValueError naming the bad part."""
    method = query.get("m", "balanced")
    if method not in METHODS:
        raise ValueError(f"method '{method}' in the link is not one of {', '.join(METHODS)}")
    aggregation = {}
    for field in ("indicator_aggregation", "theme_aggregation"):
        value = query.get(QUERY_KEYS[field])
        if value is not None and value not in AGGREGATIONS:
            raise ValueError(f"aggregation '{value}' in the link is not arithmetic or geometric")
        aggregation[field] = value
    theme_weights = RankingParams(period=period).theme_weight_map()
    if "w" in query:
        theme_weights = dict.fromkeys(GROUPS, 0.0) | _pairs(query["w"], "theme weight")
    indicator_weights = _pairs(query.get("iw", ""), "indicator weight")
    unknown = set(indicator_weights) - indicator_ids if indicator_ids is not None else set()
    if unknown:
        raise ValueError(f"indicator(s) {', '.join(sorted(unknown))} in the link are not in the catalogue")
    _within("theme weight", theme_weights, 0.0, THEME_WEIGHT_MAX)
    _within("indicator weight", {i: w for i, w in indicator_weights.items() if w}, *INDICATOR_WEIGHT_RANGE)
    _within("missing-data threshold", {"mm": float(query.get("mm", 0.20)) * 100}, 0.0, MAX_MISSING_PERCENT)
    return RankingParams(
        period=period,
        method=method,
        **aggregation,
        theme_weights=tuple((g, float(theme_weights.get(g, 0.0))) for g in GROUPS if g in theme_weights)
        + tuple((g, w) for g, w in theme_weights.items() if g not in GROUPS),
        indicator_weights=tuple(sorted(indicator_weights.items())),
        scope=query.get("sc", DEFAULT_SCOPE),
        baseline=parse_period(query["b"]) if query.get("b") else None,
        max_missing_share=float(query.get("mm", 0.20)),
    )


def scope_options(
    cohort_names: dict[str, str], state_id: str = "", state_name: str = "", lang: str = "en"
) -> dict[str, str]:
    """The scopes the What-if page offers (scope -> label): the programme's blocks, every block with
    data, the sidebar's state when one is chosen, and one per cohort in the database (its name), in ``lang``.

    Examples
    --------
    >>> scope_options({"jica_phase_1": "JICA pilot Phase I"}, "S10", "Bihar")
    {'aspirational': 'All aspirational blocks', 'all': 'All blocks with data', \
'cohort=jica_phase_1': 'JICA pilot Phase I', 'state=S10': 'Aspirational blocks in Bihar'}
    >>> list(scope_options({}))
    ['aspirational', 'all']
    """
    options = {DEFAULT_SCOPE: tr(lang, "All aspirational blocks"), "all": tr(lang, "All blocks with data")}
    options |= {f"cohort={cohort_id}": name for cohort_id, name in cohort_names.items()}
    if state_id:
        options[f"state={state_id}"] = tr(lang, "Aspirational blocks in {state}", state=state_name or state_id)
    return options


def available_scope(scope: str, options: dict[str, str], lang: str = "en") -> tuple[str, str | None]:
    """``scope`` when it is one of ``options``; otherwise the default scope and a sentence saying why.

    Examples
    --------
    >>> options = scope_options({})
    >>> available_scope("all", options)
    ('all', None)
    >>> available_scope("cohort=jica_phase_1", options)[0]
    'aspirational'
    """
    if scope in options:
        return scope, None
    return DEFAULT_SCOPE, tr(
        lang,
        "Ranking among {scope} is not available here (the choices are: {choices}); showing {default} instead.",
        scope=repr(scope),
        choices="; ".join(options.values()),
        default=options[DEFAULT_SCOPE].lower(),
    )


def comparable_default(params: RankingParams) -> RankingParams:
    """The official default method and weights, in the scenario's scope and periods."""
    return RankingParams(period=params.period, scope=params.scope, baseline=params.baseline)


def compare(default: pd.DataFrame, scenario: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """One row per unit: default rank, scenario rank and shift (positive = moved up), with the shift
    as shown (``movement``: arrows, or "not ranked" in ``lang``).

    Examples
    --------
    >>> d = pd.DataFrame({"unit_id": ["a", "b"], "unit_name": ["A", "B"], "district": "x", "state": "y",
    ...                   "composite": [2.0, 1.0], "rank": pd.array([1, 2], dtype="Int64")})
    >>> s = d.assign(composite=[1.0, 2.0], rank=pd.array([2, 1], dtype="Int64"))
    >>> compare(d, s)[["unit_id", "shift", "movement"]].values.tolist()
    [['b', 1, '▲ 1'], ['a', -1, '▼ 1']]
    """
    keep = ["unit_id", "unit_name", "district", "state", "composite", "rank"]
    joined = default[keep].merge(
        scenario[["unit_id", "composite", "rank"]], on="unit_id", suffixes=("_default", "_scenario")
    )
    joined["shift"] = (joined.rank_default - joined.rank_scenario).astype("Int64")
    joined["movement"] = joined["shift"].map(lambda shift: _arrow(shift, lang))
    return joined.sort_values(["rank_scenario", "unit_name"], na_position="last").reset_index(drop=True)


def _arrow(shift, lang: str = "en") -> str:
    if pd.isna(shift):
        return tr(lang, "not ranked")
    return "–" if shift == 0 else (f"▲ {shift}" if shift > 0 else f"▼ {-shift}")


def summary_sentence(comparison: pd.DataFrame, big_move: int = 10, top_n: int = 10, lang: str = "en") -> str:
    """Plain-language summary in ``lang``, e.g. '12 blocks move 10 or more places; the top 10 keeps 8 of
    its 10 members; the largest move is 31 places.'"""
    ranked = comparison.dropna(subset=["shift"])
    if ranked.empty:
        return tr(lang, "No block is ranked under both the default and this scenario.")
    movers = int((ranked["shift"].abs() >= big_move).sum())
    top_default = set(ranked.loc[ranked.rank_default <= top_n, "unit_id"])
    top_scenario = set(ranked.loc[ranked.rank_scenario <= top_n, "unit_id"])
    largest = int(ranked["shift"].abs().max())
    moves = (
        tr(lang, "1 block moves {big} or more places", big=big_move)
        if movers == 1
        else tr(lang, "{count} blocks move {big} or more places", count=movers, big=big_move)
    )
    kept = tr(
        lang,
        "the top {n} keeps {kept} of its {members} members",
        n=top_n,
        kept=len(top_default & top_scenario),
        members=len(top_default),
    )
    largest_move = (
        tr(lang, "the largest move is 1 place")
        if largest == 1
        else tr(lang, "the largest move is {places} places", places=largest)
    )
    return tr(lang, "{moves}; {kept}; {largest}.", moves=moves, kept=kept, largest=largest_move)


def biggest_movers(comparison: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` units with the largest absolute rank shift (ties broken by default rank)."""
    ranked = comparison.dropna(subset=["shift"]).copy()
    ranked["abs_shift"] = ranked["shift"].abs()
    return ranked.sort_values(["abs_shift", "rank_default"], ascending=[False, True]).head(n).drop(columns="abs_shift")


# Downloads of the What-if page: column -> (header, decimals), for lib.exports.readable_table.
# A change in rank is a signed whole number (the arrows are for the screen); scores keep 2 decimals.
# Headers are in ``lang``; ``unit_header`` names the unit ("Block", or "District" for district data).
def ranks_export_columns(unit_header: str = "Block", baseline: date | None = None, lang: str = "en") -> dict:
    """The scenario-vs-default ranks table (:func:`compare`, with the delta columns under a baseline)."""
    columns = {
        "rank_scenario": (tr(lang, "Scenario rank"), 0),
        "shift": (tr(lang, "Change in rank vs default (+ = up)"), 0),
        "unit_name": (unit_header, None),
        **_places(lang),
        "rank_default": (tr(lang, "Default rank"), 0),
        "composite_scenario": (tr(lang, "Scenario score"), 2),
        "composite_default": (tr(lang, "Default score"), 2),
    }
    if baseline:
        columns |= {
            "delta": (tr(lang, "Change in score since {period}", period=label(baseline)), 2),
            "delta_rank": (tr(lang, "Delta rank"), 0),
        }
    return columns


def a_vs_b_export_columns(unit_header: str = "Block", lang: str = "en") -> dict:
    """Two saved scenarios side by side (:func:`compare` of A's table with B's)."""
    return {
        "rank_default": (tr(lang, "Rank A"), 0),
        "rank_scenario": (tr(lang, "Rank B"), 0),
        "shift": (tr(lang, "Change in rank from A to B (+ = up)"), 0),
        "unit_name": (unit_header, None),
        **_places(lang),
        "composite_default": (tr(lang, "Score A"), 2),
        "composite_scenario": (tr(lang, "Score B"), 2),
    }


def uncertainty_export_columns(unit_header: str = "Block", lang: str = "en") -> dict:
    """Monte Carlo rank intervals (:func:`lib.scoring.uncertainty.summarise`)."""
    return {
        "unit_id": (tr(lang, "{unit} code", unit=unit_header), None),
        "unit_name": (unit_header, None),
        **_places(lang),
        "rank": (tr(lang, "Rank"), 0),
        "composite": (tr(lang, "Score"), 2),
        "median_rank": (tr(lang, "Median rank over the draws"), 1),
        "rank_p05": (tr(lang, "5th percentile rank"), 1),
        "rank_p95": (tr(lang, "95th percentile rank"), 1),
        "share_above_next": (tr(lang, "Share of draws ranked above the next block"), 2),
        "distinct_from_next": (tr(lang, "Distinct from the next block (above it in 95% of draws)"), None),
    }


def _places(lang: str) -> dict:
    return {"district": (tr(lang, "District"), None), "state": (tr(lang, "State / UT"), None)}
