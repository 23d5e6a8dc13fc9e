-- build_config: the cfg_* tables that package transform fills from the index YAML and the build flags before the transforms run. inputs: none.
CREATE OR REPLACE TABLE cfg_index_groups (
    ord             INTEGER NOT NULL,
    group_key       VARCHAR NOT NULL,
    label_vi        VARCHAR NOT NULL,
    label_en        VARCHAR NOT NULL,
    points          DOUBLE NOT NULL,   -- = the sum of the group's components
    portal_endpoint VARCHAR            -- the portal's evaluation endpoint scoring the same criterion, e.g. dvc-progress-tree
);
CREATE OR REPLACE TABLE cfg_index_components (
    ord       INTEGER NOT NULL,
    component VARCHAR NOT NULL,
    label_vi  VARCHAR NOT NULL,
    label_en  VARCHAR NOT NULL,
    metric    VARCHAR NOT NULL,    -- a rate of unit_metrics, fee_procedure_synced_rate (portal counts only) or 'none'
    points    DOUBLE NOT NULL,
    full_at   DOUBLE,              -- threshold: full points at rate ≥ full_at, linear below
    scoring   VARCHAR NOT NULL,    -- linear | threshold | capped
    factor    DOUBLE,              -- capped: min(points, factor × rate / 100)
    na_policy VARCHAR NOT NULL,    -- rate empty: omit (left out of earned and available) | full | zero
    group_key VARCHAR NOT NULL,
    target    DOUBLE,              -- target rate (%), NULL when none
    source    VARCHAR              -- where the formula comes from
);
CREATE OR REPLACE TABLE cfg_bands (
    min_score DOUBLE NOT NULL,
    band      VARCHAR NOT NULL
);
CREATE OR REPLACE TABLE cfg_build (
    low_volume_below     BIGINT NOT NULL,  -- fewer processed dossiers than this flags low_volume
    through_month        DATE,             -- last month built; NULL = the last month with data
    index_config         VARCHAR NOT NULL, -- the preset name or file the index came from
    reorganised_on       DATE NOT NULL DEFAULT DATE '2025-07-01', -- the 2025 communes apply from this day (QĐ 19/2025/QĐ-TTg)
    explain_max_dossiers BIGINT NOT NULL   -- explain_dossiers keeps at most this many per commune and period
);
CREATE OR REPLACE TABLE cfg_reconcile (
    count_tolerance_pct DOUBLE NOT NULL,   -- counts differ beyond this % of the portal's count
    ratio_tolerance     DOUBLE NOT NULL,   -- ratios differ beyond this many percentage points
    score_tolerance     DOUBLE NOT NULL    -- scores differ beyond this many points
);
CREATE OR REPLACE TABLE cfg_integrity (
    online_jump_points DOUBLE NOT NULL,    -- online_rate rise since the previous month that is flagged
    quick_minutes      DOUBLE NOT NULL,    -- an online dossier received and finished within this is "quick"
    quick_share_pct    DOUBLE NOT NULL,    -- share of quick online dossiers that is flagged
    min_dossiers       BIGINT NOT NULL,    -- no flag below this many dossiers
    office_from        TIME NOT NULL,      -- office hours, local time
    office_to          TIME NOT NULL,
    office_days        INTEGER[] NOT NULL  -- ISO weekdays, Monday = 1
);
