-- components: one row per (unit_code, ord) index component of the communes of a province for a period. inputs: index_components, scorecard. args: $1 province_code, $2 period.
SELECT c.unit_code, c.ord, c.label_vi, c.label_en, c.rate, c.points_max, c.points_earned
FROM index_components c
JOIN scorecard s ON s.level = c.level AND s.period = c.period AND s.unit_code = c.unit_code
WHERE c.level = 'commune' AND c.period = $2 AND s.province_code = $1
ORDER BY c.unit_code, c.ord;
