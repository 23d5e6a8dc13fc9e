-- pre2025_trend: one row per (level, unit_code, month) of a pre-2025 province, its districts and its communes over a range of months. inputs: scorecard_pre2025. args: $1 pre-2025 province_code, $2 first month, $3 last month (YYYY-MM).
SELECT level, unit_code, period, online_rate, ontime_rate, index_score, rank_in_province
FROM scorecard_pre2025
WHERE province_code = $1 AND period_kind = 'month' AND period BETWEEN $2 AND $3
ORDER BY level, unit_code, period;
