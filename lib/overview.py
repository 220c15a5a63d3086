"""Overview tables from a ranking table (see :func:`lib.scoring.service.ranking_table`).

The Overview shows the official default ranking (NITI's Most Balanced
Performer method, equal theme weights, aspirational blocks) with a baseline one
year earlier, so improvers are a delta ranking.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.i18n import tr
from lib.scoring.params import GROUP_LABELS, GROUPS


def top_and_bottom(table: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` best and ``n`` worst ranked units (unranked units excluded), best first / worst first.

    A unit is listed once: with fewer than ``2 n`` ranked units the bottom list holds only those not
    already in the top list (empty when all fit in the top one, as in a district of two blocks).
    """
    ranked = table.dropna(subset=["composite"]).sort_values(["rank", "unit_name"])
    top = ranked.head(n)
    return top, ranked.iloc[len(top) :].tail(n).iloc[::-1]


def ranks_within_text(row, lang: str = "en") -> str:
    """The unit's rank within its state and district, for a metric's help (``row`` from a ranking table).

    >>> ranks_within_text(pd.Series({"state_rank": 3, "state": "Bihar", "district_rank": 1, "district": "Gaya"}))
    'Rank 3 in Bihar · rank 1 in Gaya'
    >>> ranks_within_text(pd.Series({"state_rank": pd.NA, "state": "Bihar", "district_rank": pd.NA, "district": "Gaya"}))
    'Not ranked'
    """
    parts = [
        tr(lang, "rank {rank} in {place}", rank=int(row[column]), place=row[place])
        for column, place in (("state_rank", "state"), ("district_rank", "district"))
        if column in row and pd.notna(row[column])
    ]
    text = " · ".join(parts)
    return text[:1].upper() + text[1:] if parts else tr(lang, "Not ranked")


def not_ranked_text(row, lang: str = "en", max_missing_share: float = 0.20) -> str | None:
    """Why the unit has no rank (``row`` from a ranking table), or ``None`` when it is ranked.

    >>> not_ranked_text(pd.Series({"composite": None, "indicators_present": 4, "indicators_included": 39}))
    'Not ranked: 4 of 39 indicators reported (more than 20% missing)'
    >>> not_ranked_text(pd.Series({"composite": 61.2, "indicators_present": 39, "indicators_included": 39})) is None
    True
    """
    if pd.notna(row["composite"]):
        return None
    return tr(
        lang,
        "Not ranked: {present} of {included} indicators reported (more than {share} missing)",
        present=int(row["indicators_present"]),
        included=int(row["indicators_included"]),
        share=f"{max_missing_share:.0%}",
    )


def rank_columns(filters: dict) -> list[str]:
    """The rank columns a ranking list shows for a scope: the all-India rank, and beside it the rank
    within the chosen state and district (``filters`` as the sidebar gives them)."""
    return (
        ["rank"]
        + (["state_rank"] if filters.get("state") else [])
        + (["district_rank"] if filters.get("district") else [])
    )


def improvers(table: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Units with the largest composite gain over the baseline (delta rank 1 first)."""
    return table.dropna(subset=["delta"]).sort_values(["delta_rank", "unit_name"]).head(n)


def theme_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Mean theme score now and at the baseline over the units in ``table``.

    Examples
    --------
    >>> row = {f"{g}_score": 50.0 for g in GROUPS} | {f"{g}_score_baseline": 40.0 for g in GROUPS}
    >>> theme_summary(pd.DataFrame([row])).change.tolist() == [10.0] * 6
    True
    """
    rows = []
    for group in GROUPS:
        now = table[f"{group}_score"].mean()
        before = table[f"{group}_score_baseline"].mean() if f"{group}_score_baseline" in table else float("nan")
        rows.append(
            {"group": GROUP_LABELS[group], "mean_score": now, "mean_score_baseline": before, "change": now - before}
        )
    return pd.DataFrame(rows)


def year_before(period: date) -> date:
    return date(period.year - 1, period.month, 1)


def comparison_period(period: date, available: list[date]) -> date | None:
    """What ``period`` is compared with: the same month a year before, or the latest period with data
    before that (survey rounds such as NFHS-4 and NFHS-5 are years apart); None when there is none.

    Examples
    --------
    >>> comparison_period(date(2019, 4, 1), [date(2015, 4, 1), date(2019, 4, 1)])
    datetime.date(2015, 4, 1)
    >>> comparison_period(date(2025, 6, 1), [date(2024, 6, 1), date(2024, 7, 1), date(2025, 6, 1)])
    datetime.date(2024, 6, 1)
    """
    earlier = [p for p in available if p <= year_before(period)]
    return max(earlier) if earlier else None


def commonest_reason(table: pd.DataFrame) -> str | None:
    """Why most of the units in ``table`` are not ranked, with how many share the reason (None if all are).

    Examples
    --------
    >>> table = pd.DataFrame({"composite": [None, None, 50.0],
    ...                       "not_ranked_reason": ["not ranked: 4 of 39 indicators reported", "x", None]})
    >>> commonest_reason(table)
    '1 of 2: not ranked: 4 of 39 indicators reported'
    """
    reasons = table.loc[table.composite.isna(), "not_ranked_reason"].dropna()
    if reasons.empty:
        return None
    counts = reasons.value_counts(sort=True)
    return f"{counts.iloc[0]} of {len(reasons)}: {counts.index[0]}"
