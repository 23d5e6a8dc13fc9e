-- scorecard_pre2025: one row per (level, period, unit) on the pre-2025 units (levels commune, district and old province), for the periods that end by the reorganisation: the metrics of unit_metrics_all, the index over cfg_index_components, ranks of communes within their old district, their old province and the 2025 province they now belong to, with registry names; what `--units pre2025` reports read. inputs: unit_metrics_all, cfg_index_components, cfg_bands, cfg_build, ref_units_pre2025, ref_unit_conversion, ref_units.
CREATE OR REPLACE TABLE scorecard_pre2025 AS
WITH m AS (
    SELECT * FROM unit_metrics_all WHERE units = 'pre2025'
),
components AS (
    SELECT m.level, m.period, m.unit_code, c.ord, c.metric, c.component, c.points, c.na_policy,
           m.rates[c.metric] AS rate,
           index_points(m.rates[c.metric], c.points, c.scoring, c.full_at, c.factor, c.na_policy) AS earned
    FROM m CROSS JOIN cfg_index_components c
),
idx AS (
    SELECT level, period, unit_code,
           sum(earned) AS earned,
           sum(points) FILTER (WHERE rate IS NOT NULL OR na_policy <> 'omit') AS available,
           count(rate) AS measured,
           coalesce(string_agg(CASE WHEN metric = 'none' THEN component ELSE metric END, ',' ORDER BY ord)
                    FILTER (WHERE rate IS NULL AND na_policy = 'omit'), '') AS not_measured
    FROM components
    GROUP BY level, period, unit_code
),
province_2025 AS (
    -- each old province went whole into one 2025 province
    SELECT o.province_code AS old_province_code, any_value(u.province_code) AS province_code_2025
    FROM ref_units_pre2025 o
    JOIN ref_unit_conversion c ON c.old_code = o.unit_code
    JOIN ref_units u ON u.unit_code = c.new_code
    GROUP BY o.province_code
),
old_names AS (
    SELECT DISTINCT province_code, province_name, district_code, district_name FROM ref_units_pre2025
),
scored AS (
    SELECT m.*, p.province_code_2025,
           round(i.earned, 2) AS points_earned,
           CASE WHEN i.measured > 0 THEN i.available END AS points_available,
           CASE WHEN i.measured > 0 THEN round(100 * i.earned / nullif(i.available, 0), 2) END AS index_score,
           i.not_measured,
           m.processed < (SELECT low_volume_below FROM cfg_build) AS low_volume
    FROM m
    JOIN idx i USING (level, period, unit_code)
    LEFT JOIN province_2025 p ON p.old_province_code = m.province_code
),
ranked AS (
    SELECT *,
           CASE WHEN level = 'commune' AND index_score IS NOT NULL THEN
                rank() OVER (PARTITION BY level, period, district_code, index_score IS NOT NULL ORDER BY index_score DESC) END AS rank_in_district,
           CASE WHEN level = 'commune' AND index_score IS NOT NULL THEN
                rank() OVER (PARTITION BY level, period, province_code, index_score IS NOT NULL ORDER BY index_score DESC) END AS rank_in_province,
           CASE WHEN level = 'commune' AND index_score IS NOT NULL THEN
                rank() OVER (PARTITION BY level, period, province_code_2025, index_score IS NOT NULL ORDER BY index_score DESC) END AS rank_in_province_2025,
           CASE WHEN level = 'district' AND index_score IS NOT NULL THEN
                rank() OVER (PARTITION BY level, period, province_code, index_score IS NOT NULL ORDER BY index_score DESC) END AS district_rank_in_province
    FROM scored
)
SELECT r.level, r.period, r.period_kind, r.period_start, r.period_end, r.prev_period,
       r.province_code, pn.province_name,
       r.district_code, dn.district_name,
       r.unit_code,
       CASE r.level WHEN 'commune' THEN u.unit_name WHEN 'district' THEN dn.district_name ELSE pn.province_name END AS unit_name,
       r.province_code_2025,
       r.received, r.received_online, r.received_direct, r.received_postal, r.online_rate,
       r.processed, r.processed_on_time, r.ontime_rate,
       r.finished, r.finished_early, r.finished_on_time, r.finished_late, r.ontime_rate_finished,
       r.open_overdue, r.avg_processing_days,
       r.online_payment_rate, r.e_result_rate, r.digitization_rate, r.satisfaction,
       r.index_score, r.points_earned, r.points_available, r.not_measured,
       CAST(r.rank_in_district AS INTEGER) AS rank_in_district,
       CAST(r.rank_in_province AS INTEGER) AS rank_in_province,
       CAST(r.rank_in_province_2025 AS INTEGER) AS rank_in_province_2025,
       CAST(r.district_rank_in_province AS INTEGER) AS district_rank_in_province,
       CAST(prev.rank_in_province - r.rank_in_province AS INTEGER) AS rank_change,   -- within the old province
       (SELECT band FROM cfg_bands b WHERE b.min_score <= r.index_score
        ORDER BY b.min_score DESC LIMIT 1) AS band,
       r.low_volume,
       r.carried_over, r.fee_procedure_online_rate, r.digitized_e_result_rate
FROM ranked r
LEFT JOIN ranked prev
  ON prev.level = r.level AND prev.unit_code = r.unit_code AND prev.period = r.prev_period
LEFT JOIN (SELECT DISTINCT province_code, province_name FROM old_names) pn ON pn.province_code = r.province_code
LEFT JOIN (SELECT DISTINCT district_code, district_name FROM old_names) dn ON dn.district_code = r.district_code
-- (an equality on both sides: a condition on one side alone would make it a nested-loop join)
LEFT JOIN ref_units_pre2025 u ON u.unit_code = CASE WHEN r.level = 'commune' THEN r.unit_code END;
