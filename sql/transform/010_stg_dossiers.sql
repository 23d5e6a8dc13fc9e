-- stg_dossiers: one row per eligible dossier (latest state), on its 2025 commune, with its finish time F. inputs: raw_dossiers, ref_units, ref_unit_conversion, ref_agency_units.
CREATE OR REPLACE TABLE stg_dossiers AS
WITH conversion AS (
    -- SPEC §2: an old code goes to the commune that kept it, else to the first target listed.
    SELECT old_code,
           coalesce(max(new_code) FILTER (WHERE new_code = old_code), arg_min(new_code, seq)) AS new_code,
           count(*) > 1 AS split
    FROM ref_unit_conversion
    GROUP BY old_code
),
agency AS (
    SELECT agency_code, arg_max(unit_code, imported_at) AS unit_code
    FROM ref_agency_units
    GROUP BY agency_code
),
gso AS (
    SELECT d.*, coalesce(a.unit_code, d.unit_code) AS gso_code
    FROM raw_dossiers d
    LEFT JOIN agency a ON a.agency_code = d.unit_code
),
mapped AS (
    SELECT g.*,
           CASE WHEN u.unit_code IS NOT NULL THEN u.unit_code ELSE c.new_code END AS unit_2025,
           u.unit_code IS NULL AND coalesce(c.split, false) AS split_mapped
    FROM gso g
    LEFT JOIN ref_units u ON u.unit_code = g.gso_code
    LEFT JOIN conversion c ON c.old_code = g.gso_code
)
SELECT m.source,
       m.dossier_code,
       m.unit_2025 AS unit_code,
       r.province_code,
       m.split_mapped,
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
       m.complaint
FROM mapped m
JOIN ref_units r ON r.unit_code = m.unit_2025
WHERE m.status NOT IN (1, 3);
