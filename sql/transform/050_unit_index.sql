-- unit_index: one row per (level, period, unit): the reform index (SPEC §4.1) over the measured components. inputs: index_components.
CREATE OR REPLACE TABLE unit_index AS
SELECT level, period, unit_code,
       round(sum(points_earned), 2)                                        AS points_earned,
       sum(points_max) FILTER (WHERE rate IS NOT NULL)                     AS points_available,
       round(100 * sum(points_earned)
             / nullif(sum(points_max) FILTER (WHERE rate IS NOT NULL), 0), 2) AS index_score,
       coalesce(string_agg(metric, ',' ORDER BY ord) FILTER (WHERE rate IS NULL), '') AS not_measured
FROM index_components
GROUP BY level, period, unit_code;
