-- communes: one row per commune of a province for a period, every registry commune whether it has data or not; counts of a commune without data are 0, everything else NULL. inputs: ref_units, scorecard. args: $1 province_code, $2 period.
WITH reg AS (
    SELECT unit_code, unit_name FROM ref_units WHERE province_code = $1
), sc AS (
    SELECT * FROM scorecard WHERE level = 'commune' AND period = $2 AND province_code = $1
)
SELECT
    unit_code,
    coalesce(sc.unit_name, reg.unit_name) AS unit_name,
    sc.unit_code IS NOT NULL AS has_data,
    -- include: reports/parts/figures.sql
    sc.rank,
    sc.rank_change,
    sc.band,
    sc.low_volume,
    coalesce(sc.split_mapped, 0) AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM reg FULL JOIN sc USING (unit_code)
ORDER BY unit_code;
