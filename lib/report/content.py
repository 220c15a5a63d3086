"""What a report card and a review deck say, from the functions the pages use (no second scoring path).

A :class:`Review` is one period's ranking with the profile's baseline and the period before it (the
last monthly meeting); a :class:`BlockCard` is one block's page of it. The profile page shows the
same figures: the official default ranking, :func:`lib.profile.indicator_table` for every KPI's
value, change, status and trend, :func:`lib.profile.theme_comparison` for the themes and
:func:`lib.rank_advice.rank_plan` for what it would take to reach the next rank band.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from lib import overview, profile, queries, rank_advice
from lib.peers import clipped_values
from lib.periods import label
from lib.scoring import matrix, service
from lib.scoring.matrix import IndicatorMatrix
from lib.scoring.params import GROUP_LABELS, RankingParams, official_default

TREND_LINES = 4  # small trend charts on a card: the KPIs furthest from their targets


@dataclass(frozen=True)
class Review:
    """One period's official ranking, shared by every card and slide made for a meeting.

    ``baseline`` is the profile's (the comparison period the ranking's delta uses, else a year
    before); ``previous`` is the loaded period just before ``period`` (the last monthly meeting),
    None for the first period. ``table`` ranks the aspirational units; ``previous_table`` is the
    same ranking at ``previous``.
    """

    period: date
    baseline: date
    previous: date | None
    params: RankingParams
    table: pd.DataFrame
    previous_table: pd.DataFrame | None
    catalogue: pd.DataFrame
    matrix: IndicatorMatrix
    previous_matrix: IndicatorMatrix | None
    facts: dict
    data_date: date | None = None  # when the indicator values were last loaded (the demo: built)

    @property
    def ranked(self) -> int:
        return int(self.table["rank"].notna().sum())

    @property
    def is_demo(self) -> bool:
        return bool(self.facts.get("is_demo"))


def default_period(facts: dict) -> date:
    """The period the app opens at: the latest with at least 75% of reports in, else the last."""
    return facts["latest_complete_period"] or facts["last_period"]


def _ranking(con: duckdb.DuckDBPyConnection, when: date, loaded: list[date], units: pd.DataFrame):
    compared = overview.comparison_period(when, loaded)
    params = official_default(when, compared)
    return params, service.ranking_table(con, params, units), compared or overview.year_before(when)


def review(con: duckdb.DuckDBPyConnection, period: date | None = None) -> Review:
    """The review of ``period`` (default: :func:`default_period`); ``ValueError`` for a period
    with no data, naming the loaded range."""
    facts = queries.dataset_summary(con)
    loaded = queries.periods(con)
    period = period or default_period(facts)
    service.require_period(con, period)
    units = matrix.block_units(con)
    params, table, baseline = _ranking(con, period, loaded, units)
    earlier = [p for p in loaded if p < period]
    previous = earlier[-1] if earlier else None
    previous_table = _ranking(con, previous, loaded, units)[1] if previous else None

    def load(when: date) -> IndicatorMatrix:
        return matrix.load_matrix(con, when, params.scope, units)

    return Review(
        period=period,
        baseline=baseline,
        previous=previous,
        params=params,
        table=table,
        previous_table=previous_table,
        catalogue=queries.catalogue(con),
        matrix=load(period),
        previous_matrix=load(previous) if previous else None,
        facts=facts,
        data_date=_indicators_loaded(con),
    )


def _indicators_loaded(con: duckdb.DuckDBPyConnection) -> date | None:
    loads = queries.loads(con)
    finished = pd.to_datetime(loads.loc[loads.kind == "observations", "finished_at"]).dropna()
    return finished.max().date() if len(finished) else None


# ------------------------------------------------------------------ scope


def _pick(table: pd.DataFrame, id_column: str, name_column: str, wanted: str, what: str) -> str:
    """The id of a district or state given its id or its exact name (any case)."""
    if wanted in set(table[id_column]):
        return wanted
    named = table.loc[table[name_column].str.casefold() == wanted.strip().casefold(), id_column].unique()
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ValueError(f"{what} name {wanted!r} is ambiguous: use one of the ids {', '.join(sorted(named))}")
    examples = ", ".join(f"{i} ({n})" for i, n in table[[id_column, name_column]].drop_duplicates().head(3).values)
    raise ValueError(f"no aspirational {what} {wanted!r} in this period's ranking; ids look like {examples}")


def block_id(review: Review, wanted: str) -> str:
    """A block's unit id from its unit id, its LGD code or its exact name (any case)."""
    by_code = review.table.loc[review.table.lgd_code.astype(str) == wanted.strip(), "unit_id"]
    if len(by_code) == 1:
        return by_code.iloc[0]
    return _pick(review.table, "unit_id", "unit_name", wanted, "block")


