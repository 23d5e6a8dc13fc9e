-- integrity_flags: the integrity flags of the communes of a province for a period, one row per (unit_code, flag) (docs/index.md). inputs: integrity_flags. args: $1 province_code, $2 period.
SELECT unit_code, flag, value, threshold, dossiers, dossiers_flagged, online_rate, online_rate_prev
FROM integrity_flags
WHERE period = $2 AND province_code = $1
ORDER BY unit_code, flag;
