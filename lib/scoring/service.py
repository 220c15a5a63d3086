"""One call from parameters to the published ranking table (CLI and pages share it)."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pandas as pd

from lib.periods import label
from lib.queries import periods
from lib.scoring.engine import RankingRun, delta_ranking, rank_units, rank_within
from lib.scoring.matrix import analysis_units, load_matrix
from lib.scoring.params import GROUPS, RankingParams


def require_period(con: duckdb.DuckDBPyConnection, period) -> None:
    """Raise a clear error when there is no data for ``period``."""
    available = periods(con)
    if not available:
        raise ValueError("the database has no observations yet; run `python -m lib demo` or load data")
    if period not in available:
        raise ValueError(
            f"no data for {label(period)}; the database covers {label(available[0])} to {label(available[-1])}"
        )


def themes_without_indicators(catalogue: pd.DataFrame) -> list[str]:
    """Scoring groups the catalogue has no indicator in (NFHS has none for agriculture): their weight
    is shared among the others, because a composite averages the themes a unit has.

    Examples
    --------
    >>> themes_without_indicators(pd.DataFrame({"score_group": ["health", "nutrition", "education",
    ...                                                         "infrastructure", "social"]}))
    ['agriculture']
    """
    present = set(catalogue.score_group)
    return [group for group in GROUPS if group not in present]


def run(con: duckdb.DuckDBPyConnection, params: RankingParams, units: pd.DataFrame | None = None) -> RankingRun:
    """Rank for ``params.period`` (no baseline)."""
    require_period(con, params.period)
    units = units if units is not None else analysis_units(con)
    return rank_units(load_matrix(con, params.period, params.scope, units), params)


def ranking_table(
    con: duckdb.DuckDBPyConnection, params: RankingParams, units: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per unit in scope: scores, ranks, rank within state, and with a
    baseline the baseline score, delta and delta rank (overall and per theme)."""
    units = units if units is not None else analysis_units(con)
    current = run(con, params, units)
    if params.baseline is not None:
        baseline = run(con, replace(params, period=params.baseline, baseline=None), units)
        table = delta_ranking(current, baseline)
    else:
        table = current.table
    table = with_ranks_within(table)  # a copy: the run's own table stays untouched
    return table[[c for c in output_columns(params) if c in table.columns]]


def with_ranks_within(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of a ranking table with each unit's rank within its state and its district (and, with
    a baseline, its delta rank within them): what a state or district view lists beside the
    all-India rank. Grouped by code, since two districts in different states may share a name."""
    ranks = {"state_rank": rank_within(table, "state_id"), "district_rank": rank_within(table, "district_id")}
    if "delta" in table.columns:
        ranks |= {
            "state_delta_rank": rank_within(table, "state_id", "delta"),
            "district_delta_rank": rank_within(table, "district_id", "delta"),
        }
    return table.assign(**ranks)


def output_columns(params: RankingParams) -> list[str]:
    columns = [
        "unit_id",
        "lgd_code",
        "unit_name",
        "district",
        "state",
        "composite",
        "rank",
        "state_rank",
        "district_rank",
    ]
    for group in GROUPS:
        columns += [f"{group}_score", f"{group}_rank"]
    if params.baseline is not None:
        columns += ["composite_baseline", "delta", "delta_rank", "state_delta_rank", "district_delta_rank"]
        for group in GROUPS:
            columns += [f"{group}_score_baseline", f"{group}_delta", f"{group}_delta_rank"]
    return columns + [
        "indicators_present",
        "indicators_included",
        "oldest_value_months",
        "not_ranked_reason",
        "district_id",
        "state_id",
    ]
