"""The block x month panel an evaluation estimates on.

Pilot blocks contribute the months of their cohort's window (``pre_months``
before the start to ``post_months - 1`` after it); comparison blocks
contribute every month from the earliest window start to the latest window
end. The comparison pool is the aspirational blocks in no pilot cohort at all
(neither in the database nor among the cohorts chosen), optionally restricted
to the pilot blocks' states or matched (see :mod:`lib.evaluation.matching`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from lib.evaluation import matching
from lib.evaluation.cohorts import database_cohorts, overlapping_members
from lib.evaluation.outcomes import COMPOSITE, THEME_PREFIX, outcome_panel, score_panel
from lib.evaluation.spec import Cohort, EvaluationSpec
from lib.i18n import tr
from lib.periods import from_month_index, label, month_index, month_indices
from lib.scoring.matrix import analysis_units
from lib.scoring.params import GROUPS

MIN_BLOCKS = 2  # fewer pilot or comparison blocks than this cannot be estimated at all
ALL_STACK = "all"  # the ``stack`` of every row when the comparison is not matched (one design, not stacked)


# Why a pilot block is left out of a panel (the panel's ``excluded.reason``; the page shows them translated).
NO_REPORTS = "no reports of this outcome in the window"
NO_REPORT_BEFORE = "no report before the start in the window"
NO_REPORT_AFTER = "no report from the start on in the window"
NO_MATCHING_VARIABLE = "a matching variable is missing before the start"
NO_MATCH = "no comparison block within the caliper"
EXCLUSION_REASONS = (NO_REPORTS, NO_REPORT_BEFORE, NO_REPORT_AFTER, NO_MATCHING_VARIABLE, NO_MATCH)


@dataclass
class Panel:
    """The estimation sample and how it was chosen.

    frame : one row per block-month with a value (per stack): ``unit_id, state_id,
        cohort_id`` ('' for comparison blocks), ``start_t`` (cohort start as a month
        index, -1 for comparison), ``t`` (month index), ``period``, ``y``, ``rel``
        (months since start, NaN for comparison), ``treated_post`` (0/1),
        ``weight``, ``stack`` (``all``, or with matching the cohort whose matches a
        row belongs to), ``fe_unit`` and ``fe_time`` (fixed-effect keys: block and
        month, per stack).
    excluded : pilot blocks left out, with the reason.
    balance, pairs : matching diagnostics (``None`` unless matched).
    """

    frame: pd.DataFrame
    cohorts: tuple[Cohort, ...]
    excluded: pd.DataFrame
    balance: pd.DataFrame | None = None
    pairs: pd.DataFrame | None = None
    months_covered: dict[str, int] = field(default_factory=dict)  # cohort id -> months from the start in the data
    notes: list[str] = field(default_factory=list)  # facts a reader should know (become warnings)

    @property
    def treated_ids(self) -> np.ndarray:
        return self.frame.loc[self.frame.cohort_id != "", "unit_id"].unique()

    @property
    def comparison_ids(self) -> np.ndarray:
        return self.frame.loc[self.frame.cohort_id == "", "unit_id"].unique()


def comparison_pool(blocks: pd.DataFrame, spec: EvaluationSpec, pilot_ids: set[str]) -> pd.DataFrame:
    """Aspirational blocks in no pilot cohort; only the pilot blocks' states for ``states``.

    ``blocks`` has ``unit_id, state_id, aspirational``.
    """
    pool = blocks[blocks.aspirational & ~blocks.unit_id.isin(pilot_ids)]
    if spec.comparison == "states":
        chosen = {u for c in spec.cohorts for u in c.members}
        pool = pool[pool.state_id.isin(set(blocks.loc[blocks.unit_id.isin(chosen), "state_id"]))]
    return pool


def windows(spec: EvaluationSpec, data_first: date, data_last: date, lang: str = "en") -> dict[str, tuple[int, int]]:
    """Cohort id -> (first, last) month index of its window, clipped to the data.

    Raises ``ValueError`` when a cohort has no month before or after its start in the data.
    """
    first_t, last_t = month_index(data_first), month_index(data_last)
    result = {}
    for cohort in spec.cohorts:
        start = month_index(cohort.start)
        if start <= first_t:
            raise ValueError(
                tr(
                    lang,
                    "cohort '{cohort}' starts in {start}, but the data begin in {first}: there is no month before "
                    "the start to compare with",
                    cohort=cohort.name,
                    start=label(cohort.start),
                    first=label(data_first),
                )
            )
        if start > last_t:
            raise ValueError(
                tr(
                    lang,
                    "cohort '{cohort}' starts in {start}, after the latest data ({last}): there is nothing to "
                    "evaluate yet",
                    cohort=cohort.name,
                    start=label(cohort.start),
                    last=label(data_last),
                )
            )
        result[cohort.cohort_id] = (max(start - spec.pre_months, first_t), min(start + spec.post_months - 1, last_t))
    return result


def _check_members(spec: EvaluationSpec, blocks: pd.DataFrame) -> None:
    unknown = sorted({u for c in spec.cohorts for u in c.members} - set(blocks.unit_id))
    if unknown:
        raise ValueError(f"{len(unknown)} cohort member(s) are not blocks in the database: {', '.join(unknown[:10])}")
    clashes = overlapping_members(spec.cohorts)
    if clashes:
        raise ValueError(
            f"{len(clashes)} block(s) are in more than one of the chosen cohorts "
            f"(e.g. {', '.join(clashes[:5])}); a block can start a pilot only once in one evaluation, "
            "so choose cohorts that do not share blocks"
        )


def _data_range(con: duckdb.DuckDBPyConnection, outcome: str) -> tuple[date, date]:
    if outcome == COMPOSITE or outcome.startswith(THEME_PREFIX):
        first, last = con.execute("SELECT min(period), max(period) FROM observations").fetchone()
    else:
        first, last = con.execute(
            "SELECT min(period), max(period) FROM observations WHERE indicator_id = ?", [outcome]
        ).fetchone()
    if first is None:
        raise ValueError(f"there are no observations for outcome {outcome!r}")
    return first, last


def build_panel(con: duckdb.DuckDBPyConnection, spec: EvaluationSpec, lang: str = "en") -> Panel:
    """Assemble pilot and comparison block-months for ``spec`` (matching when asked); notes and the
    reasons it cannot be built are written in ``lang`` (the excluded blocks' reasons stay
    :data:`EXCLUSION_REASONS`, for the page to translate)."""
    blocks = analysis_units(con)
    _check_members(spec, blocks)
    pilot_ids = {u for c in database_cohorts(con) for u in c.members} | {u for c in spec.cohorts for u in c.members}
    pool = comparison_pool(blocks, spec, pilot_ids)
    if pool.empty:
        raise ValueError(
            tr(
                lang,
                "there are no non-pilot aspirational blocks to compare with in the pilot blocks' states; choose all "
                "non-pilot blocks",
            )
            if spec.comparison == "states"
            else tr(lang, "there are no non-pilot aspirational blocks to compare with")
        )
    cohort_windows = windows(spec, *_data_range(con, spec.outcome), lang)
    first_t = min(w[0] for w in cohort_windows.values())
    last_t = max(w[1] for w in cohort_windows.values())
    states = blocks.set_index("unit_id").state_id
    members = pd.DataFrame(
        [(u, c.cohort_id, month_index(c.start)) for c in spec.cohorts for u in c.members],
        columns=["unit_id", "cohort_id", "start_t"],
    )
    values = outcome_panel(
        con, spec.outcome, [*members.unit_id, *pool.unit_id], from_month_index(first_t), from_month_index(last_t)
    )
    values["t"] = month_indices(values.period)
    treated, excluded = _pilot_rows(values, members, cohort_windows)
    comparison = values[values.unit_id.isin(pool.unit_id)].assign(cohort_id="", start_t=-1)
    balance = pairs = None
    if spec.comparison == "matched":
        weights, pairs, balance, unmatched = _match(
            con, spec, members[members.unit_id.isin(treated.unit_id)], pool, states, cohort_windows, lang
        )
        treated = treated[~treated.unit_id.isin(unmatched.unit_id)]
        excluded = pd.concat([excluded, unmatched], ignore_index=True)
        comparison = _stacked_comparison(comparison, weights, cohort_windows)
        treated = treated.assign(stack=treated.cohort_id)
    else:
        comparison = comparison.assign(stack=ALL_STACK, weight=1.0)
        treated = treated.assign(stack=ALL_STACK)
    frame = _finish_frame(pd.concat([treated.assign(weight=1.0), comparison], ignore_index=True), states)
    notes = _notes(blocks, members, lang)
    covered = {c.cohort_id: cohort_windows[c.cohort_id][1] - month_index(c.start) + 1 for c in spec.cohorts}
    panel = Panel(frame, spec.cohorts, excluded.reset_index(drop=True), balance, pairs, covered, notes)
    _require_enough(panel, spec, lang)
    return panel


def _pilot_rows(values: pd.DataFrame, members: pd.DataFrame, cohort_windows: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pilot block-months inside their cohort's window; pilot blocks without a report both
    before and from the start are left out (nothing to compare), with the reason."""
    treated = values.merge(members, on="unit_id")
    if not treated.empty:
        low = treated.cohort_id.map({k: w[0] for k, w in cohort_windows.items()}).astype(int)
        high = treated.cohort_id.map({k: w[1] for k, w in cohort_windows.items()}).astype(int)
        treated = treated[(treated.t >= low) & (treated.t <= high)]
    before = set(treated.loc[treated.t < treated.start_t, "unit_id"])
    after = set(treated.loc[treated.t >= treated.start_t, "unit_id"])
    reasons = []
    for unit_id, cohort_id in zip(members.unit_id, members.cohort_id, strict=True):
        if unit_id not in before | after:
            reasons.append((unit_id, cohort_id, NO_REPORTS))
        elif unit_id not in before:
            reasons.append((unit_id, cohort_id, NO_REPORT_BEFORE))
        elif unit_id not in after:
            reasons.append((unit_id, cohort_id, NO_REPORT_AFTER))
    excluded = pd.DataFrame(reasons, columns=["unit_id", "cohort_id", "reason"])
    return treated[~treated.unit_id.isin(excluded.unit_id)], excluded


