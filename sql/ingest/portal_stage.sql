-- portal_stage: the temporary tables one portal snapshot is staged in before matching and merging (never written to the database file). inputs: none.
CREATE OR REPLACE TEMP TABLE stage_portal_snapshot (
    file_id            BIGINT NOT NULL,
    endpoint           VARCHAR NOT NULL,
    period             VARCHAR NOT NULL,
    chart_months       VARCHAR,
    root_department_id VARCHAR,
    root_code          VARCHAR,
    root_name          VARCHAR,
    root_key_exact     VARCHAR,
    root_key_tone      VARCHAR,
    root_key_accent    VARCHAR,
    province_flag      VARCHAR,        -- --province, if given
    captured_at        TIMESTAMPTZ,
    loaded_at          TIMESTAMPTZ NOT NULL,
    province_code      VARCHAR         -- filled by portal_match.sql
);
CREATE OR REPLACE TEMP TABLE stage_portal_units (
    ord             INTEGER NOT NULL,
    role            VARCHAR NOT NULL,
    department_id   VARCHAR,
    department_code VARCHAR,
    department_name VARCHAR,
    level           VARCHAR,
    key_exact       VARCHAR,   -- name keys (package ingest, portalNameKeys): see portal_match.sql
    key_tone        VARCHAR,
    key_accent      VARCHAR,
    key_bare        VARCHAR
);
CREATE OR REPLACE TEMP TABLE stage_portal_values (
    ord   INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    value DOUBLE NOT NULL
);
-- The registry's communes and provinces with the same name keys.
CREATE OR REPLACE TEMP TABLE stage_registry_names (
    province_code VARCHAR NOT NULL,
    unit_code     VARCHAR NOT NULL,
    key_exact     VARCHAR,
    key_tone      VARCHAR,
    key_accent    VARCHAR,
    key_bare      VARCHAR
);
CREATE OR REPLACE TEMP TABLE stage_province_names (
    province_code VARCHAR NOT NULL,
    key_exact     VARCHAR,
    key_tone      VARCHAR,
    key_accent    VARCHAR
);
