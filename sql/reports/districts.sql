-- districts: one row per (2025 commune of a province, pre-2025 district) that the commune took land from, per the official conversion table. inputs: ref_units, ref_unit_conversion, ref_units_pre2025. args: $1 province_code.
SELECT DISTINCT c.new_code AS unit_code, p.district_name
FROM ref_unit_conversion c
JOIN ref_units_pre2025 p ON p.unit_code = c.old_code
JOIN ref_units u ON u.unit_code = c.new_code
WHERE u.province_code = $1
ORDER BY unit_code, district_name;
