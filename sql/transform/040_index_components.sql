-- index_components: one row per (level, period, unit, index component): the component's rate and the points it earns (NULL when not measured and left out), with its group, scoring, N/A policy and target. inputs: unit_metrics_all, cfg_index_components, cfg_index_groups.
CREATE OR REPLACE TABLE index_components AS
WITH rates AS (
    SELECT m.level, m.period, m.unit_code, c.*, m.rates[c.metric] AS rate
    FROM unit_metrics_all m
    CROSS JOIN cfg_index_components c
    WHERE m.units = '2025'
)
SELECT r.level, r.period, r.unit_code, r.ord, r.component, r.label_vi, r.label_en, r.metric, r.rate,
       r.points AS points_max,
       index_points(r.rate, r.points, r.scoring, r.full_at, r.factor, r.na_policy) AS points_earned,
       r.group_key,
       g.label_vi AS group_label_vi,
       g.label_en AS group_label_en,
       r.scoring,
       r.na_policy,
       r.rate IS NOT NULL OR r.na_policy <> 'omit' AS counted,   -- in the points available
       r.target,
       r.rate >= r.target AS meets_target
FROM rates r
JOIN cfg_index_groups g USING (group_key);
