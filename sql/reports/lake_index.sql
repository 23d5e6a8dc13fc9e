-- lake_index: one row per (level, month, unit, index component), partitioned by province and month. inputs: index_components, scorecard.
SELECT c.level, c.unit_code, c.ord, c.component, c.label_vi, c.label_en, c.metric, c.rate, c.points_max, c.points_earned,
       s.province_code, s.province_code AS province,
       c.period AS month
FROM index_components c
JOIN scorecard s USING (level, period, unit_code)
WHERE s.period_kind = 'month'
ORDER BY province, month, c.level, c.unit_code, c.ord