def district_id(review: Review, wanted: str) -> str:
    return _pick(review.table, "district_id", "district", wanted, "district")


def state_id(review: Review, wanted: str) -> str:
    return _pick(review.table, "state_id", "state", wanted, "state")


def ranked_blocks(review: Review, district: str | None = None, state: str | None = None) -> pd.DataFrame:
    """The scope's blocks, best rank first (unranked last, by name), with their change since the
    last meeting: ``composite_change`` (points), ``rank_change`` and ``delta_rank_change`` (places
    up; negative: down)."""
    rows = review.table
    if district is not None:
        rows = rows[rows.district_id == district]
    if state is not None:
        rows = rows[rows.state_id == state]
    rows = rows.sort_values(["rank", "unit_name"], na_position="last").reset_index(drop=True)
    before = (
        review.previous_table.set_index("unit_id")
        if review.previous_table is not None
        else pd.DataFrame(columns=["composite", "rank", "delta_rank"])
    )
    rows["previous_rank"] = rows.unit_id.map(before["rank"]).astype(float)
    if "delta_rank" in rows and "delta_rank" in before:
        rows["delta_rank_change"] = rows.unit_id.map(before.delta_rank).astype(float) - rows.delta_rank.astype(float)
    rows["composite_change"] = rows.composite - rows.unit_id.map(before.composite).astype(float)
    rows["rank_change"] = rows.previous_rank - rows["rank"].astype(float)
    return rows


def ranked_districts(review: Review, state: str) -> pd.DataFrame:
    """The state's districts by the mean composite of their aspirational blocks (best first), with
    the number of blocks, the best block rank and the mean's change since the last meeting."""
    blocks = ranked_blocks(review, state=state)
    districts = (
        blocks.groupby(["district_id", "district"], as_index=False)
        .agg(
            blocks=("unit_id", "size"),
            composite=("composite", "mean"),
            best_rank=("rank", "min"),
            composite_change=("composite_change", "mean"),
        )
        .sort_values(["composite", "district"], ascending=[False, True], na_position="last")
    )
    return districts.reset_index(drop=True)


# ------------------------------------------------------------------ one block


@dataclass(frozen=True)
class BlockCard:
    """One block's figures for a card or a slide (see the module's docstring for their sources)."""

    block: pd.Series  # the block's row of the ranking table, plus its change since the last meeting
    themes: pd.DataFrame  # profile.theme_comparison
    indicators: pd.DataFrame  # profile.indicator_table, plus ``gap`` (points short of target)
    furthest: pd.DataFrame  # the indicators furthest from target, for trend lines
    series: dict  # indicator_id -> profile.block_series frame, for ``furthest``
    rank_plan: rank_advice.RankPlan  # what it would take to reach the next rank band

    @property
    def completeness(self) -> float:
        included = self.block.indicators_included
        return float(self.block.indicators_present / included) if included else float("nan")

    def plan(self, lang: str, names: pd.Series | None = None) -> str:
        """What it would take to reach the next rank band, in words (``names``: indicator names)."""
        return rank_advice.describe_rank_plan(self.rank_plan, lang, names)

    @property
    def latest_report(self) -> date | None:
        reported = self.indicators.value_period.dropna()
        return reported.max().date() if len(reported) else None


def block_card(con: duckdb.DuckDBPyConnection, review: Review, block_id: str, trend_lines: int = TREND_LINES):
    """The card of one block; ``ValueError`` when the block is not among the ranked units."""
    blocks = ranked_blocks(review)
    match = blocks[blocks.unit_id == block_id]
    if match.empty:
        raise ValueError(
            f"block {block_id!r} is not an aspirational block in the {label(review.period)} ranking; "
            "use a unit id such as " + ", ".join(blocks.unit_id.head(3))
        )
    indicators = profile.indicator_table(con, block_id, review.period, review.baseline)
    higher = indicators.direction.eq("higher").to_numpy()
    indicators["gap"] = profile.target_gaps(indicators.value, indicators.target, higher)
    short = indicators[indicators.gap > 0].sort_values(["gap", "short_name"], ascending=[False, True])
    furthest = short.head(trend_lines)
    plan = rank_advice.rank_plan(review.matrix, review.params, block_id, review.catalogue)
    return BlockCard(
        block=match.iloc[0],
        themes=profile.theme_comparison(review.table, block_id),
        indicators=indicators,
        furthest=furthest,
        series=profile.block_series_many(con, block_id, list(furthest.indicator_id)),
        rank_plan=plan,
    )


