-- portal_match: finds the 2025 province of a staged snapshot and matches each of its commune units to a registry commune of that province; leaves stage_portal_province and stage_portal_result (one row per staged child: unit_code, match_method). inputs: stage_portal_snapshot, stage_portal_units, stage_registry_names, stage_province_names, ref_agency_units.

-- The province: --province, else the one registry province whose name matches the parent's
-- (UBND tỉnh Phú Thọ → Tỉnh Phú Thọ), trying the exact key, then tone- then accent-insensitive.
CREATE OR REPLACE TEMP TABLE stage_portal_province AS
WITH snap AS (
    SELECT * FROM stage_portal_snapshot
),
cand AS (
    SELECT 1 AS step, p.province_code FROM stage_province_names p JOIN snap s ON p.key_exact = s.root_key_exact
    UNION ALL SELECT 2, p.province_code FROM stage_province_names p JOIN snap s ON p.key_tone = s.root_key_tone
    UNION ALL SELECT 3, p.province_code FROM stage_province_names p JOIN snap s ON p.key_accent = s.root_key_accent
),
steps AS (
    SELECT step, count(DISTINCT province_code) AS n, any_value(province_code) AS province_code
    FROM cand
    GROUP BY step
)
SELECT CASE WHEN arg_min(n, step) = 1 THEN arg_min(province_code, step) END AS province_code
FROM steps;

UPDATE stage_portal_snapshot
SET province_code = coalesce(province_flag, (SELECT province_code FROM stage_portal_province));

-- Communes: a unit whose department_code the crosswalk (ref_agency_units, latest import) maps
-- to a commune of the province keeps that commune (match_method says which name key agreed, or
-- 'crosswalk' when none did); otherwise its name is compared with the registry names of the
-- province, key by key — exact (NFC, case, "UBND " and " - Tỉnh …"
-- stripped), tone-insensitive (Hòa = Hoà = Hoa), accent-insensitive (đ = d), then without the
-- type word (xã, phường, …). The first key that finds any candidate decides: one candidate is a
-- match, several are ambiguous. Provincial departments (level PROVINCE) are not communes.
CREATE OR REPLACE TEMP TABLE stage_portal_result AS
WITH snap AS (
    SELECT province_code FROM stage_portal_snapshot
),
units AS (
    SELECT u.* FROM stage_portal_units u WHERE u.role = 'child'
),
reg AS (
    SELECT r.* FROM stage_registry_names r JOIN snap USING (province_code)
),
crosswalk AS (
    -- as the macro agency_units() of the build: the latest import, then the one added last
    SELECT agency_code, unit_code
    FROM ref_agency_units
    QUALIFY row_number() OVER (PARTITION BY agency_code ORDER BY imported_at DESC, rowid DESC) = 1
),
by_crosswalk AS (
    SELECT u.ord, c.unit_code
    FROM units u
    JOIN crosswalk c ON c.agency_code = u.department_code
    JOIN reg r ON r.unit_code = c.unit_code
),
cand AS (
    SELECT u.ord, 1 AS step, 'exact' AS method, r.unit_code FROM units u JOIN reg r ON r.key_exact = u.key_exact
    UNION ALL SELECT u.ord, 2, 'tone_insensitive', r.unit_code FROM units u JOIN reg r ON r.key_tone = u.key_tone
    UNION ALL SELECT u.ord, 3, 'accent_insensitive', r.unit_code FROM units u JOIN reg r ON r.key_accent = u.key_accent
    UNION ALL SELECT u.ord, 4, 'without_type', r.unit_code FROM units u JOIN reg r ON r.key_bare = u.key_bare
),
steps AS (
    SELECT ord, step, any_value(method) AS method, count(DISTINCT unit_code) AS n, any_value(unit_code) AS unit_code
    FROM cand
    GROUP BY ord, step
),
by_name AS (
    SELECT ord, arg_min(method, step) AS method, arg_min(n, step) AS n, arg_min(unit_code, step) AS unit_code
    FROM steps
    GROUP BY ord
),
matched AS (
    -- the crosswalk wins over the name; the method says how the name agreed
    SELECT u.ord, u.department_id, u.department_code, u.department_name, u.level,
           CASE
             WHEN u.level = 'PROVINCE' THEN 'not_commune'
             WHEN x.unit_code IS NOT NULL AND n.n = 1 AND n.unit_code = x.unit_code THEN n.method
             WHEN x.unit_code IS NOT NULL THEN 'crosswalk'
             WHEN n.ord IS NULL THEN 'unmatched'
             WHEN n.n > 1 THEN 'ambiguous'
             ELSE n.method
           END AS method,
           CASE WHEN u.level IS DISTINCT FROM 'PROVINCE'
                THEN coalesce(x.unit_code, CASE WHEN n.n = 1 THEN n.unit_code END) END AS unit_code
    FROM units u
    LEFT JOIN by_crosswalk x USING (ord)
    LEFT JOIN by_name n USING (ord)
)
-- Two units of one snapshot on the same commune: neither is trusted.
SELECT ord, department_id, department_code, department_name, level,
       CASE WHEN unit_code IS NOT NULL AND count(*) OVER (PARTITION BY unit_code) > 1 THEN 'conflict' ELSE method END AS match_method,
       CASE WHEN unit_code IS NOT NULL AND count(*) OVER (PARTITION BY unit_code) > 1 THEN NULL ELSE unit_code END AS unit_code
FROM matched;
