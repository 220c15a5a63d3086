"""Monthly indicator series for synthetic blocks.

For block i, indicator k and month t (0 = first month) the latent goodness is

    g = base + state offset + block offset + gain_ik * (1 - exp(-t / tau))
        + seasonality + pilot effect

passed through a soft cap that saturates towards 100 (and a soft floor at 0),
then reporting noise is added. Lower-is-better percentages are reported as
100 - goodness. Everything draws from one seeded generator, in a fixed order,
for every block all-India, so the aspirational-only scale is an exact subset
of the all-India one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib.demo.profiles import (
    EFFECT_RAMP_MONTHS,
    GROUNDWATER_HIGH_STATES,
    GROUNDWATER_ID,
    PILOT_COHORTS,
    PROFILES,
)
from lib.periods import month_index, month_indices, parse_period

MISSING_SHARE = 0.03
LAG_UNREPORTED = {0: 0.45, 1: 0.10}  # share of blocks not yet reported, by months before the last
ASPIRATIONAL_SHIFT = -0.9  # aspirational blocks lag the rest by ~0.9 block SDs
SELECTION_STRENGTH = 1.2  # pilots: P(chosen) proportional to exp(-1.2 * baseline z-score)


@dataclass
class Latent:
    """Clean (noise-free, uncapped) goodness and noise for all blocks, indicator by indicator."""

    unit_ids: np.ndarray
    state_ids: np.ndarray
    aspirational: np.ndarray
    months: pd.DatetimeIndex
    goodness: dict[str, np.ndarray]  # indicator -> (blocks x months) before cap
    noise: dict[str, np.ndarray]


def soft_cap(x: np.ndarray) -> np.ndarray:
    """Identity on [5, 90]; above 90 approaches 100, below 5 approaches 0, smoothly.

    Examples
    --------
    >>> soft_cap(np.array([50.0, 90.0, 1000.0])).round(6).tolist()
    [50.0, 90.0, 100.0]
    """
    high = 100.0 - 10.0 * np.exp(-(x - 90.0) / 10.0)
    low = 5.0 * np.exp((x - 5.0) / 5.0)
    return np.where(x > 90.0, high, np.where(x < 5.0, low, x))


def draw_latent(blocks: pd.DataFrame, months: pd.DatetimeIndex, rng: np.random.Generator) -> Latent:
    """Draw every block's latent series. ``blocks`` needs unit_id, state_id, aspirational."""
    states = np.sort(blocks.state_id.unique())
    state_index = np.searchsorted(states, blocks.state_id.to_numpy())
    state_level = rng.normal(0.0, 0.8, len(states))
    block_level = rng.normal(0.0, 1.0, len(blocks)) + np.where(blocks.aspirational, 0.0, -ASPIRATIONAL_SHIFT)
    t = np.arange(len(months))
    goodness, noise = {}, {}
    for indicator, p in PROFILES.items():
        state_mix = 0.7 * state_level + 0.7 * rng.normal(0.0, 0.8, len(states))
        offset = p.state_sd * state_mix[state_index] + p.block_sd * (
            0.6 * block_level + 0.8 * rng.normal(size=len(blocks))
        )
        gain = p.gain * np.exp(0.25 * rng.normal(size=len(blocks)))
        curve = 1.0 - np.exp(-t / p.tau)
        season = p.season_amp * np.cos(2 * np.pi * (months.month.to_numpy() - p.season_peak) / 12)
        goodness[indicator] = p.base + offset[:, None] + gain[:, None] * curve[None, :] + season[None, :]
        noise[indicator] = rng.normal(0.0, p.noise_sd, (len(blocks), len(months)))
    goodness[GROUNDWATER_ID] = _groundwater(blocks, states, state_index, t, rng)
    noise[GROUNDWATER_ID] = rng.normal(0.0, 3.0, (len(blocks), len(months)))
    return Latent(
        blocks.unit_id.to_numpy(), blocks.state_id.to_numpy(), blocks.aspirational.to_numpy(), months, goodness, noise
    )


def _groundwater(blocks, states, state_index, t, rng) -> np.ndarray:
    """Stage of groundwater extraction (%): log-normal, rising ~1% a year."""
    state_log = rng.normal(0.0, 0.35, len(states)) + np.isin(states, list(GROUNDWATER_HIGH_STATES)) * 0.9
    stage = np.exp(np.log(65.0) + state_log[state_index] + rng.normal(0.0, 0.3, len(blocks)))
    return stage[:, None] * (1.0 + 0.01 * t[None, :] / 12.0)


def choose_pilots(latent: Latent, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Pick each pilot cohort among aspirational blocks, favouring low-baseline blocks.

    Returns cohort id -> row indices into the latent arrays. Cohorts do not overlap.
    """
    first_year = latent.months.year == latent.months[0].year
    z_scores = []
    for indicator, values in latent.goodness.items():
        if indicator == GROUNDWATER_ID:
            continue
        baseline = values[:, first_year].mean(axis=1)
        z_scores.append((baseline - baseline.mean()) / baseline.std())
    composite = np.mean(z_scores, axis=0)
    baseline_z = (composite - composite[latent.aspirational].mean()) / composite[latent.aspirational].std()
    available = latent.aspirational.copy()
    cohorts = {}
    for cohort_id, _name, _start, size, _effects in PILOT_COHORTS:
        weight = np.where(available, np.exp(-SELECTION_STRENGTH * baseline_z), 0.0)
        rows = rng.choice(len(weight), size=size, replace=False, p=weight / weight.sum())
        cohorts[cohort_id] = np.sort(rows)
        available[rows] = False
    return cohorts


def effect_path(months: pd.DatetimeIndex, start: str, full_effect: float) -> np.ndarray:
    """Effect in each month: 0 before the start, ramping linearly to full over 12 months.

    Examples
    --------
    >>> effect_path(pd.date_range("2024-03-01", periods=3, freq="MS"), "2024-04", 12.0).tolist()
    [0.0, 1.0, 2.0]
    """
    since = month_indices(months) - month_index(parse_period(start))
    ramp = np.clip((since + 1) / EFFECT_RAMP_MONTHS, 0.0, 1.0)
    return full_effect * ramp


def true_effects(latent: Latent, pilots: dict[str, np.ndarray]) -> pd.DataFrame:
    """The planted effects: nominal points and the realised mean (treated - counterfactual)."""
    rows = []
    for cohort_id, _name, start, _size, effects in PILOT_COHORTS:
        members = pilots[cohort_id]
        since_start = month_indices(latent.months) - month_index(parse_period(start))
        for indicator, full in effects.items():
            path = effect_path(latent.months, start, full)
            clean = latent.goodness[indicator][members]
            realised = (soft_cap(clean + path[None, :]) - soft_cap(clean)).mean(axis=0)
            for j, since in enumerate(since_start):
                if since >= 0:
                    rows.append((cohort_id, indicator, int(since), float(path[j]), float(realised[j])))
    return pd.DataFrame(
        rows, columns=["cohort_id", "indicator_id", "months_since_start", "nominal_effect", "realised_att"]
    )
