"""Evaluation results in plain language: the headline sentence and the warnings."""

from __future__ import annotations

import math

from lib.evaluation.estimators import Estimate, PretrendTest
from lib.evaluation.outcomes import OutcomeInfo
from lib.evaluation.spec import COMPARISONS, EvaluationSpec

FEW_TREATED = 20        # below this, clustered standard errors can be too small (Conley & Taber 2011)
FEW_COMPARISON = 20
PRETREND_ALPHA = 0.05
EXCLUDED_SHARE_WARNING = 0.2


def _number(value: float) -> str:
    return f"{value:.1f}" if abs(value) >= 0.05 or value == 0 else f"{value:.2f}"


def _comparison_phrase(spec: EvaluationSpec) -> str:
    return {"all": "all non-pilot aspirational blocks",
            "states": "non-pilot aspirational blocks in the same states",
            "matched": "matched comparison blocks"}[spec.comparison]


def _lower_first(text: str) -> str:
    """'Percentage of ...' -> 'percentage of ...', but acronyms ('ANC ...') stay."""
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


def headline(estimate: Estimate, outcome: OutcomeInfo, spec: EvaluationSpec, months: int, cohort_names: str) -> str:
    """One sentence a reader can quote, with the interval and what it means.

    Examples
    --------
    >>> from lib.evaluation.spec import Cohort
    >>> from datetime import date
    >>> e = Estimate("sunab", "SA", 4.1, 0.9, 2.3, 5.9, 0.001, 40, 120, 9000)
    >>> o = OutcomeInfo("anc", "ANC first-trimester registration", "ANC", "percentage points", True, "monthly")
    >>> s = EvaluationSpec((Cohort("c", "Phase I", date(2024, 4, 1), ("B1",)),), "anc", comparison="matched")
    >>> headline(e, o, s, 12, "Phase I").split(" Higher")[0]
    'In pilot blocks (Phase I), ANC first-trimester registration rose 4.1 percentage points more than in matched comparison blocks (95% CI 2.3 to 5.9) over the first 12 months from the start.'
    """
    verb = "rose" if estimate.estimate >= 0 else "fell"
    amount = f"{_number(abs(estimate.estimate))} {outcome.unit_word}".strip()
    sentence = (f"In pilot blocks ({cohort_names}), {_lower_first(outcome.label)} {verb} {amount} more than in "
                f"{_comparison_phrase(spec)} (95% CI {_number(estimate.ci_low)} to {_number(estimate.ci_high)}) "
                f"over the first {months} month{'s' if months != 1 else ''} from the start.")
    if estimate.ci_low <= 0 <= estimate.ci_high:
        return sentence + " The interval includes zero: the data are consistent with no effect."
    better = (estimate.estimate > 0) == outcome.higher_is_better
    direction = "higher" if outcome.higher_is_better else "lower"
    return sentence + f" {direction.capitalize()} is better, so this is {'an improvement' if better else 'a deterioration'} relative to the comparison."


def warnings_for(spec: EvaluationSpec, estimate: Estimate, pretrend: PretrendTest, months: int,
                 excluded: int, treated_asked: int, outcome: OutcomeInfo) -> list[str]:
    """Everything a reader should know before quoting the estimate."""
    notes = []
    if not math.isnan(pretrend.p_value) and pretrend.p_value < PRETREND_ALPHA:
        notes.append(f"Pre-start trends differ between pilot and comparison blocks (joint test p = {pretrend.p_value:.3f}): "
                     "the comparison may not show what pilot blocks would have done without the pilot. "
                     + ("Try the matched comparison." if spec.comparison != "matched" else "Treat the estimate with caution."))
    elif math.isnan(pretrend.p_value):
        notes.append("There are too few pre-start months with reports to test for different pre-trends.")
    if estimate.n_treated < FEW_TREATED:
        notes.append(f"Only {estimate.n_treated} pilot blocks: with fewer than {FEW_TREATED} treated clusters, "
                     "block-clustered standard errors can be too small. Read the interval as approximate.")
    if estimate.n_comparison < FEW_COMPARISON:
        notes.append(f"Only {estimate.n_comparison} comparison blocks: the comparison average is noisy.")
    if months < spec.post_months:
        notes.append(f"The data cover only {months} of the {spec.post_months} months after the start asked for.")
    if excluded and treated_asked and excluded / treated_asked >= EXCLUDED_SHARE_WARNING:
        notes.append(f"{excluded} of {treated_asked} pilot blocks were left out (no comparable block or no data); "
                     "the estimate describes the rest only.")
    if spec.estimator == "twfe" and spec.staggered:
        notes.append("Cohorts start in different months: two-way fixed effects can be biased when effects grow over "
                     "time. Prefer the heterogeneity-robust estimates shown beside it.")
    if outcome.periodicity != "monthly":
        notes.append(f"This indicator is reported {outcome.periodicity}, so the window holds few reports per block.")
    return notes


def comparison_description(spec: EvaluationSpec) -> str:
    return COMPARISONS[spec.comparison]
