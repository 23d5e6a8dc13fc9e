-- dossier_merge: folds stage_dossiers into raw_dossier_history (every version) and raw_dossiers (latest per source, dossier_code); leaves stage_result (one row per dossier of the file, outcome new|updated|unchanged). inputs: stage_dossiers, raw_dossiers, ref_units, ref_units_pre2025, ref_agency_units.

-- A unit must be a 2025 commune, a pre-2025 commune or an agency id of the crosswalk.
CREATE OR REPLACE TEMP TABLE stage_unknown_unit AS
SELECT s.line, s.unit_code
FROM stage_dossiers s
WHERE NOT EXISTS (SELECT 1 FROM ref_units u WHERE u.unit_code = s.unit_code)
  AND NOT EXISTS (SELECT 1 FROM ref_units_pre2025 u WHERE u.unit_code = s.unit_code)
  AND NOT EXISTS (SELECT 1 FROM ref_agency_units a WHERE a.agency_code = s.unit_code);

INSERT INTO raw_rejects
SELECT (SELECT any_value(file_id) FROM stage_dossiers), line, 'unit_code', unit_code, 'unknown unit'
FROM stage_unknown_unit;

DELETE FROM stage_dossiers WHERE line IN (SELECT line FROM stage_unknown_unit);

INSERT INTO raw_dossier_history SELECT * FROM stage_dossiers;

-- Within one file the same dossier may appear twice: the later updated_at wins, else the later line.
CREATE OR REPLACE TEMP TABLE stage_latest AS
SELECT * FROM stage_dossiers
QUALIFY row_number() OVER (PARTITION BY source, dossier_code
                           ORDER BY updated_at DESC NULLS LAST, line DESC) = 1;

-- Against what is loaded: a newer (or equal, or unknown) updated_at wins, since this file
-- is loaded later; a stale re-export (older updated_at) changes nothing.
CREATE OR REPLACE TEMP TABLE stage_result AS
SELECT s.source, s.dossier_code,
       CASE
         WHEN d.dossier_code IS NULL THEN 'new'
         WHEN (d.updated_at IS NULL OR s.updated_at IS NULL OR s.updated_at >= d.updated_at)
          AND (s.unit_code IS DISTINCT FROM d.unit_code
            OR s.procedure_code IS DISTINCT FROM d.procedure_code
            OR s.procedure_name IS DISTINCT FROM d.procedure_name
            OR s.field_name IS DISTINCT FROM d.field_name
            OR s.channel IS DISTINCT FROM d.channel
            OR s.service_level IS DISTINCT FROM d.service_level
            OR s.status IS DISTINCT FROM d.status
            OR s.submitted_at IS DISTINCT FROM d.submitted_at
            OR s.received_at IS DISTINCT FROM d.received_at
            OR s.due_at IS DISTINCT FROM d.due_at
            OR s.finished_at IS DISTINCT FROM d.finished_at
            OR s.returned_at IS DISTINCT FROM d.returned_at
            OR s.fee_amount IS DISTINCT FROM d.fee_amount
            OR s.paid_online IS DISTINCT FROM d.paid_online
            OR s.e_result IS DISTINCT FROM d.e_result
            OR s.digitized IS DISTINCT FROM d.digitized
            OR s.complaint IS DISTINCT FROM d.complaint
            OR s.updated_at IS DISTINCT FROM d.updated_at) THEN 'updated'
         ELSE 'unchanged'
       END AS outcome
FROM stage_latest s
LEFT JOIN raw_dossiers d ON d.source = s.source AND d.dossier_code = s.dossier_code;

DELETE FROM raw_dossiers d
USING stage_result r
WHERE r.outcome = 'updated' AND d.source = r.source AND d.dossier_code = r.dossier_code;

INSERT INTO raw_dossiers
SELECT s.*
FROM stage_latest s
JOIN stage_result r ON r.source = s.source AND r.dossier_code = s.dossier_code
WHERE r.outcome IN ('new', 'updated');
