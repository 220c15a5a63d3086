"""What an evaluation is asked to do: one frozen dataclass, so a run can be
cached, put in a URL and replayed with one choice changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

COMPARISONS = {
    "all": "all non-pilot aspirational blocks",
    "states": "non-pilot aspirational blocks in the pilot blocks' states",
    "matched": "matched non-pilot aspirational blocks",
}
DEFAULT_COMPARISON = "matched"  # least biased in the demo's simulation study (README: pilot evaluation)
ESTIMATORS = {
    "sunab": "Interaction-weighted DiD (Sun-Abraham / Wooldridge; heterogeneity-robust)",
    "did2s": "Gardner two-stage DiD (heterogeneity-robust)",
    "twfe": "Two-way fixed effects DiD",
}
SHORT_NAMES = {  # for tables and chart legends
    "sunab": "Sun-Abraham (interaction-weighted)",
    "did2s": "Two-stage DiD (Gardner)",
    "twfe": "Two-way fixed effects",
    "naive": "Naive (not causal)",
}
NAIVE = "naive"
NAIVE_LABEL = "Naive: difference of averages after the start (not causal)"
MAX_WINDOW_MONTHS = 36


@dataclass(frozen=True)
class Cohort:
    """Blocks that started a pilot in the same month."""

    cohort_id: str
    name: str
    start: date
    members: tuple[str, ...]


@dataclass(frozen=True)
class MatchingOptions:
    """Nearest-neighbour matching on pre-start levels and trends.

    neighbours : comparison blocks per pilot block.
    replacement : may one comparison block serve several pilot blocks?
    caliper : largest allowed difference in the outcome's pre-start level, in
        standard deviations of that level; ``None`` for no caliper.
    exact_state : match only within the same state.
    """

    neighbours: int = 2
    replacement: bool = False
    caliper: float | None = 0.25
    exact_state: bool = False

    def __post_init__(self):
        if not 1 <= self.neighbours <= 10:
            raise ValueError(f"neighbours must be between 1 and 10, got {self.neighbours}")
        if self.caliper is not None and not self.caliper > 0:
            raise ValueError(f"caliper must be a positive number of standard deviations, got {self.caliper}")


@dataclass(frozen=True)
class EvaluationSpec:
    """One evaluation: cohorts, outcome, comparison pool, headline estimator and window.

    outcome : an indicator id, ``theme:<group>`` or ``composite``.
    pre_months, post_months : event window; months before the start used as the
        baseline, and months from the start (month 0) that the effect averages over.
    """

    cohorts: tuple[Cohort, ...]
    outcome: str
    comparison: str = DEFAULT_COMPARISON
    estimator: str = "sunab"
    pre_months: int = 12
    post_months: int = 12
    matching: MatchingOptions = field(default_factory=MatchingOptions)

    def __post_init__(self):
        if not self.cohorts:
            raise ValueError("choose at least one pilot cohort")
        ids = [c.cohort_id for c in self.cohorts]
        if len(set(ids)) < len(ids):
            raise ValueError(
                f"two chosen cohorts share the id {sorted({i for i in ids if ids.count(i) > 1})}; "
                "rename one (an uploaded cohort may not reuse the name of a cohort in the database)"
            )
        if self.comparison not in COMPARISONS:
            raise ValueError(f"comparison {self.comparison!r} is not one of {', '.join(COMPARISONS)}")
        if self.estimator not in ESTIMATORS:
            raise ValueError(f"estimator {self.estimator!r} is not one of {', '.join(ESTIMATORS)}")
        for name in ("pre_months", "post_months"):
            value = getattr(self, name)
            if not 1 <= value <= MAX_WINDOW_MONTHS:
                raise ValueError(f"{name.replace('_', ' ')} must be between 1 and {MAX_WINDOW_MONTHS}, got {value}")
        if self.pre_months < 2:
            raise ValueError("pre months must be at least 2: one reference month and one to test trends")

    @property
    def staggered(self) -> bool:
        return len({c.start for c in self.cohorts}) > 1
