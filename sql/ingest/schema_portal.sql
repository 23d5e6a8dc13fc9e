-- schema_portal: the tables `reform ingest portal` writes (national-portal 766 evaluation snapshots and the crosswalk of its units), created when missing. inputs: none.

-- One row per loaded snapshot file (its load_files row has kind 'portal').
CREATE TABLE IF NOT EXISTS raw_portal_snapshots (
    file_id            BIGINT PRIMARY KEY,
    endpoint           VARCHAR NOT NULL,  -- evaluation API endpoint: dvc-progress-tree, provide-online-tree, formality-online-payment-tree, …
    period             VARCHAR NOT NULL,  -- 2026-08, 2026-Q3, 2026 or 2026-ytd-09 (--period; the responses carry no year)
    chart_months       VARCHAR,           -- months with data in data.monthlyChart ("08"), NULL when the file has no chart
    root_department_id VARCHAR,           -- data.parent: the province's portal ids
    root_code          VARCHAR,           -- e.g. H44
    root_name          VARCHAR,           -- e.g. UBND tỉnh Phú Thọ
    province_code      VARCHAR NOT NULL,  -- the 2025 province (--province, else matched on root_name)
    captured_at        TIMESTAMPTZ        -- when the snapshot was taken (--captured-at), if known
);

-- One row per unit of a snapshot: the parent (ord 0, the province aggregate) and each child in file order.
CREATE TABLE IF NOT EXISTS raw_portal_units (
    file_id         BIGINT NOT NULL,
    ord             INTEGER NOT NULL,
    role            VARCHAR NOT NULL,     -- parent | child
    department_id   VARCHAR,
    department_code VARCHAR,              -- portal agency code, e.g. H44.104 (not a GSO code)
    department_name VARCHAR,              -- as given, e.g. UBND xã Hy Cương
    level           VARCHAR               -- PROVINCE (provincial departments) | COMMUNE; NULL for the parent
);

-- Every numeric field of every unit as given, long format: totalReceived, totalOnTime, ratio,
-- score, … ; a nested metrics[] array as "<code>.<field>" (e.g. PUBLISH_ON_TIME.ratio). NULLs are not stored.
CREATE TABLE IF NOT EXISTS raw_portal_values (
    file_id BIGINT NOT NULL,
    ord     INTEGER NOT NULL,
    field   VARCHAR NOT NULL,
    value   DOUBLE NOT NULL
);

-- The crosswalk of portal units to 2025 communes, one row per department_code (the latest
-- snapshot's match). Matched communes are also added to ref_agency_units, so that dossiers
-- keyed by the same agency code resolve.
CREATE TABLE IF NOT EXISTS ref_portal_units (
    department_code VARCHAR NOT NULL,
    department_id   VARCHAR,
    department_name VARCHAR,
    level           VARCHAR,
    province_code   VARCHAR NOT NULL,
    unit_code       VARCHAR,             -- the 2025 commune; NULL when not matched
    match_method    VARCHAR NOT NULL,    -- crosswalk | exact | tone_insensitive | accent_insensitive | without_type | not_commune | ambiguous | conflict | unmatched
    file_id         BIGINT NOT NULL,     -- the snapshot it was matched in
    matched_at      TIMESTAMPTZ NOT NULL
);
