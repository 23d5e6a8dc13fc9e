-- dossier_stage: the temporary tables of one file's load (never written to the database file), created inside the file's transaction: known_units (every unit code a dossier may carry) and stage_text (rows that Go reads itself, or that DuckDB reads from JSON or Parquet, as text). inputs: ref_units, ref_units_pre2025, ref_agency_units.
CREATE OR REPLACE TEMP TABLE known_units AS
SELECT unit_code AS code FROM ref_units
UNION
SELECT unit_code FROM ref_units_pre2025
UNION
SELECT agency_code FROM ref_agency_units;

CREATE OR REPLACE TEMP TABLE stage_text (
    line             BIGINT NOT NULL,
    fault            VARCHAR,             -- a fault of the whole row (wrong number of fields...): not typed
    r_dossier_code   VARCHAR,
    r_unit_code      VARCHAR,
    r_procedure_code VARCHAR,
    r_procedure_name VARCHAR,
    r_field_name     VARCHAR,
    r_channel        VARCHAR,
    r_service_level  VARCHAR,
    r_status         VARCHAR,
    r_submitted_at   VARCHAR,
    r_received_at    VARCHAR,
    r_due_at         VARCHAR,
    r_finished_at    VARCHAR,
    r_returned_at    VARCHAR,
    r_fee_amount     VARCHAR,
    r_paid_online    VARCHAR,
    r_e_result       VARCHAR,
    r_digitized      VARCHAR,
    r_complaint      VARCHAR,
    r_updated_at     VARCHAR
);