def _stacked_comparison(comparison: pd.DataFrame, weights: dict[str, pd.Series], cohort_windows: dict) -> pd.DataFrame:
    """One copy of each cohort's matched comparison blocks, over that cohort's window, with its weights.

    Each cohort's effect is then measured against its own matches only (a stacked
    design: block and month fixed effects are per cohort, errors clustered by block).
    """
    stacks = []
    for cohort_id, cohort_weights in weights.items():
        low, high = cohort_windows[cohort_id]
        rows = comparison[comparison.unit_id.isin(cohort_weights.index) & comparison.t.between(low, high)]
        stacks.append(rows.assign(stack=cohort_id, weight=rows.unit_id.map(cohort_weights).to_numpy()))
    return pd.concat(stacks, ignore_index=True) if stacks else comparison.iloc[:0].assign(stack="", weight=1.0)


def _finish_frame(frame: pd.DataFrame, states: pd.Series) -> pd.DataFrame:
    """Derived columns, fixed-effect keys; comparison blocks with a single report dropped (no information)."""
    frame["state_id"] = frame.unit_id.map(states)
    frame["rel"] = np.where(frame.cohort_id == "", np.nan, frame.t - frame.start_t)
    frame["treated_post"] = ((frame.cohort_id != "") & (frame.rel >= 0)).astype(int)
    stacked = frame["stack"] != ALL_STACK
    frame["fe_unit"] = np.where(stacked, frame["stack"] + ":" + frame.unit_id, frame.unit_id)
    frame["fe_time"] = np.where(stacked, frame["stack"] + ":", "") + frame.t.astype(str)
    frame = frame[frame.groupby("fe_unit").t.transform("size") >= 2]
    columns = [
        "unit_id",
        "state_id",
        "cohort_id",
        "start_t",
        "t",
        "period",
        "y",
        "rel",
        "treated_post",
        "weight",
        "stack",
        "fe_unit",
        "fe_time",
    ]
    return frame[columns].sort_values(["stack", "unit_id", "t"], ignore_index=True)


