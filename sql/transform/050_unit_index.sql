-- unit_index: one row per (level, period, unit): the reform index (SPEC §4.1) over the components counted (measured, or given points by their N/A policy); empty when no component is measured. inputs: index_components.
CREATE OR REPLACE TABLE unit_index AS
WITH agg AS (
    SELECT level, period, unit_code,
           sum(points_earned)                                          AS earned,
           sum(points_max) FILTER (WHERE counted)                      AS available,
           count(rate)                                                 AS measured,
           -- left out of the index: a metric name, or the component key when no data measures it
           coalesce(string_agg(CASE WHEN metric = 'none' THEN component ELSE metric END, ',' ORDER BY ord)
                    FILTER (WHERE NOT counted), '')                    AS not_measured,
           coalesce(string_agg(CASE WHEN metric = 'none' THEN component ELSE metric END, ',' ORDER BY ord)
                    FILTER (WHERE rate IS NULL AND na_policy = 'full'), '') AS na_full,
           coalesce(string_agg(CASE WHEN metric = 'none' THEN component ELSE metric END, ',' ORDER BY ord)
                    FILTER (WHERE rate IS NULL AND na_policy = 'zero'), '') AS na_zero,
           sum(points_max)                                             AS points_total
    FROM index_components
    GROUP BY level, period, unit_code
)
SELECT level, period, unit_code,
       round(earned, 2)                                                  AS points_earned,
       CASE WHEN measured > 0 THEN available END                         AS points_available,
       CASE WHEN measured > 0 THEN round(100 * earned / nullif(available, 0), 2) END AS index_score,
       not_measured,
       na_full,        -- not measured, given full points (N/A policy full)
       na_zero,        -- not measured, given 0 points (N/A policy zero)
       points_total    -- every component's points, counted or not (100 for the 766-portal preset)
FROM agg;
