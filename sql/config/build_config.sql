-- build_config: the cfg_* tables that package transform fills from the index YAML and the build flags before the transforms run. inputs: none.
CREATE OR REPLACE TABLE cfg_index_components (
    ord       INTEGER NOT NULL,
    component VARCHAR NOT NULL,
    label_vi  VARCHAR NOT NULL,
    label_en  VARCHAR NOT NULL,
    metric    VARCHAR NOT NULL,
    points    DOUBLE NOT NULL,
    full_at   DOUBLE              -- NULL: linear (points × rate); else full points at rate ≥ full_at, linear below
);
CREATE OR REPLACE TABLE cfg_bands (
    min_score DOUBLE NOT NULL,
    band      VARCHAR NOT NULL
);
CREATE OR REPLACE TABLE cfg_build (
    low_volume_below BIGINT NOT NULL,  -- fewer processed dossiers than this flags low_volume
    through_month    DATE              -- last month built; NULL = the last month with data
);
