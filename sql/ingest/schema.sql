-- schema: every table that ingest writes, created when missing. inputs: none.
CREATE SEQUENCE IF NOT EXISTS load_file_seq START 1;

-- One row per loaded file (files are identified by the SHA-256 of their bytes).
CREATE TABLE IF NOT EXISTS load_files (
    file_id        BIGINT PRIMARY KEY,
    kind           VARCHAR NOT NULL,      -- dossiers
    path           VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL,
    bytes          BIGINT NOT NULL,
    profile        VARCHAR,
    source         VARCHAR NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL,
    rows_read      BIGINT NOT NULL,
    rows_new       BIGINT NOT NULL,
    rows_updated   BIGINT NOT NULL,
    rows_unchanged BIGINT NOT NULL,
    rows_rejected  BIGINT NOT NULL
);

-- The latest state of each (source, dossier_code): what metrics are computed from.
CREATE TABLE IF NOT EXISTS raw_dossiers (
    file_id        BIGINT NOT NULL,       -- load_files.file_id of the file it came from
    line           BIGINT NOT NULL,       -- its line (sheet row, JSON record) in that file
    source         VARCHAR NOT NULL,
    dossier_code   VARCHAR NOT NULL,
    unit_code      VARCHAR NOT NULL,      -- as given (GSO code, 2025 or pre-2025, or agency id)
    procedure_code VARCHAR,
    procedure_name VARCHAR,
    field_name     VARCHAR,
    channel        TINYINT NOT NULL,      -- 1 direct, 2 online, 3 postal
    service_level  VARCHAR,               -- toan_trinh | mot_phan
    status         TINYINT NOT NULL,      -- national list 1..10
    submitted_at   TIMESTAMPTZ,
    received_at    TIMESTAMPTZ NOT NULL,
    due_at         TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    returned_at    TIMESTAMPTZ,
    fee_amount     DOUBLE,
    paid_online    TINYINT,
    e_result       BOOLEAN,
    digitized      BOOLEAN,
    complaint      BOOLEAN,
    updated_at     TIMESTAMPTZ
);

-- Every other accepted version: earlier states, stale or identical re-exports, and rows
-- superseded later in the same file. Together with raw_dossiers, the whole history.
CREATE TABLE IF NOT EXISTS raw_dossier_superseded AS SELECT * FROM raw_dossiers LIMIT 0;

-- Every accepted row of every file, as loaded: the history of each dossier.
CREATE VIEW IF NOT EXISTS raw_dossier_history AS
SELECT * FROM raw_dossier_superseded
UNION ALL
SELECT * FROM raw_dossiers;

-- Rows that failed validation. Never holds a personal column's value.
CREATE TABLE IF NOT EXISTS raw_rejects (
    file_id     BIGINT NOT NULL,
    line        BIGINT NOT NULL,
    column_name VARCHAR,
    raw_value   VARCHAR,
    reason      VARCHAR NOT NULL
);

-- Official registries, loaded from the embedded copies (see ingest/registry/README.md).
CREATE TABLE IF NOT EXISTS ref_units (
    province_code VARCHAR NOT NULL,
    province_name VARCHAR NOT NULL,
    unit_code     VARCHAR NOT NULL,
    unit_name     VARCHAR NOT NULL,
    unit_type     VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS ref_units_pre2025 (
    province_code VARCHAR NOT NULL,
    province_name VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    district_name VARCHAR NOT NULL,
    unit_code     VARCHAR NOT NULL,
    unit_name     VARCHAR NOT NULL,
    unit_type     VARCHAR NOT NULL
);
-- Official old -> new commune conversion; seq is the order the table lists targets in.
CREATE TABLE IF NOT EXISTS ref_unit_conversion (
    old_code VARCHAR NOT NULL,
    new_code VARCHAR NOT NULL,
    seq      INTEGER NOT NULL
);
-- User crosswalk from electronic agency ids (mã định danh) to GSO codes.
CREATE TABLE IF NOT EXISTS ref_agency_units (
    agency_code VARCHAR NOT NULL,
    unit_code   VARCHAR NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