def _notes(blocks: pd.DataFrame, members: pd.DataFrame, lang: str = "en") -> list[str]:
    aspirational = set(blocks.loc[blocks.aspirational, "unit_id"])
    outside = members[~members.unit_id.isin(aspirational)]
    if outside.empty:
        return []
    return [
        tr(
            lang,
            "{count} pilot block(s) are not aspirational blocks, while every comparison block is; the two groups "
            "may differ in ways the comparison does not remove.",
            count=outside.unit_id.nunique(),
        )
    ]


def _require_enough(panel: Panel, spec: EvaluationSpec, lang: str = "en") -> None:
    treated, comparison = len(panel.treated_ids), len(panel.comparison_ids)
    if treated >= MIN_BLOCKS and comparison >= MIN_BLOCKS:
        return
    why = "; ".join(
        tr(lang, "{count} left out: {reason}", count=count, reason=tr(lang, reason))
        for reason, count in panel.excluded.reason.value_counts().items()
    )
    raise ValueError(
        tr(
            lang,
            "too few blocks to estimate: {treated} pilot and {comparison} comparison block(s) have reports both in "
            "this window (at least {needed} of each are needed)",
            treated=treated,
            comparison=comparison,
            needed=MIN_BLOCKS,
        )
        + (f" ({why})" if why else "")
        + ". "
        + (tr(lang, "Loosen the caliper or allow matches across states.") + " " if spec.comparison == "matched" else "")
        + tr(
            lang,
            "A quarterly outcome needs at least 3 months before the start and an annual one 12 or more; check that "
            "the outcome is reported in these months.",
        )
    )


