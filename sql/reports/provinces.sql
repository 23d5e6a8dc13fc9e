-- provinces: one row per province that has scorecard rows in a period, with its province-level figures (all NULL but the counts, which are 0, when it has no province row). inputs: scorecard. args: $1 period.
WITH p AS (
    SELECT province_code, min(province_name) AS province_name
    FROM scorecard
    WHERE period = $1
    GROUP BY province_code
), sc AS (
    SELECT * FROM scorecard WHERE level = 'province' AND period = $1
)
SELECT
    p.province_code,
    p.province_name,
    sc.unit_code IS NOT NULL AS has_data,
    -- include: reports/parts/figures.sql
    sc.rank,
    sc.rank_change,
    sc.band,
    sc.low_volume,
    coalesce(sc.split_mapped, 0) AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM p LEFT JOIN sc ON sc.unit_code = p.province_code
ORDER BY p.province_code;
