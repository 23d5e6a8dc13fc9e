-- pre2025_communes: one row per commune of a pre-2025 province in the registry, with data or not, for a period: its figures in the column order of communes.sql (rank and rank_change within the old province; counts 0 and the rest NULL without data), then its district, its rank within the district, the 2025 province it went to with its rank there, and how many communes are ranked in its district, old province and 2025 province. inputs: ref_units_pre2025, ref_units, scorecard_pre2025. args: $1 pre-2025 province_code, $2 period.
WITH reg AS (
    SELECT unit_code, unit_name, district_code, district_name FROM ref_units_pre2025 WHERE province_code = $1
), communes AS (
    SELECT *,
           count(rank_in_district) OVER (PARTITION BY district_code)             AS ranked_in_district,
           count(rank_in_province) OVER (PARTITION BY province_code)             AS ranked_in_province,
           count(rank_in_province_2025) OVER (PARTITION BY province_code_2025)   AS ranked_in_province_2025
    FROM scorecard_pre2025
    WHERE level = 'commune' AND period = $2
), sc AS (
    SELECT * FROM communes WHERE province_code = $1
), names_2025 AS (
    SELECT province_code, min(province_name) AS province_name FROM ref_units GROUP BY province_code
)
SELECT
    reg.unit_code,
    coalesce(sc.unit_name, reg.unit_name) AS unit_name,
    sc.unit_code IS NOT NULL AS has_data,
    -- include: reports/parts/figures.sql
    sc.rank_in_province AS rank,
    sc.rank_change,
    sc.band,
    sc.low_volume,
    0::BIGINT AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured,
    reg.district_code,
    reg.district_name,
    sc.rank_in_district,
    sc.ranked_in_district,
    sc.ranked_in_province,
    sc.province_code_2025,
    n.province_name AS province_name_2025,
    sc.rank_in_province_2025,
    sc.ranked_in_province_2025
FROM reg
LEFT JOIN sc USING (unit_code)
LEFT JOIN names_2025 n ON n.province_code = sc.province_code_2025
ORDER BY reg.unit_code;