def matching_features(
    con: duckdb.DuckDBPyConnection, spec: EvaluationSpec, unit_ids, window: tuple[int, int], start_t: int
) -> pd.DataFrame:
    """Pre-start level and trend of the outcome and each theme score, one row per unit."""
    first, last = from_month_index(window[0]), from_month_index(start_t - 1)
    scores = score_panel(con, unit_ids, first, last)
    scores["t"] = month_indices(scores.period)
    parts = [matching.level_and_trend(scores, group, group) for group in GROUPS]
    if not spec.outcome.startswith(THEME_PREFIX):
        outcome = (
            outcome_panel(con, spec.outcome, unit_ids, first, last)
            if spec.outcome != COMPOSITE
            else scores[["unit_id", "period", COMPOSITE]].rename(columns={COMPOSITE: "y"})
        )
        outcome["t"] = month_indices(outcome.period)
        parts.insert(0, matching.level_and_trend(outcome, "y", "outcome"))
    return pd.concat(parts, axis=1).reindex(list(unit_ids))


def _match(
    con,
    spec: EvaluationSpec,
    members: pd.DataFrame,
    pool: pd.DataFrame,
    states: pd.Series,
    cohort_windows: dict,
    lang: str = "en",
) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Match each cohort separately on its own pre-start window; comparison weights per cohort."""
    all_pairs, tables, excluded = [], [], []
    for cohort in spec.cohorts:
        start_t = month_index(cohort.start)
        ids = members.loc[members.cohort_id == cohort.cohort_id, "unit_id"].tolist()
        if not ids:
            continue
        features = matching.usable_features(
            matching_features(con, spec, ids + pool.unit_id.tolist(), cohort_windows[cohort.cohort_id], start_t)
        )
        if features.shape[1] == 0:
            raise ValueError(
                tr(
                    lang,
                    "no matching variable has data before {cohort}'s start; use all non-pilot blocks as the "
                    "comparison, or a longer window before the start",
                    cohort=cohort.name,
                )
            )
        treated_f = features[features.index.isin(ids)]
        pool_f = features[features.index.isin(pool.unit_id)]
        excluded += [(u, cohort.cohort_id, NO_MATCHING_VARIABLE) for u in ids if u not in treated_f.index]
        if treated_f.empty or pool_f.empty:
            continue
        caliper_on = next(
            (c for c in ("outcome_level", spec.outcome.removeprefix(THEME_PREFIX) + "_level") if c in features), None
        )
        pairs = matching.nearest_neighbours(treated_f, pool_f, spec.matching, states, states, caliper_on).assign(
            cohort_id=cohort.cohort_id
        )
        excluded += [(u, cohort.cohort_id, NO_MATCH) for u in treated_f.index if u not in set(pairs.treated_id)]
        matched_t = treated_f.loc[treated_f.index.isin(pairs.treated_id)]
        table = (
            matching.balance_table(treated_f, pool_f, matched_t, matching.comparison_weights(pairs))
            if len(pairs)
            else matching.balance_table(treated_f, pool_f)
        )
        tables.append(table.assign(cohort_id=cohort.cohort_id, cohort=cohort.name))
        all_pairs.append(pairs)
    pairs = (
        pd.concat(all_pairs, ignore_index=True)
        if all_pairs
        else pd.DataFrame(columns=["treated_id", "comparison_id", "distance", "cohort_id"])
    )
    weights = {p.cohort_id.iloc[0]: matching.comparison_weights(p) for p in all_pairs if len(p)}
    balance = pd.concat(tables, ignore_index=True) if tables else None
    return weights, pairs, balance, pd.DataFrame(excluded, columns=["unit_id", "cohort_id", "reason"])
