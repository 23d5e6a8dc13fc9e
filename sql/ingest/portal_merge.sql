-- portal_merge: writes a matched snapshot: raw_portal_snapshots, raw_portal_units, raw_portal_values, the crosswalk ref_portal_units (latest match per department_code) and, for communes matched by name whose agency code the crosswalk does not know yet, ref_agency_units. inputs: stage_portal_snapshot, stage_portal_units, stage_portal_values, stage_portal_result, ref_agency_units.
INSERT INTO raw_portal_snapshots
SELECT file_id, endpoint, period, chart_months, root_department_id, root_code, root_name, province_code, captured_at
FROM stage_portal_snapshot;

INSERT INTO raw_portal_units
SELECT (SELECT file_id FROM stage_portal_snapshot), ord, role, department_id, department_code, department_name, level
FROM stage_portal_units;

INSERT INTO raw_portal_values
SELECT (SELECT file_id FROM stage_portal_snapshot), ord, field, value
FROM stage_portal_values;

DELETE FROM ref_portal_units
WHERE department_code IN (SELECT department_code FROM stage_portal_result WHERE department_code IS NOT NULL);

INSERT INTO ref_portal_units
SELECT r.department_code, r.department_id, r.department_name, r.level, s.province_code,
       r.unit_code, r.match_method, s.file_id, s.loaded_at
FROM stage_portal_result r, stage_portal_snapshot s
WHERE r.department_code IS NOT NULL;

INSERT INTO ref_agency_units
SELECT r.department_code, r.unit_code, s.loaded_at
FROM stage_portal_result r, stage_portal_snapshot s
WHERE r.unit_code IS NOT NULL AND r.department_code IS NOT NULL
  AND r.match_method <> 'crosswalk'
  AND NOT EXISTS (SELECT 1 FROM ref_agency_units a WHERE a.agency_code = r.department_code);
