-- pre2025_provinces: one row per pre-2025 province with scorecard_pre2025 rows in a period, with its province-level figures, in the column order of provinces.sql (split_mapped is 0: dossiers sit on the old commune their code named). inputs: scorecard_pre2025. args: $1 period.
WITH p AS (
    SELECT province_code, min(province_name) AS province_name
    FROM scorecard_pre2025
    WHERE period = $1
    GROUP BY province_code
), sc AS (
    SELECT * FROM scorecard_pre2025 WHERE level = 'province' AND period = $1
)
SELECT
    p.province_code,
    p.province_name,
    sc.unit_code IS NOT NULL AS has_data,
    -- include: reports/parts/figures.sql
    NULL::INTEGER AS rank,
    NULL::INTEGER AS rank_change,
    sc.band,
    sc.low_volume,
    0::BIGINT AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM p LEFT JOIN sc ON sc.unit_code = p.province_code
ORDER BY p.province_code;
