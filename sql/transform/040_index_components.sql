-- index_components: one row per (level, period, unit, index component): the component's rate and the points it earns (NULL when not measured). inputs: unit_metrics, cfg_index_components.
CREATE OR REPLACE TABLE index_components AS
WITH rates AS (
    SELECT m.level, m.period, m.unit_code, c.ord, c.component, c.label_vi, c.label_en, c.metric,
           c.points, c.full_at,
           CASE c.metric
             WHEN 'online_rate'          THEN m.online_rate
             WHEN 'ontime_rate'          THEN m.ontime_rate
             WHEN 'ontime_rate_finished' THEN m.ontime_rate_finished
             WHEN 'online_payment_rate'  THEN m.online_payment_rate
             WHEN 'e_result_rate'        THEN m.e_result_rate
             WHEN 'digitization_rate'    THEN m.digitization_rate
             WHEN 'satisfaction'         THEN m.satisfaction
           END AS rate
    FROM unit_metrics m
    CROSS JOIN cfg_index_components c
)
SELECT level, period, unit_code, ord, component, label_vi, label_en, metric, rate,
       points AS points_max,
       CASE
         WHEN rate IS NULL THEN NULL
         WHEN full_at IS NULL THEN points * least(rate, 100) / 100
         ELSE points * least(1, rate / full_at)
       END AS points_earned
FROM rates;
