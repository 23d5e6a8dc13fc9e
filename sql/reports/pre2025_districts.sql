-- pre2025_districts: one row per district of a pre-2025 province in the registry, with data or not, for a period: its figures in the column order of provinces.sql (counts 0 and the rest NULL without data), then its rank among the province's districts. inputs: ref_units_pre2025, scorecard_pre2025. args: $1 pre-2025 province_code, $2 period.
WITH reg AS (
    SELECT DISTINCT district_code, district_name FROM ref_units_pre2025 WHERE province_code = $1
), sc AS (
    SELECT * FROM scorecard_pre2025 WHERE level = 'district' AND period = $2 AND province_code = $1
)
SELECT
    reg.district_code,
    reg.district_name,
    sc.unit_code IS NOT NULL AS has_data,
    -- include: reports/parts/figures.sql
    sc.district_rank_in_province AS rank,
    NULL::INTEGER AS rank_change,
    sc.band,
    sc.low_volume,
    0::BIGINT AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM reg LEFT JOIN sc ON sc.unit_code = reg.district_code
ORDER BY reg.district_code;
