"""Turn latent series into reported observations: effects, noise, periodicity,
missing reports, the reporting lag, numerators/denominators and planted errors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lib.demo.profiles import GROUNDWATER_ID, PILOT_COHORTS, PROFILES
from lib.demo.series import LAG_UNREPORTED, MISSING_SHARE, Latent, effect_path, soft_cap
from lib.periods import reports_in

PLANTED_OVER_100 = 12
PLANTED_SPIKES = 12


def reported_values(latent: Latent, pilots: dict[str, np.ndarray], indicator: str, direction: str) -> np.ndarray:
    """(blocks x months) values as reported, before missingness."""
    if indicator == GROUNDWATER_ID:
        return np.clip(latent.goodness[indicator] + latent.noise[indicator], 0.0, None)
    goodness = latent.goodness[indicator].copy()
    for cohort_id, _name, start, _size, effects in PILOT_COHORTS:
        if indicator in effects:
            goodness[pilots[cohort_id]] += effect_path(latent.months, start, effects[indicator])[None, :]
    goodness = np.clip(soft_cap(goodness) + latent.noise[indicator], 0.0, 100.0)
    return goodness if direction == "higher" else 100.0 - goodness


def observation_frame(
    latent: Latent, pilots: dict[str, np.ndarray], catalogue: pd.DataFrame, scope: np.ndarray, rng: np.random.Generator
) -> pd.DataFrame:
    """Long table of observations for the blocks where ``scope`` is True."""
    months = latent.months
    rows = np.flatnonzero(scope)
    pieces = []
    for spec in catalogue.itertuples(index=False):
        values = reported_values(latent, pilots, spec.indicator_id, spec.direction)[rows]
        in_period = reports_in(spec.periodicity, months)
        kept = _reported_mask(len(rows), months, rng) & in_period[None, :]
        block_idx, month_idx = np.nonzero(kept)
        frame = pd.DataFrame(
            {
                "unit_id": latent.unit_ids[rows][block_idx],
                "indicator_id": spec.indicator_id,
                "period": months[month_idx],
                "value": values[block_idx, month_idx],
            }
        )
        _add_counts(frame, PROFILES.get(spec.indicator_id), rng)
        pieces.append(frame)
    return pd.concat(pieces, ignore_index=True)


def _reported_mask(n_blocks: int, months: pd.DatetimeIndex, rng: np.random.Generator) -> np.ndarray:
    """3% of reports missing at random; the latest months only partly reported (lag)."""
    mask = rng.random((n_blocks, len(months))) >= MISSING_SHARE
    for months_back, share in LAG_UNREPORTED.items():
        column = len(months) - 1 - months_back
        mask[:, column] &= rng.random(n_blocks) >= share
    return mask


def _add_counts(frame: pd.DataFrame, profile, rng: np.random.Generator) -> None:
    """Numerator and denominator where the indicator is a monthly count ratio; the
    value is then exactly 100 * numerator / denominator."""
    if profile is None or profile.denominator == 0:
        frame["numerator"] = np.nan
        frame["denominator"] = np.nan
        return
    denominator = np.maximum(rng.poisson(profile.denominator, len(frame)), 1).astype(float)
    numerator = rng.binomial(denominator.astype(np.int64), frame.value.to_numpy() / 100.0).astype(float)
    frame["numerator"] = numerator
    frame["denominator"] = denominator
    frame["value"] = 100.0 * numerator / denominator


def plant_errors(
    observations: pd.DataFrame, catalogue: pd.DataFrame, aspirational_ids: set, rng: np.random.Generator
) -> pd.DataFrame:
    """Plant data-entry errors in aspirational blocks; returns the planted list.

    ``over_100``: a percentage over 100 (a numerator typed wrong). ``spike``:
    a one-month jump of 35-45 points that stays within 0-100.
    """
    percent_ids = set(catalogue.loc[catalogue.valid_max == 100, "indicator_id"])
    monthly_ids = set(catalogue.loc[catalogue.periodicity == "monthly", "indicator_id"]) & percent_ids
    eligible = observations.unit_id.isin(aspirational_ids) & observations.indicator_id.isin(percent_ids)
    over = observations.index[eligible & (observations.value.between(40, 95))]
    over_rows = rng.choice(over, size=PLANTED_OVER_100, replace=False)
    spiky = observations.index[eligible & observations.indicator_id.isin(monthly_ids) & (observations.value < 50)]
    spike_rows = rng.choice(np.setdiff1d(spiky, over_rows), size=PLANTED_SPIKES, replace=False)
    planted = pd.concat(
        [
            observations.loc[over_rows, ["unit_id", "indicator_id", "period"]].assign(kind="over_100"),
            observations.loc[spike_rows, ["unit_id", "indicator_id", "period"]].assign(kind="spike"),
        ]
    )
    planted["clean_value"] = observations.loc[planted.index, "value"]
    new_values = np.concatenate(
        [
            # at least 101%, so every planted over_100 error really is over 100
            np.maximum(
                observations.loc[over_rows, "value"].to_numpy() * rng.uniform(1.5, 2.5, len(over_rows)) + 5.0, 101.0
            ),
            observations.loc[spike_rows, "value"].to_numpy() + rng.uniform(35, 45, len(spike_rows)),
        ]
    )
    observations.loc[planted.index, "value"] = new_values
    has_counts = observations.loc[planted.index, "denominator"].notna()
    counted = planted.index[has_counts.to_numpy()]
    observations.loc[counted, "numerator"] = (
        observations.loc[counted, "value"] * observations.loc[counted, "denominator"] / 100.0
    )
    return planted.reset_index(drop=True)
