-- unmapped_units: one row per unit code rejected as unknown (not a 2025 or pre-2025 commune, nor an imported agency id), most frequent first, at most $1. inputs: raw_rejects.
SELECT coalesce(raw_value, '') AS unit_code, count(*) AS n
FROM raw_rejects
WHERE reason = 'unknown unit'
GROUP BY 1
ORDER BY n DESC, unit_code
LIMIT $1;
