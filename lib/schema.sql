-- ABP dashboard data model. One DuckDB file; every table is documented in README.md.

CREATE TABLE IF NOT EXISTS units (
    unit_id      VARCHAR PRIMARY KEY,   -- level letter + LGD code: 'S09', 'D164', 'B900123'
    level        VARCHAR NOT NULL CHECK (level IN ('state', 'district', 'block')),
    name         VARCHAR NOT NULL,
    lgd_code     VARCHAR NOT NULL,      -- the code as published (unique only within a level)
    parent_id    VARCHAR,               -- the unit one level up; NULL for states
    state_id     VARCHAR NOT NULL,      -- denormalised for fast filtering
    district_id  VARCHAR,               -- NULL for states
    aspirational BOOLEAN NOT NULL DEFAULT FALSE,
    census2011_code VARCHAR,            -- districts (and states): the Census 2011 code, a crosswalk
    census2001_code VARCHAR,            -- districts: the Census 2001 code (numbered within the state)
    in_register  BOOLEAN                -- TRUE: from the shipped LGD register; FALSE: added by a file
);
-- Databases made before the register carried its code crosswalk.
ALTER TABLE units ADD COLUMN IF NOT EXISTS census2011_code VARCHAR;
ALTER TABLE units ADD COLUMN IF NOT EXISTS census2001_code VARCHAR;
ALTER TABLE units ADD COLUMN IF NOT EXISTS in_register BOOLEAN;

CREATE TABLE IF NOT EXISTS indicators (
    indicator_id VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    short_name   VARCHAR NOT NULL,
    theme        VARCHAR NOT NULL,      -- official ABP theme
    score_group  VARCHAR NOT NULL,      -- scoring group (Health and Nutrition are separate)
    unit         VARCHAR NOT NULL CHECK (unit IN ('%', 'count', 'ratio')),
    direction    VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower')),
    periodicity  VARCHAR NOT NULL CHECK (periodicity IN ('monthly', 'quarterly', 'annual')),
    sdg_goal     INTEGER,
    sdg_target   VARCHAR,
    sampoornata  BOOLEAN NOT NULL DEFAULT FALSE,
    source       VARCHAR,
    valid_min    DOUBLE,
    valid_max    DOUBLE,
    target       DOUBLE,                -- NULL: 100 if higher is better, 0 if lower (groundwater: 70)
    official_name VARCHAR,              -- the name NITI's ABP dashboard and its downloads print
    aliases      VARCHAR,               -- other names files use, separated by '|'
    name_hi      VARCHAR,               -- the Hindi name (empty: the English one stands in)
    short_name_hi VARCHAR
);
-- Databases made before the catalogue kept the official and the Hindi names.
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS official_name VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS aliases VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS name_hi VARCHAR;
ALTER TABLE indicators ADD COLUMN IF NOT EXISTS short_name_hi VARCHAR;

CREATE TABLE IF NOT EXISTS loads (
    load_id       INTEGER PRIMARY KEY,
    kind          VARCHAR NOT NULL,     -- catalogue | units | boundaries | observations | cohorts | demo
    source        VARCHAR NOT NULL,     -- file name or generator
    sha256        VARCHAR,
    rows_in       BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL DEFAULT 0,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP NOT NULL,
    note          VARCHAR,
    loaded_by     VARCHAR               -- system user (CLI) or the name given on the admin page
);
-- Databases made before the audit recorded who loaded what.
ALTER TABLE loads ADD COLUMN IF NOT EXISTS loaded_by VARCHAR;
-- What a load wrote, as a hash: the same file read with other options or another catalogue writes
-- other rows, so it is not "already loaded" (NULL for loads made before).
ALTER TABLE loads ADD COLUMN IF NOT EXISTS content_sha256 VARCHAR;

CREATE TABLE IF NOT EXISTS observations (
    unit_id      VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period       DATE NOT NULL,         -- first day of the month the value is for
    value        DOUBLE,
    numerator    DOUBLE,
    denominator  DOUBLE,
    load_id      INTEGER NOT NULL,
    PRIMARY KEY (unit_id, indicator_id, period)
);

CREATE TABLE IF NOT EXISTS cohorts (
    cohort_id    VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    start_period DATE NOT NULL,
    description  VARCHAR
);

CREATE TABLE IF NOT EXISTS cohort_members (
    cohort_id VARCHAR NOT NULL,
    unit_id   VARCHAR NOT NULL,
    PRIMARY KEY (cohort_id, unit_id)
);

CREATE TABLE IF NOT EXISTS boundaries (
    unit_id      VARCHAR PRIMARY KEY,
    level        VARCHAR NOT NULL,
    geometry     BLOB NOT NULL,         -- WKB, EPSG:4326, as loaded (2-D)
    area_km2     DOUBLE,
    centroid_lon DOUBLE,
    centroid_lat DOUBLE,
    source       VARCHAR
);
-- Databases made before kept a simplified copy no page read (maps simplify per zoom level);
-- it was NOT NULL, so new outlines could not be written beside it.
ALTER TABLE boundaries DROP COLUMN IF EXISTS geometry_display;

CREATE TABLE IF NOT EXISTS dataset_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- Synthetic demo only: the effects planted in pilot blocks and the data-entry
-- errors planted for quality checks. Tests read these; pages never show them.
CREATE TABLE IF NOT EXISTS demo_true_effects (
    cohort_id     VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    months_since_start INTEGER NOT NULL,
    nominal_effect DOUBLE NOT NULL,     -- percentage points added before capping
    realised_att  DOUBLE,               -- mean (treated - counterfactual) over reporting cohort blocks
    PRIMARY KEY (cohort_id, indicator_id, months_since_start)
);

CREATE TABLE IF NOT EXISTS demo_planted_errors (
    unit_id      VARCHAR NOT NULL,
    indicator_id VARCHAR NOT NULL,
    period       DATE NOT NULL,
    kind         VARCHAR NOT NULL,      -- over_100 | spike
    clean_value  DOUBLE NOT NULL,
    PRIMARY KEY (unit_id, indicator_id, period)
);
