-- stg_dossiers: one row per eligible dossier (latest state), on its 2025 commune, with its finish time F, and, when it was received before the reorganisation under a pre-2025 commune code, that old commune. inputs: raw_dossiers, ref_units, ref_units_pre2025, ref_unit_conversion, ref_agency_units, cfg_build.
CREATE OR REPLACE TABLE stg_dossiers AS
WITH conversion AS (FROM code_conversion()),
agency AS (FROM agency_units()),
gso AS (
    SELECT d.*, coalesce(a.unit_code, d.unit_code) AS gso_code
    FROM raw_dossiers d
    LEFT JOIN agency a ON a.agency_code = d.unit_code
),
read_as AS (
    -- A code is read as a pre-2025 commune when it is one (or the conversion table lists it)
    -- and either the dossier was received before the reorganisation or the code is no 2025
    -- commune. Almost every 2025 code is also an old code that maps to itself, so before
    -- 1 July 2025 the same code names the old commune, from then on the new one.
    SELECT g.*,
           g.received_at < (SELECT reorganised_on FROM cfg_build)::TIMESTAMPTZ AS before_reorg,
           u.unit_code IS NOT NULL AS is_2025_code,
           o.unit_code IS NOT NULL AS is_pre2025_code,
           (o.unit_code IS NOT NULL OR c.old_code IS NOT NULL)
             AND (g.received_at < (SELECT reorganised_on FROM cfg_build)::TIMESTAMPTZ OR u.unit_code IS NULL) AS via_old,
           c.new_code AS converted_code,
           coalesce(c.split, false) AS old_split,
           o.district_code AS old_district_code,
           o.province_code AS old_province_code
    FROM gso g
    LEFT JOIN ref_units u ON u.unit_code = g.gso_code
    LEFT JOIN ref_units_pre2025 o ON o.unit_code = g.gso_code
    LEFT JOIN conversion c ON c.old_code = g.gso_code
),
mapped AS (
    SELECT *,
           CASE WHEN via_old AND converted_code IS NOT NULL THEN converted_code
                ELSE coalesce(CASE WHEN is_2025_code THEN gso_code END, converted_code) END AS unit_2025,
           -- the old commune was split between several 2025 communes (SPEC §2 data-quality note)
           CASE WHEN via_old AND old_split THEN gso_code END AS split_from
    FROM read_as
)
SELECT m.source,
       m.dossier_code,
       m.unit_2025 AS unit_code,
       r.province_code,
       m.split_from IS NOT NULL AS split_mapped,
       m.procedure_code,
       m.procedure_name,
       m.channel,
       m.status,
       m.received_at,
       m.due_at,
       -- F: finished_at, else returned_at; a terminal status with neither falls back to updated_at.
       coalesce(m.finished_at, m.returned_at,
                CASE WHEN m.status IN (7, 8, 9, 10) THEN m.updated_at END) AS finish_at,
       m.fee_amount,
       m.paid_online,
       m.e_result,
       m.digitized,
       m.complaint,
       m.unit_code AS unit_code_given,        -- as in the export (GSO code or agency id)
       m.split_from,                          -- the split pre-2025 commune the dossier came through, else NULL
       -- The pre-2025 commune, for dossiers received before the reorganisation under a code that
       -- named a commune then; NULL otherwise (a 2025-only code cannot be split back).
       CASE WHEN m.before_reorg AND m.is_pre2025_code THEN m.gso_code END AS old_unit_code,
       CASE WHEN m.before_reorg AND m.is_pre2025_code THEN m.old_district_code END AS old_district_code,
       CASE WHEN m.before_reorg AND m.is_pre2025_code THEN m.old_province_code END AS old_province_code,
       m.field_name,
       m.service_level,
       m.submitted_at
FROM mapped m
JOIN ref_units r ON r.unit_code = m.unit_2025
WHERE m.status NOT IN (1, 3);
