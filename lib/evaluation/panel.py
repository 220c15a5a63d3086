"""The block x month panel an evaluation estimates on.

Pilot blocks contribute the months of their cohort's window (``pre_months``
before the start to ``post_months - 1`` after it); comparison blocks
contribute every month from the earliest window start to the latest window
end. The comparison pool is the aspirational blocks in no pilot cohort at all
(neither in the database nor among the cohorts chosen), optionally restricted
to the pilot blocks' states or matched (see :mod:`lib.evaluation.matching`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from lib.evaluation import matching
from lib.evaluation.cohorts import database_cohorts, overlapping_members
from lib.evaluation.outcomes import COMPOSITE, THEME_PREFIX, outcome_panel, score_panel
from lib.evaluation.spec import Cohort, EvaluationSpec
from lib.periods import label
from lib.scoring.matrix import block_units
from lib.scoring.params import GROUPS

MIN_BLOCKS = 2  # fewer pilot or comparison blocks than this cannot be estimated at all


@dataclass
class Panel:
    """The estimation sample and how it was chosen.

    frame : one row per block-month with a value: ``unit_id, state_id, cohort_id``
        ('' for comparison blocks), ``start_t`` (cohort start as a month index, -1
        for comparison), ``t`` (month index), ``period``, ``y``, ``rel`` (months
        since start, NaN for comparison), ``treated_post`` (0/1), ``weight``.
    excluded : pilot blocks left out, with the reason.
    balance, pairs : matching diagnostics (``None`` unless matched).
    """

    frame: pd.DataFrame
    cohorts: tuple[Cohort, ...]
    pool_size: int
    excluded: pd.DataFrame
    balance: pd.DataFrame | None = None
    pairs: pd.DataFrame | None = None
    months_covered: int = 0  # months from the start to the window's end within the data (longest cohort)

    @property
    def treated_ids(self) -> np.ndarray:
        return self.frame.loc[self.frame.cohort_id != "", "unit_id"].unique()

    @property
    def comparison_ids(self) -> np.ndarray:
        return self.frame.loc[self.frame.cohort_id == "", "unit_id"].unique()


def month_index(period) -> int:
    """Months since January of year 0, so consecutive months differ by one.

    Examples
    --------
    >>> month_index(date(2024, 4, 1)) - month_index(date(2023, 12, 1))
    4
    """
    stamp = pd.Timestamp(period)
    return stamp.year * 12 + stamp.month - 1


def _from_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def comparison_pool(blocks: pd.DataFrame, spec: EvaluationSpec, pilot_ids: set[str]) -> pd.DataFrame:
    """Aspirational blocks in no pilot cohort; only the pilot blocks' states for ``states``.

    ``blocks`` has ``unit_id, state_id, aspirational``.
    """
    pool = blocks[blocks.aspirational & ~blocks.unit_id.isin(pilot_ids)]
    if spec.comparison == "states":
        chosen = {u for c in spec.cohorts for u in c.members}
        pool = pool[pool.state_id.isin(set(blocks.loc[blocks.unit_id.isin(chosen), "state_id"]))]
    return pool


def windows(spec: EvaluationSpec, data_first: date, data_last: date) -> dict[str, tuple[int, int]]:
    """Cohort id -> (first, last) month index of its window, clipped to the data.

    Raises ``ValueError`` when a cohort has no month before or after its start in the data.
    """
    first_t, last_t = month_index(data_first), month_index(data_last)
    result = {}
    for cohort in spec.cohorts:
        start = month_index(cohort.start)
        if start <= first_t:
            raise ValueError(f"cohort '{cohort.name}' starts in {label(cohort.start)}, but the data begin in "
                             f"{label(data_first)}: there is no month before the start to compare with")
        if start > last_t:
            raise ValueError(f"cohort '{cohort.name}' starts in {label(cohort.start)}, after the latest data "
                             f"({label(data_last)}): there is nothing to evaluate yet")
        result[cohort.cohort_id] = (max(start - spec.pre_months, first_t), min(start + spec.post_months - 1, last_t))
    return result


def _check_members(spec: EvaluationSpec, blocks: pd.DataFrame) -> None:
    unknown = sorted({u for c in spec.cohorts for u in c.members} - set(blocks.unit_id))
    if unknown:
        raise ValueError(f"{len(unknown)} cohort member(s) are not blocks in the database: {', '.join(unknown[:10])}")
    clashes = overlapping_members(spec.cohorts)
    if clashes:
        raise ValueError(f"{len(clashes)} block(s) are in more than one of the chosen cohorts "
                         f"(e.g. {', '.join(clashes[:5])}); a block can start a pilot only once in one evaluation, "
                         "so choose cohorts that do not share blocks")


def _data_range(con: duckdb.DuckDBPyConnection, outcome: str) -> tuple[date, date]:
    if outcome == COMPOSITE or outcome.startswith(THEME_PREFIX):
        first, last = con.execute("SELECT min(period), max(period) FROM observations").fetchone()
    else:
        first, last = con.execute("SELECT min(period), max(period) FROM observations WHERE indicator_id = ?",
                                  [outcome]).fetchone()
    if first is None:
        raise ValueError(f"there are no observations for outcome {outcome!r}")
    return first, last


def build_panel(con: duckdb.DuckDBPyConnection, spec: EvaluationSpec) -> Panel:
    """Assemble pilot and comparison block-months for ``spec`` (matching when asked)."""
    blocks = block_units(con)
    _check_members(spec, blocks)
    pilot_ids = {u for c in database_cohorts(con) for u in c.members} | {u for c in spec.cohorts for u in c.members}
    pool = comparison_pool(blocks, spec, pilot_ids)
    cohort_windows = windows(spec, *_data_range(con, spec.outcome))
    first_t = min(w[0] for w in cohort_windows.values())
    last_t = max(w[1] for w in cohort_windows.values())
    states = blocks.set_index("unit_id").state_id
    members = pd.DataFrame([(u, c.cohort_id, month_index(c.start)) for c in spec.cohorts for u in c.members],
                           columns=["unit_id", "cohort_id", "start_t"])
    values = outcome_panel(con, spec.outcome, [*members.unit_id, *pool.unit_id], _from_index(first_t), _from_index(last_t))
    values["t"] = pd.DatetimeIndex(values.period).year * 12 + pd.DatetimeIndex(values.period).month - 1
    treated = values.merge(members, on="unit_id")
    bounds = treated.cohort_id.map({k: w[0] for k, w in cohort_windows.items()}), \
        treated.cohort_id.map({k: w[1] for k, w in cohort_windows.items()})
    treated = treated[(treated.t >= bounds[0]) & (treated.t <= bounds[1])]
    comparison = values[values.unit_id.isin(pool.unit_id)].assign(cohort_id="", start_t=-1)
    excluded = pd.DataFrame(columns=["unit_id", "cohort_id", "reason"])
    balance = pairs = None
    weights = pd.Series(1.0, index=pool.unit_id.to_numpy())
    if spec.comparison == "matched":
        weights, pairs, balance, excluded = _match(con, spec, members, pool, states, cohort_windows)
        treated = treated[~treated.unit_id.isin(excluded.unit_id)]
    comparison = comparison[comparison.unit_id.isin(weights.index)]
    frame = pd.concat([treated, comparison], ignore_index=True)
    frame["state_id"] = frame.unit_id.map(states)
    frame["weight"] = np.where(frame.cohort_id == "", frame.unit_id.map(weights), 1.0)
    frame["rel"] = np.where(frame.cohort_id == "", np.nan, frame.t - frame.start_t)
    frame["treated_post"] = ((frame.cohort_id != "") & (frame.rel >= 0)).astype(int)
    frame = frame[["unit_id", "state_id", "cohort_id", "start_t", "t", "period", "y", "rel", "treated_post", "weight"]]
    covered = max(cohort_windows[c.cohort_id][1] - month_index(c.start) + 1 for c in spec.cohorts)
    panel = Panel(frame.sort_values(["unit_id", "t"], ignore_index=True), spec.cohorts, len(pool), excluded, balance,
                  pairs, covered)
    _require_enough(panel, spec)
    return panel


def _require_enough(panel: Panel, spec: EvaluationSpec) -> None:
    treated, comparison = len(panel.treated_ids), len(panel.comparison_ids)
    if treated < MIN_BLOCKS or comparison < MIN_BLOCKS:
        raise ValueError(
            f"too few blocks to estimate: {treated} pilot and {comparison} comparison block(s) have data for "
            f"this outcome and window (at least {MIN_BLOCKS} of each are needed). "
            + ("Loosen the caliper or allow matches across states. " if spec.comparison == "matched" else "")
            + "Check that the outcome is reported in these months.")


def matching_features(con: duckdb.DuckDBPyConnection, spec: EvaluationSpec, unit_ids, window: tuple[int, int],
                      start_t: int) -> pd.DataFrame:
    """Pre-start level and trend of the outcome and each theme score, one row per unit."""
    first, last = _from_index(window[0]), _from_index(start_t - 1)
    scores = score_panel(con, unit_ids, first, last)
    scores["t"] = pd.DatetimeIndex(scores.period).year * 12 + pd.DatetimeIndex(scores.period).month - 1
    parts = [matching.level_and_trend(scores, group, group) for group in GROUPS]
    if not spec.outcome.startswith(THEME_PREFIX):
        outcome = outcome_panel(con, spec.outcome, unit_ids, first, last) if spec.outcome != COMPOSITE \
            else scores[["unit_id", "period", COMPOSITE]].rename(columns={COMPOSITE: "y"})
        outcome["t"] = pd.DatetimeIndex(outcome.period).year * 12 + pd.DatetimeIndex(outcome.period).month - 1
        parts.insert(0, matching.level_and_trend(outcome, "y", "outcome"))
    return pd.concat(parts, axis=1).reindex(list(unit_ids))


def _match(con, spec: EvaluationSpec, members: pd.DataFrame, pool: pd.DataFrame, states: pd.Series,
           cohort_windows: dict) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Match each cohort separately on its own pre-start window; weights add up over cohorts."""
    all_pairs, tables, excluded = [], [], []
    for cohort in spec.cohorts:
        start_t = month_index(cohort.start)
        ids = members.loc[members.cohort_id == cohort.cohort_id, "unit_id"].tolist()
        features = matching.usable_features(
            matching_features(con, spec, ids + pool.unit_id.tolist(), cohort_windows[cohort.cohort_id], start_t))
        treated_f = features[features.index.isin(ids)]
        pool_f = features[features.index.isin(pool.unit_id)]
        excluded += [(u, cohort.cohort_id, "no pre-start data to match on") for u in ids if u not in treated_f.index]
        if treated_f.empty or pool_f.empty:
            continue
        caliper_on = next((c for c in ("outcome_level", spec.outcome.removeprefix(THEME_PREFIX) + "_level") if c in features),
                          None)
        pairs = matching.nearest_neighbours(treated_f, pool_f, spec.matching, states, states,
                                            caliper_on).assign(cohort_id=cohort.cohort_id)
        excluded += [(u, cohort.cohort_id, "no comparison block within the caliper")
                     for u in treated_f.index if u not in set(pairs.treated_id)]
        matched_t = treated_f.loc[treated_f.index.isin(pairs.treated_id)]
        table = matching.balance_table(treated_f, pool_f, matched_t, matching.comparison_weights(pairs)) if len(pairs) \
            else matching.balance_table(treated_f, pool_f)
        tables.append(table.assign(cohort_id=cohort.cohort_id, cohort=cohort.name))
        all_pairs.append(pairs)
    pairs = pd.concat(all_pairs, ignore_index=True) if all_pairs else \
        pd.DataFrame(columns=["treated_id", "comparison_id", "distance", "cohort_id"])
    per_cohort = [matching.comparison_weights(p) for p in all_pairs if len(p)]
    weights = pd.concat(per_cohort).groupby(level=0).sum() if per_cohort else pd.Series(dtype=float)
    balance = pd.concat(tables, ignore_index=True) if tables else None
    return weights, pairs, balance, pd.DataFrame(excluded, columns=["unit_id", "cohort_id", "reason"])
