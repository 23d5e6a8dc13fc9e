-- portal_routes: one row per (file_id, route_hash) of the loaded access logs: its unit resolved to a 2025 commune and province, its procedure, static and submission flags. inputs: raw_access_routes, ref_units, ref_unit_conversion, ref_agency_units.
CREATE OR REPLACE TABLE portal_routes AS
WITH conversion AS (FROM code_conversion()),
agency AS (FROM agency_units()),
gso AS (
    SELECT r.*, coalesce(a.unit_code, r.unit_ref) AS gso_code
    FROM raw_access_routes r
    LEFT JOIN agency a ON a.agency_code = r.unit_ref
)
SELECT g.file_id,
       g.route_hash,
       g.host,
       g.method,
       g.path,
       g.site,
       g.unit_ref,                                   -- as the sites file gave or captured it
       coalesce(u.unit_code, v.unit_code) AS unit_code, -- a 2025 commune; NULL when unmapped or unknown
       coalesce(u.province_code, v.province_code, g.site_province) AS province_code,
       g.procedure_code,
       g.is_static,
       g.is_submission
FROM gso g
LEFT JOIN ref_units u ON u.unit_code = g.gso_code
-- (an equality on both sides: a condition on one side alone would make it a nested-loop join)
LEFT JOIN conversion c ON c.old_code = CASE WHEN u.unit_code IS NULL THEN g.gso_code END
LEFT JOIN ref_units v ON v.unit_code = c.new_code;
