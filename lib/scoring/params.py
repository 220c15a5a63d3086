"""Ranking parameters: one frozen dataclass, presets, and text forms for the CLI and URLs."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

from lib.i18n import tr
from lib.periods import label, parse_period

GROUPS = ("health", "nutrition", "education", "agriculture", "infrastructure", "social")
GROUP_LABELS = {
    "health": "Health",
    "nutrition": "Nutrition",
    "education": "Education",
    "agriculture": "Agriculture & Allied",
    "infrastructure": "Basic Infrastructure",
    "social": "Social Development",
}
METHODS = ("balanced", "frontier", "zscore", "percentile")
NORMALISATIONS = ("percent", "minmax", "zscore", "percentile")
AGGREGATIONS = ("arithmetic", "geometric")
# Method -> (normalisation, default aggregation at both levels)
METHOD_DEFAULTS = {
    "balanced": ("percent", "geometric"),
    "frontier": ("minmax", "arithmetic"),
    "zscore": ("zscore", "arithmetic"),
    "percentile": ("percentile", "arithmetic"),
}
EQUAL_WEIGHTS = {group: 10.0 for group in GROUPS}  # only ratios matter; 10 matches the UI's 0-50 points
# ADP (Aspirational Districts) weights; "Health & Nutrition" 30 is split equally
# between our separate Health and Nutrition groups.
ADP_WEIGHTS = {
    "health": 15.0,
    "nutrition": 15.0,
    "education": 30.0,
    "agriculture": 20.0,
    "social": 10.0,
    "infrastructure": 10.0,
}
WEIGHT_PRESETS = {"equal": EQUAL_WEIGHTS, "adp": ADP_WEIGHTS}
DEFAULT_SCOPE = "aspirational"  # the programme's blocks, ranked among themselves


@dataclass(frozen=True)
class RankingParams:
    """Everything that determines a ranking.

    Parameters
    ----------
    period : the period to score (first day of a month).
    method : ``balanced`` (NITI's Most Balanced Performer), ``frontier``
        (ADP distance to frontier), ``zscore`` or ``percentile``.
    indicator_aggregation, theme_aggregation : ``arithmetic`` or
        ``geometric``; ``None`` takes the method's default.
    theme_weights : group -> weight (any positive scale; only ratios matter).
    indicator_weights : indicator -> weight within its group (default 1);
        weight 0 excludes the indicator.
    max_missing_share : a unit missing more than this share of the included
        indicators is not ranked.
    scope : which units are normalised and ranked together, e.g.
        ``aspirational``, ``all``, ``state=Bihar``, ``aspirational,cohort=jica_phase_1``.
    baseline : optional earlier period for delta ranking.
    """

    period: date
    method: str = "balanced"
    indicator_aggregation: str | None = None
    theme_aggregation: str | None = None
    theme_weights: tuple[tuple[str, float], ...] = tuple(EQUAL_WEIGHTS.items())
    indicator_weights: tuple[tuple[str, float], ...] = ()
    max_missing_share: float = 0.20
    scope: str = DEFAULT_SCOPE
    baseline: date | None = None
    floor: float = field(default=0.01, repr=False)

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"method {self.method!r} is not one of {', '.join(METHODS)}")
        for name in ("indicator_aggregation", "theme_aggregation"):
            value = getattr(self, name)
            if value is not None and value not in AGGREGATIONS:
                raise ValueError(f"{name.replace('_', ' ')} {value!r} is not one of {', '.join(AGGREGATIONS)}")
        if self.normalisation == "zscore" and "geometric" in (
            self.aggregation_at("indicator"),
            self.aggregation_at("theme"),
        ):
            raise ValueError(
                "geometric aggregation needs positive scores and z-scores are not; "
                "use arithmetic aggregation with the z-score method"
            )
        unknown = [g for g, _ in self.theme_weights if g not in GROUPS]
        if unknown:
            raise ValueError(f"unknown theme(s) {', '.join(unknown)}; themes are {', '.join(GROUPS)}")
        for name, weight in self.theme_weights + self.indicator_weights:
            if not math.isfinite(weight) or weight < 0:
                raise ValueError(
                    f"weight {weight} for {name} is negative or not a finite number; use a number of 0 or more"
                )
        if not any(w > 0 for _, w in self.theme_weights):
            raise ValueError("at least one theme needs a weight above 0")
        if not 0.0 <= self.max_missing_share < 1.0:
            raise ValueError(f"max missing share {self.max_missing_share} must be from 0 to below 1")

    @property
    def normalisation(self) -> str:
        return METHOD_DEFAULTS[self.method][0]

    def aggregation_at(self, level: str) -> str:
        chosen = self.indicator_aggregation if level == "indicator" else self.theme_aggregation
        return chosen or METHOD_DEFAULTS[self.method][1]

    def theme_weight_map(self) -> dict[str, float]:
        weights = dict.fromkeys(GROUPS, 0.0)
        weights.update(dict(self.theme_weights))
        return weights

    def indicator_weight_map(self) -> dict[str, float]:
        return dict(self.indicator_weights)

    def with_weights(
        self, theme_weights: dict[str, float] | None = None, indicator_weights: dict[str, float] | None = None
    ) -> RankingParams:
        """A copy with new weights (a what-if replay)."""
        changes = {}
        if theme_weights is not None:
            changes["theme_weights"] = tuple((g, float(theme_weights.get(g, 0.0))) for g in GROUPS)
        if indicator_weights is not None:
            changes["indicator_weights"] = tuple(
                sorted((k, float(v)) for k, v in indicator_weights.items() if v != 1.0)
            )
        return replace(self, **changes)

    def describe(self, lang: str = "en", scope_name: str | None = None) -> str:
        """One line a person can read: method, aggregation, weights, scope (``scope_name``, or the
        scope's code), in ``lang``."""
        shares = ", ".join(
            f"{tr(lang, GROUP_LABELS[g])} {share}" for g, share in share_labels(self.theme_weight_map()).items()
        )
        return tr(
            lang,
            "{method} ({normalisation}; {inner} within themes, {outer} across themes); weights {shares}; "
            "scope {scope}; period {period}",
            method=tr(lang, self.method),
            normalisation=tr(lang, self.normalisation),
            inner=tr(lang, self.aggregation_at("indicator")),
            outer=tr(lang, self.aggregation_at("theme")),
            shares=shares,
            scope=scope_name or self.scope,
            period=label(self.period),
        ) + (tr(lang, " vs {baseline}", baseline=label(self.baseline)) if self.baseline else "")


def share_labels(weights: dict[str, float]) -> dict[str, str]:
    """Each weight's share of the total, as shown to people: a percentage to one decimal.

    Equal weights read the same ("16.7%" each of six), so the shown shares need not add up to
    exactly 100 (six times 16.7 is 100.2) rather than being nudged there; a whole share drops the
    ".0" ("50%"). All weights 0 read "0%".

    Examples
    --------
    >>> share_labels(dict.fromkeys("abcdef", 1.0))
    {'a': '16.7%', 'b': '16.7%', 'c': '16.7%', 'd': '16.7%', 'e': '16.7%', 'f': '16.7%'}
    >>> share_labels({"health": 1.0, "education": 2.0, "social": 1.0})
    {'health': '25%', 'education': '50%', 'social': '25%'}
    """
    total = sum(weights.values())
    return {name: _percent_text(100.0 * weight / total if total else 0.0) for name, weight in weights.items()}


def _percent_text(percent: float) -> str:
    text = f"{percent:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + "%"


def official_default(period: date, baseline: date | None = None) -> RankingParams:
    """NITI's Most Balanced Performer method with equal theme weights, among aspirational blocks."""
    return RankingParams(period=period, baseline=baseline)


def parse_weights(text: str | None) -> dict[str, float]:
    """Parse ``health=30,nutrition=20`` or a preset name (``equal``, ``adp``).

    Themes not named get weight 0 when any theme is named.

    Examples
    --------
    >>> parse_weights("health=30,education=70")["education"]
    70.0
    >>> parse_weights("adp")["education"]
    30.0
    """
    if not text:
        return dict(EQUAL_WEIGHTS)
    if text.strip().lower() in WEIGHT_PRESETS:
        return dict(WEIGHT_PRESETS[text.strip().lower()])
    weights = dict.fromkeys(GROUPS, 0.0)
    for part in text.split(","):
        name, sep, number = part.partition("=")
        name = name.strip().lower()
        if not sep or name not in GROUPS:
            raise ValueError(
                f"weight {part.strip()!r} should look like THEME=NUMBER with THEME one of "
                f"{', '.join(GROUPS)}, or use a preset: {', '.join(WEIGHT_PRESETS)}"
            )
        try:
            weights[name] = float(number)
        except ValueError:
            raise ValueError(f"weight for {name} must be a number, got {number.strip()!r}") from None
    return weights


def params_from_text(
    period: str,
    method: str = "balanced",
    aggregation: str | None = None,
    weights: str | None = None,
    scope: str = "aspirational",
    baseline: str | None = None,
) -> RankingParams:
    """Build parameters from CLI-style text (used by the CLI and URL parsing)."""
    return RankingParams(
        period=parse_period(period),
        method=method,
        indicator_aggregation=aggregation,
        theme_aggregation=aggregation,
        theme_weights=tuple(parse_weights(weights).items()),
        scope=scope,
        baseline=parse_period(baseline) if baseline else None,
    )
