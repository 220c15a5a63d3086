"""Pull a (units x indicators) matrix once from DuckDB for a period and scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd

from lib import queries
from lib.scoring.params import GROUPS

_UNITS_SQL = """
SELECT b.unit_id, b.name AS unit_name, b.lgd_code, d.unit_id AS district_id, d.name AS district,
       s.unit_id AS state_id, s.name AS state, b.aspirational OR ? AS aspirational
FROM units b
JOIN units d ON d.unit_id = b.district_id
JOIN units s ON s.unit_id = b.state_id
WHERE b.level = ?
ORDER BY b.unit_id
"""


@dataclass
class IndicatorMatrix:
    """As-of values for one period: rows are units, columns indicators (catalogue order)."""

    period: date
    units: pd.DataFrame  # unit_id, unit_name, district, state, ... (row order of values)
    indicator_ids: np.ndarray  # (k,)
    groups: np.ndarray  # (k,) scoring group of each indicator
    lower_is_better: np.ndarray  # (k,) bool
    valid_min: np.ndarray  # (k,)
    valid_max: np.ndarray  # (k,)
    values: np.ndarray  # (n, k) float, NaN = no value
    age_months: np.ndarray  # (n, k) float, NaN = no value

    @property
    def unit_ids(self) -> np.ndarray:
        return self.units.unit_id.to_numpy()


def analysis_units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every unit of the analysis level (blocks; districts for a district-level dataset) with its
    district and state, plus cohort ids as a list column.

    ``aspirational`` marks the programme's units; when none of the level is flagged (a survey
    loaded at district level) every unit counts, so rankings and means cover them all.
    """
    level = queries.analysis_level(con)
    everyone = not queries.programme_flagged(con, level)
    units = con.execute(_UNITS_SQL, [False, level]).df()
    if everyone:  # no programme flag: the units with data are the ones monitored
        units["aspirational"] = units.unit_id.isin(queries.units_with_data(con, level))
    members = con.execute(
        "SELECT unit_id, list(cohort_id ORDER BY cohort_id) AS cohorts FROM cohort_members GROUP BY unit_id"
    ).df()
    units = units.merge(members, on="unit_id", how="left")
    units["cohorts"] = units.cohorts.apply(lambda c: list(c) if isinstance(c, (list, np.ndarray)) else [])
    return units


# Deprecated name (units may be districts): kept while lib/ui, lib/cli and lib/ingest/cohorts move over.
block_units = analysis_units


def select_scope(units: pd.DataFrame, scope: str) -> pd.DataFrame:
    """Units in a scope: comma-separated terms, all must hold.

    Terms: ``aspirational`` (default base), ``all`` (every block), ``state=NAME|ID``,
    ``district=NAME|ID``, ``cohort=ID|NAME``. Without ``all`` the base is the
    aspirational blocks, so ``state=Bihar`` means Bihar's aspirational blocks.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["B1", "B2"], "state": ["Bihar", "Assam"], "state_id": ["S10", "S18"],
    ...                       "district": ["Gaya", "Baksa"], "district_id": ["D1", "D2"],
    ...                       "aspirational": [True, True], "cohorts": [[], []]})
    >>> select_scope(units, "state=bihar").unit_id.tolist()
    ['B1']
    """
    terms = [t.strip() for t in (scope or "aspirational").split(",") if t.strip()]
    mask = pd.Series(True, index=units.index) if "all" in terms else units.aspirational.astype(bool)
    for term in terms:
        if term in ("all", "aspirational"):
            continue
        key, sep, value = term.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or key not in ("state", "district", "cohort"):
            raise ValueError(
                f"scope term {term!r} is not understood; use aspirational, all, state=NAME, "
                "district=NAME or cohort=ID (comma-separated)"
            )
        mask &= _term_mask(units, key, value)
    selected = units[mask]
    if selected.empty:
        raise ValueError(f"scope {scope!r} selects no blocks; check the name (e.g. state=Bihar or state=S10)")
    return selected.reset_index(drop=True)


def _term_mask(units: pd.DataFrame, key: str, value: str) -> pd.Series:
    wanted = value.lower()
    if key == "cohort":
        return units.cohorts.apply(lambda cohorts: wanted in [c.lower() for c in cohorts])
    return (units[f"{key}_id"].str.lower() == wanted) | (units[key].str.lower() == wanted)


def load_matrix(
    con: duckdb.DuckDBPyConnection, period: date, scope: str = "aspirational", units: pd.DataFrame | None = None
) -> IndicatorMatrix:
    """As-of values of every catalogue indicator for the scope's units at ``period``."""
    scoped = select_scope(units if units is not None else analysis_units(con), scope)
    catalogue = queries.catalogue(con)
    catalogue = catalogue[catalogue.score_group.isin(GROUPS)].reset_index(drop=True)
    terms = {term.strip() for term in (scope or "").split(",")}
    asof = queries.asof_values(con, period, aspirational_only="all" not in terms)
    asof = asof[asof.unit_id.isin(scoped.unit_id) & asof.indicator_id.isin(catalogue.indicator_id)]
    row = pd.Index(scoped.unit_id).get_indexer(asof.unit_id)
    column = pd.Index(catalogue.indicator_id).get_indexer(asof.indicator_id)
    values = np.full((len(scoped), len(catalogue)), np.nan)
    age = np.full_like(values, np.nan)
    values[row, column] = asof.value.to_numpy(dtype=float)
    age[row, column] = asof.age_months.to_numpy(dtype=float)
    return IndicatorMatrix(
        period=period,
        units=scoped,
        indicator_ids=catalogue.indicator_id.to_numpy(),
        groups=catalogue.score_group.to_numpy(),
        lower_is_better=(catalogue.direction == "lower").to_numpy(),
        valid_min=catalogue.valid_min.astype(float).fillna(-np.inf).to_numpy(),
        valid_max=catalogue.valid_max.astype(float).fillna(np.inf).to_numpy(),
        values=values,
        age_months=age,
    )
