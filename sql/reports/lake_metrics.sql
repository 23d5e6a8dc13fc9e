-- lake_metrics: one row per (level, month, unit) of the scorecard, partitioned by province and month. inputs: scorecard.
SELECT * EXCLUDE (period, period_kind),
       province_code AS province,
       period AS month
FROM scorecard
WHERE period_kind = 'month'
ORDER BY province, month, level, unit_code
