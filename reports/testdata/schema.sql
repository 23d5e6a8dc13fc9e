-- The tables reports reads, as package transform creates them (test copy). inputs: none.
CREATE TABLE ref_units (
    province_code VARCHAR NOT NULL,
    province_name VARCHAR NOT NULL,
    unit_code     VARCHAR NOT NULL,
    unit_name     VARCHAR NOT NULL,
    unit_type     VARCHAR NOT NULL
);
CREATE TABLE scorecard (
    level VARCHAR, period VARCHAR, period_kind VARCHAR, period_start DATE, period_end DATE,
    province_code VARCHAR, province_name VARCHAR, unit_code VARCHAR, unit_name VARCHAR,
    received BIGINT, received_online BIGINT, received_direct BIGINT, received_postal BIGINT, online_rate DOUBLE,
    processed BIGINT, processed_on_time BIGINT, ontime_rate DOUBLE,
    finished BIGINT, finished_early BIGINT, finished_on_time BIGINT, finished_late BIGINT, ontime_rate_finished DOUBLE,
    open_overdue BIGINT, avg_processing_days DOUBLE, online_payment_rate DOUBLE, e_result_rate DOUBLE,
    digitization_rate DOUBLE, satisfaction DOUBLE, index_score DOUBLE, points_earned DOUBLE, points_available DOUBLE,
    not_measured VARCHAR, rank INTEGER, rank_change INTEGER, band VARCHAR, low_volume BOOLEAN, split_mapped BIGINT
);
CREATE TABLE index_components (
    level VARCHAR, period VARCHAR, unit_code VARCHAR, ord INTEGER, component VARCHAR,
    label_vi VARCHAR, label_en VARCHAR, metric VARCHAR, rate DOUBLE, points_max DOUBLE, points_earned DOUBLE
);
CREATE TABLE stg_dossiers (
    source VARCHAR, dossier_code VARCHAR, unit_code VARCHAR, province_code VARCHAR, split_mapped BOOLEAN,
    procedure_code VARCHAR, procedure_name VARCHAR, channel TINYINT, status TINYINT,
    received_at TIMESTAMPTZ, due_at TIMESTAMPTZ, finish_at TIMESTAMPTZ,
    fee_amount DOUBLE, paid_online TINYINT, e_result BOOLEAN, digitized BOOLEAN, complaint BOOLEAN
);
CREATE TABLE load_files (
    file_id BIGINT, kind VARCHAR, path VARCHAR, sha256 VARCHAR, bytes BIGINT, profile VARCHAR, source VARCHAR,
    loaded_at TIMESTAMPTZ, rows_read BIGINT, rows_new BIGINT, rows_updated BIGINT, rows_unchanged BIGINT,
    rows_rejected BIGINT
);
CREATE TABLE raw_rejects (file_id BIGINT, line BIGINT, column_name VARCHAR, raw_value VARCHAR, reason VARCHAR);
CREATE TABLE ref_units_pre2025 (
    province_code VARCHAR, province_name VARCHAR, district_code VARCHAR, district_name VARCHAR,
    unit_code VARCHAR, unit_name VARCHAR, unit_type VARCHAR
);
CREATE TABLE ref_unit_conversion (old_code VARCHAR, new_code VARCHAR, seq INTEGER);
CREATE TABLE scorecard_pre2025 (
    level VARCHAR, period VARCHAR, period_kind VARCHAR, period_start DATE, period_end DATE, prev_period VARCHAR,
    province_code VARCHAR, province_name VARCHAR, district_code VARCHAR, district_name VARCHAR,
    unit_code VARCHAR, unit_name VARCHAR, province_code_2025 VARCHAR,
    received BIGINT, received_online BIGINT, received_direct BIGINT, received_postal BIGINT, online_rate DOUBLE,
    processed BIGINT, processed_on_time BIGINT, ontime_rate DOUBLE,
    finished BIGINT, finished_early BIGINT, finished_on_time BIGINT, finished_late BIGINT, ontime_rate_finished DOUBLE,
    open_overdue BIGINT, avg_processing_days DOUBLE, online_payment_rate DOUBLE, e_result_rate DOUBLE,
    digitization_rate DOUBLE, satisfaction DOUBLE, index_score DOUBLE, points_earned DOUBLE, points_available DOUBLE,
    not_measured VARCHAR, rank_in_district INTEGER, rank_in_province INTEGER, rank_in_province_2025 INTEGER,
    district_rank_in_province INTEGER, rank_change INTEGER, band VARCHAR, low_volume BOOLEAN,
    carried_over BIGINT, fee_procedure_online_rate DOUBLE, digitized_e_result_rate DOUBLE
);
