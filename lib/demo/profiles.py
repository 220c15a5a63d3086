"""How each demo indicator behaves: starting level, spread, growth, noise, seasonality.

Levels are on a "goodness" scale from 0 to 100 (the value itself for
higher-is-better indicators, 100 - value for lower-is-better ones), for an
average aspirational block in 2023-01. Figures are plausible orders of
magnitude, not estimates of real ABP values.
"""

from __future__ import annotations

from typing import NamedTuple


class Profile(NamedTuple):
    base: float  # goodness of an average aspirational block at the start
    state_sd: float  # spread between states
    block_sd: float  # spread between blocks within a state
    gain: float  # long-run improvement (points) over the saturating curve
    tau: float  # months for the curve to reach 63% of its gain
    noise_sd: float  # month-to-month reporting noise
    season_amp: float = 0.0
    season_peak: int = 1  # calendar month of the seasonal high
    denominator: float = 0.0  # mean monthly denominator (0: no numerator/denominator)


PROFILES: dict[str, Profile] = {
    "anc_first_trimester": Profile(62, 8, 8, 18, 24, 3, denominator=160),
    "institutional_deliveries": Profile(78, 6, 7, 10, 24, 2.5, denominator=130),
    "low_birth_weight": Profile(84, 2, 2.5, 3, 30, 1.0, denominator=120),
    "nqas_certified_facilities": Profile(25, 8, 10, 35, 20, 2),
    "hypertension_screening": Profile(45, 10, 10, 35, 18, 4),
    "diabetes_screening": Profile(43, 10, 10, 35, 18, 4),
    "tb_treatment_success": Profile(82, 4, 4, 6, 24, 3),
    "pw_supplementary_nutrition": Profile(70, 8, 8, 15, 20, 3, denominator=1500),
    "child_supplementary_nutrition": Profile(72, 8, 8, 14, 20, 3, denominator=12000),
    "child_measurement_efficiency": Profile(80, 6, 7, 12, 18, 2.5, denominator=12000),
    "sam_children": Profile(97, 0.8, 1.0, 1.5, 24, 0.4, denominator=11000),
    "mam_children": Profile(92.5, 1.5, 2.0, 3, 24, 0.8, denominator=11000),
    "awc_functional_toilets": Profile(60, 10, 10, 25, 24, 2),
    "awc_drinking_water": Profile(72, 8, 8, 18, 24, 2),
    "household_tap_connections": Profile(60, 15, 10, 30, 20, 1.5),
    "odf_plus_villages": Profile(35, 15, 12, 50, 18, 2),
    "gp_bharatnet_connected": Profile(55, 15, 12, 25, 24, 1.5),
    "gp_bharatnet_live": Profile(40, 15, 12, 30, 24, 3),
    "pmayg_houses_completed": Profile(65, 10, 10, 25, 18, 3),
    "shg_household_mobilisation": Profile(60, 12, 10, 20, 24, 2),
    "shg_revolving_fund": Profile(55, 12, 10, 25, 20, 3),
    "banking_touch_points": Profile(70, 10, 8, 12, 24, 2),
    "gp_digital_literacy": Profile(35, 12, 12, 30, 24, 4),
    "transition_upper_primary_secondary_boys": Profile(85, 5, 5, 4, 24, 3),
    "transition_upper_primary_secondary_girls": Profile(83, 5, 5, 5, 24, 3),
    "transition_secondary_higher_secondary_boys": Profile(62, 10, 8, 6, 24, 4),
    "transition_secondary_higher_secondary_girls": Profile(58, 10, 8, 7, 24, 4),
    "elementary_ptr_30": Profile(55, 15, 10, 10, 30, 3),
    "schools_girls_toilets": Profile(75, 8, 8, 12, 24, 3),
    "schools_cwsn_trained_teachers": Profile(25, 10, 8, 15, 24, 4),
    "class_x_60pct_boys": Profile(35, 10, 8, 5, 24, 5),
    "class_x_60pct_girls": Profile(38, 10, 8, 5, 24, 5),
    "class_xii_60pct_boys": Profile(40, 10, 8, 5, 24, 5),
    "class_xii_60pct_girls": Profile(44, 10, 8, 5, 24, 5),
    "fpo_formed": Profile(40, 12, 15, 40, 18, 5),
    # Soil samples are collected before the kharif and rabi seasons; cards follow.
    "soil_health_cards": Profile(55, 10, 10, 25, 18, 5, season_amp=8, season_peak=5),
    "pm_kisan_seeded": Profile(75, 8, 8, 15, 20, 3),
    # FMD vaccination runs in campaign rounds; coverage peaks after the autumn round.
    "fmd_vaccination": Profile(60, 10, 10, 12, 24, 5, season_amp=10, season_peak=10),
}

# Stage of groundwater extraction is not a coverage: it is drawn separately
# (log-normal around 65%, far higher in the over-exploited north-west).
GROUNDWATER_ID = "groundwater_extraction"
GROUNDWATER_HIGH_STATES = {"S03", "S06", "S08", "S07"}  # Punjab, Haryana, Rajasthan, Delhi

# JICA pilot cohorts: (cohort id, name, start, target size, {indicator: effect in points at full ramp})
PILOT_COHORTS = (
    (
        "jica_phase_1",
        "JICA pilot Phase I",
        "2024-04",
        40,
        {
            "anc_first_trimester": 8.0,
            "institutional_deliveries": 5.0,
            "child_measurement_efficiency": 10.0,
            "pw_supplementary_nutrition": 6.0,
        },
    ),
    (
        "jica_phase_2",
        "JICA pilot Phase II",
        "2026-04",
        60,
        {"soil_health_cards": 8.0, "shg_revolving_fund": 6.0, "hypertension_screening": 7.0},
    ),
)
EFFECT_RAMP_MONTHS = 12