def named(card: BlockCard, names: pd.Series) -> BlockCard:
    """The card with its indicators' ``short_name`` replaced by ``names`` (indicator id -> name in
    the language shown, :func:`lib.i18n.indicator_names`)."""

    def rename(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(short_name=frame.indicator_id.map(names).fillna(frame.short_name))

    return replace(card, indicators=rename(card.indicators), furthest=rename(card.furthest))


def kpi_rows(indicators: pd.DataFrame) -> pd.DataFrame:
    """A block's KPIs in the order a card and a slide list them: theme by theme (the ranking's
    groups), then by name."""
    order = {group: i for i, group in enumerate(GROUP_LABELS)}
    ranked = indicators.assign(_order=indicators.score_group.map(order).fillna(len(order)))
    return ranked.sort_values(["_order", "short_name"]).drop(columns="_order").reset_index(drop=True)


# ------------------------------------------------------------------ a scope's indicators


def _target_gaps(review: Review, values: np.ndarray) -> np.ndarray:
    """Points short of each indicator's target (0 once reached) for a matrix's clipped values."""
    targets = profile.indicator_targets(review.catalogue).reindex(review.matrix.indicator_ids).to_numpy()
    gaps = profile.target_gaps(values, targets[None, :], ~review.matrix.lower_is_better[None, :])
    return np.where(np.isnan(gaps), np.nan, np.maximum(gaps, 0.0))


def _names(review: Review) -> pd.Series:
    return review.catalogue.set_index("indicator_id").short_name


def _column_means(values: np.ndarray) -> np.ndarray:
    """Mean of each column over its non-missing values; NaN for a column with none."""
    present = np.isfinite(values)
    counts = present.sum(axis=0)
    totals = np.where(present, values, 0.0).sum(axis=0)
    return np.divide(totals, counts, out=np.full(values.shape[1], np.nan), where=counts > 0)


def lagging_indicators(review: Review, unit_ids, top: int = 8) -> pd.DataFrame:
    """The indicators where the scope's blocks are furthest from target on average (points short,
    0 once reached), beside the same average over all aspirational blocks, and how many of the
    scope's blocks report each."""
    rows = review.matrix.units.unit_id.isin(list(unit_ids)).to_numpy()
    gaps = _target_gaps(review, clipped_values(review.matrix))
    scope_gap, abp_gap = _column_means(np.where(rows[:, None], gaps, np.nan)), _column_means(gaps)
    table = pd.DataFrame(
        {
            "indicator_id": review.matrix.indicator_ids,
            "scope_gap": scope_gap,
            "abp_gap": abp_gap,
            "blocks_reporting": np.isfinite(gaps[rows]).sum(axis=0),
        }
    )
    table["short_name"] = table.indicator_id.map(_names(review))
    table = table[table.scope_gap > 0].sort_values(["scope_gap", "short_name"], ascending=[False, True])
    return table.head(top).reset_index(drop=True)


def biggest_movers(review: Review, unit_ids, top: int = 5) -> pd.DataFrame:
    """The largest moves since the last meeting among the scope's block-indicator values (clipped
    as-of values, direction-aware): up to ``top`` improvements and ``top`` setbacks. ``gain`` is in
    the good direction (a fall in a lower-is-better rate is a gain)."""
    columns = ["unit_id", "unit_name", "indicator_id", "short_name", "before", "now", "gain"]
    if review.previous_matrix is None:
        return pd.DataFrame(columns=columns)
    now, before = review.matrix, review.previous_matrix
    rows = now.units.unit_id.isin(list(unit_ids)).to_numpy()
    earlier = pd.DataFrame(clipped_values(before), index=before.unit_ids, columns=before.indicator_ids)
    earlier = earlier.reindex(index=now.unit_ids, columns=now.indicator_ids).to_numpy()
    values = clipped_values(now)
    gain = np.where(now.lower_is_better[None, :], earlier - values, values - earlier)
    picked, column = np.nonzero(rows[:, None] & np.isfinite(gain) & (gain != 0))
    moves = pd.DataFrame(
        {
            "unit_id": now.unit_ids[picked],
            "unit_name": now.units.unit_name.to_numpy()[picked],
            "indicator_id": now.indicator_ids[column],
            "before": earlier[picked, column],
            "now": values[picked, column],
            "gain": gain[picked, column],
        }
    )
    moves["short_name"] = moves.indicator_id.map(_names(review))
    ups = moves[moves.gain > 0].sort_values(["gain", "unit_name"], ascending=[False, True]).head(top)
    downs = moves[moves.gain < 0].sort_values(["gain", "unit_name"]).head(top)
    return pd.concat([ups, downs], ignore_index=True)[columns]
