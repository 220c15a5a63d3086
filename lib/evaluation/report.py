"""Evaluation results in plain language: the headline sentence and the warnings."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from lib.evaluation.estimators import Estimate, PretrendTest
from lib.evaluation.outcomes import COMPOSITE, THEME_PREFIX, OutcomeInfo
from lib.evaluation.spec import NAIVE, EvaluationSpec
from lib.i18n import tr
from lib.scoring.params import GROUP_LABELS

FEW_TREATED = 20  # below this, clustered standard errors can be too small (Conley & Taber 2011)
FEW_COMPARISON = 20
PRETREND_ALPHA = 0.05
EXCLUDED_SHARE_WARNING = 0.2
MIN_FOR_VERDICT = 5  # below this many pilot blocks the headline gives no improvement/deterioration verdict
IMBALANCED_SMD = 0.25  # |standardised difference| above this after matching is warned about (Stuart 2010)
MAX_LISTED = 4  # imbalanced variables named in the warning (the Balance tab shows all)
DESIGN_SHORT = {"matched": "matched blocks", "states": "same-state blocks", "all": "all non-pilot blocks"}


def _number(value: float) -> str:
    """One decimal, two for small values; never '-0.0'.

    Examples
    --------
    >>> [_number(v) for v in (4.71, -0.004, 0.031, -2.0)]
    ['4.7', '0.00', '0.03', '-2.0']
    """
    text = f"{value:.1f}" if abs(value) >= 0.05 or value == 0 else f"{value:.2f}"
    return text.lstrip("-") if float(text) == 0 else text


def balance_label(variable: str, outcome_label: str, lang: str = "en") -> str:
    """'outcome_level' -> 'ANC ...: pre-start level'; 'health_trend' -> 'Health theme: pre-start trend'."""
    subject, _, kind = variable.rpartition("_")
    if subject == "outcome":
        name = outcome_label
    else:
        name = tr(lang, "{theme} theme", theme=tr(lang, GROUP_LABELS[subject]) if subject in GROUP_LABELS else subject)
    if kind == "level":
        return tr(lang, "{name}: pre-start level", name=name)
    if kind == "trend":
        return tr(lang, "{name}: pre-start trend", name=name)
    return f"{name}: {kind}"


COMPARISON_PHRASES = {
    "all": "all non-pilot aspirational blocks",
    "states": "non-pilot aspirational blocks in the same states",
    "matched": "matched comparison blocks",
}


def _comparison_phrase(spec: EvaluationSpec, lang: str = "en") -> str:
    return tr(lang, COMPARISON_PHRASES[spec.comparison])


def _lower_first(text: str) -> str:
    """'Percentage of ...' -> 'percentage of ...', but acronyms ('ANC ...') stay."""
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def _subject(outcome: OutcomeInfo, lang: str = "en") -> str:
    """How the outcome reads inside a sentence: indicator names lower-cased, scores with 'the' (English)."""
    if lang != "en":
        return outcome.label
    if outcome.outcome == COMPOSITE or outcome.outcome.startswith(THEME_PREFIX):
        return "the " + outcome.label  # 'the Agriculture & Allied theme score' keeps its capitals
    return _lower_first(outcome.label)


def months_phrase(months: dict[str, str | int], names: dict[str, str], lang: str = "en") -> str:
    """'the first 12 months', or with cohorts of different lengths 'the first 12 months (Phase II: 6)'.

    Examples
    --------
    >>> months_phrase({"a": 12, "b": 6}, {"a": "Phase I", "b": "Phase II"})
    'the first 12 months from the start (Phase II: only 6)'
    """
    longest = max(months.values())
    shorter = [tr(lang, "{cohort}: only {months}", cohort=names[c], months=m) for c, m in months.items() if m < longest]
    phrase = (
        tr(lang, "the first 1 month from the start")
        if longest == 1
        else tr(lang, "the first {months} months from the start", months=longest)
    )
    return phrase + (f" ({'; '.join(shorter)})" if shorter else "")


# The headline sentence, by the direction of the (rounded) estimate; then the verdict, by (higher is
# better, the estimate is better).
HEADLINES = {
    "same": "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} different "
    "from {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).",
    "higher": "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} higher "
    "than in {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).",
    "lower": "Design: {design}. Averaged over {months}, {outcome} in pilot blocks ({cohorts}) was {amount} lower "
    "than in {design}, after allowing for how the two groups differed before the start (95% CI {low} to {high}).",
}
VERDICTS = {
    (True, True): "Higher is better, so this is an improvement relative to the comparison.",
    (True, False): "Higher is better, so this is a deterioration relative to the comparison.",
    (False, True): "Lower is better, so this is an improvement relative to the comparison.",
    (False, False): "Lower is better, so this is a deterioration relative to the comparison.",
}


def headline(
    estimate: Estimate, outcome: OutcomeInfo, spec: EvaluationSpec, months: dict[str, int], lang: str = "en"
) -> str:
    """One sentence a reader can quote, with the interval and what it means.

    Examples
    --------
    >>> from lib.evaluation.spec import Cohort
    >>> from datetime import date
    >>> e = Estimate("sunab", "SA", 4.1, 0.9, 2.3, 5.9, 0.001, 40, 120, 9000, 39)
    >>> o = OutcomeInfo("anc", "ANC first-trimester registration", "ANC", "percentage points", True, "monthly")
    >>> s = EvaluationSpec((Cohort("c", "Phase I", date(2024, 4, 1), ("B1",)),), "anc", comparison="matched")
    >>> headline(e, o, s, {"c": 12}).split(" Higher")[0]
    'Design: matched comparison blocks. Averaged over the first 12 months from the start, ANC first-trimester registration in pilot blocks (Phase I) was 4.1 percentage points higher than in matched comparison blocks, after allowing for how the two groups differed before the start (95% CI 2.3 to 5.9).'
    """
    names = {c.cohort_id: c.name for c in spec.cohorts}
    rounded = _number(abs(estimate.estimate))
    values = {
        "design": _comparison_phrase(spec, lang),
        "months": months_phrase(months, names, lang),
        "outcome": _subject(outcome, lang),
        "cohorts": ", ".join(names.values()),
        "amount": f"{rounded} {outcome.unit_word}".strip(),
        "low": _number(estimate.ci_low),
        "high": _number(estimate.ci_high),
    }
    direction = "same" if float(rounded) == 0 else ("higher" if estimate.estimate > 0 else "lower")
    sentence = tr(lang, HEADLINES[direction], **values)
    if estimate.ci_low <= 0 <= estimate.ci_high:
        largest = estimate.ci_high if abs(estimate.ci_high) >= abs(estimate.ci_low) else estimate.ci_low
        return (
            sentence
            + " "
            + tr(
                lang,
                "The interval includes zero: the data cannot rule out no effect, nor an effect as large as {largest}.",
                largest=_number(largest),
            )
        )
    if estimate.n_treated < MIN_FOR_VERDICT:
        return (
            sentence
            + " "
            + tr(lang, "With only {count} pilot blocks this is too thin for a verdict.", count=estimate.n_treated)
        )
    better = (estimate.estimate > 0) == outcome.higher_is_better
    return sentence + " " + tr(lang, VERDICTS[(outcome.higher_is_better, better)])


def warnings_for(
    spec: EvaluationSpec,
    estimate: Estimate,
    pretrend: PretrendTest,
    months: dict[str, int],
    excluded: int,
    treated_asked: int,
    outcome: OutcomeInfo,
    balance: pd.DataFrame | None = None,
    notes: list[str] | None = None,
    lang: str = "en",
) -> list[str]:
    """Everything a reader should know before quoting the estimate, in ``lang`` (``notes`` come written)."""
    t = lambda template, **values: tr(lang, template, **values)  # noqa: E731
    found = list(notes or [])
    if not math.isnan(pretrend.p_value) and pretrend.p_value < PRETREND_ALPHA:
        found.append(
            t(
                "Pre-start trends differ between pilot and comparison blocks (joint test p = {p}): the comparison "
                "may not show what pilot blocks would have done without the pilot. Look at the event study: a "
                "steady drift before the start is a warning sign; isolated months are often noise.",
                p=f"{pretrend.p_value:.3f}",
            )
        )
    elif math.isnan(pretrend.p_value):
        found.append(
            t(
                "Pre-start trends cannot be tested: too few months with reports before the start, "
                "or too few pilot blocks for the number of months."
            )
        )
    if estimate.n_treated < FEW_TREATED:
        found.append(
            t(
                "Only {count} pilot blocks: with fewer than {few} treated clusters, block-clustered standard "
                "errors can be too small. Read the interval as approximate.",
                count=estimate.n_treated,
                few=FEW_TREATED,
            )
        )
    if estimate.n_comparison < FEW_COMPARISON:
        found.append(t("Only {count} comparison blocks: the comparison average is noisy.", count=estimate.n_comparison))
    names = {c.cohort_id: c.name for c in spec.cohorts}
    short = [f"{names[c]}: {m}" for c, m in months.items() if m < spec.post_months]
    if short:
        found.append(
            t(
                "The data cover fewer than the {months} months after the start asked for ({cohorts}).",
                months=spec.post_months,
                cohorts="; ".join(short),
            )
        )
    if excluded and treated_asked and excluded / treated_asked >= EXCLUDED_SHARE_WARNING:
        found.append(
            t(
                "{excluded} of {asked} pilot blocks were left out (each is listed with its reason); the estimate "
                "describes the rest only.",
                excluded=excluded,
                asked=treated_asked,
            )
        )
    if balance is not None and "smd_after" in balance:
        found += _imbalance_warning(balance, outcome, lang)
    if spec.estimator == "twfe" and spec.staggered:
        found.append(
            t(
                "Cohorts start in different months: two-way fixed effects can be biased when effects grow over "
                "time. Prefer the heterogeneity-robust estimates shown beside it."
            )
        )
    return found + _reporting_warning(outcome.periodicity, lang)


def _reporting_warning(periodicity: str, lang: str) -> list[str]:
    """An outcome reported less than monthly has few reports in the window."""
    if periodicity == "quarterly":
        return [tr(lang, "This indicator is reported once a quarter, so the window holds few reports per block.")]
    if periodicity == "annual":
        return [tr(lang, "This indicator is reported once a year, so the window holds few reports per block.")]
    if periodicity != "monthly":
        return [
            tr(
                lang,
                "This indicator is reported {how_often}, so the window holds few reports per block.",
                how_often=periodicity,
            )
        ]
    return []


def _imbalance_warning(balance: pd.DataFrame, outcome: OutcomeInfo, lang: str) -> list[str]:
    """The warning on matching variables still imbalanced after matching (none when all are within bounds)."""
    poor = balance[balance.smd_after.abs() > IMBALANCED_SMD]
    if not len(poor):
        return []
    several = balance.cohort.nunique() > 1
    listed = [
        f"{balance_label(row.variable, outcome.short_label, lang)}{f' ({row.cohort})' if several else ''}: "
        f"{row.smd_after:+.2f}"
        for row in poor.sort_values("smd_after", key=abs, ascending=False).itertuples()
    ]
    if len(listed) > MAX_LISTED:
        listed = listed[:MAX_LISTED] + [tr(lang, "and {count} more", count=len(listed) - MAX_LISTED)]
    return [
        tr(
            lang,
            "After matching, pilot and comparison blocks still differ by more than {smd} standardised differences "
            "on {count} matching variable(s): {listed}. Blocks that differed on these before the start may also "
            "have changed differently; see the Balance tab, and compare the designs.",
            smd=IMBALANCED_SMD,
            count=len(poor),
            listed="; ".join(listed),
        )
    ]


def design_agreement(designs: pd.DataFrame, spec: EvaluationSpec, lang: str = "en") -> str:
    """Whether the headline estimator gives the same answer under every comparison design.

    Two designs disagree when either's estimate lies outside the other's 95% interval.
    """
    rows = designs[(designs.estimator == spec.estimator) & designs.estimate.notna() & (designs.estimator != NAIVE)]
    rows = rows[rows.design.isin(DESIGN_SHORT)].set_index("design")
    if spec.comparison not in rows.index or len(rows) < 2:
        return ""
    own = rows.loc[spec.comparison]
    others = rows.drop(index=spec.comparison)

    def outside(a, b) -> bool:
        return not (b.ci_low <= a.estimate <= b.ci_high)

    clashes = [d for d, row in others.iterrows() if outside(row, own) or outside(own, row)]
    described = "; ".join(
        tr(
            lang,
            "{design} {estimate}, 95% CI {low} to {high}",
            design=tr(lang, DESIGN_SHORT[d]),
            estimate=_number(r.estimate),
            low=_number(r.ci_low),
            high=_number(r.ci_high),
        )
        for d, r in others.iterrows()
    )
    if not clashes:
        return tr(
            lang,
            "The other comparison designs agree within their intervals ({designs}): the answer does not hinge on "
            "the choice of comparison blocks.",
            designs=described,
        )
    return tr(
        lang,
        "The comparison designs disagree beyond their intervals ({designs}): the answer depends on which blocks "
        "the pilots are compared with. Matched blocks are the most like the pilots before the start; see the "
        "design comparison table before quoting a figure.",
        designs=described,
    )


def mde_sentence(mde: float, pilots: int, outcome: OutcomeInfo, spec: EvaluationSpec, lang: str = "en") -> str:
    """'With 6 pilot blocks and ..., this design can detect effects of about 6.1 percentage points or more ...'.

    Examples
    --------
    >>> from datetime import date
    >>> from lib.evaluation.spec import Cohort
    >>> o = OutcomeInfo("births", "Births", "Births", "", True, "monthly")  # a count: no unit word
    >>> s = EvaluationSpec((Cohort("c", "P", date(2024, 4, 1), ("B1",)),), "births", comparison="all")
    >>> mde_sentence(2.345, 6, o, s).split(" (80%")[0]
    'With 6 pilot blocks and all non-pilot aspirational blocks, this design can detect effects of about 2.3 or more'
    """
    if not np.isfinite(mde):
        return tr(lang, "The smallest effect this design can detect cannot be computed (no standard error).")
    return tr(
        lang,
        "With {pilots} pilot blocks and {design}, this design can detect effects of about {amount} or more "
        "(80% power, 5% two-sided test); a smaller true effect would often go unnoticed.",
        pilots=pilots,
        design=_comparison_phrase(spec, lang),
        amount=f"{_number(mde)} {outcome.unit_word}".strip(),
    )
