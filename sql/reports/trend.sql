-- trend: one row per (level, unit_code, month) of a province and its communes over a range of months. inputs: scorecard. args: $1 province_code, $2 first month, $3 last month (YYYY-MM).
SELECT level, unit_code, period, online_rate, ontime_rate, index_score, rank
FROM scorecard
WHERE province_code = $1 AND period_kind = 'month' AND period BETWEEN $2 AND $3
ORDER BY level, unit_code, period;
