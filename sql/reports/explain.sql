-- explain: one row per (unit_code, ord) index component of the communes of a province for a period, with its change since the previous period (docs/index.md). inputs: explain, scorecard. args: $1 province_code, $2 period.
SELECT e.period, e.province_code, e.unit_code, s.unit_name, e.ord, e.component, e.label_vi, e.label_en,
       e.rate, e.rate_prev, round(e.points_earned, 4) AS points_earned, round(e.points_earned_prev, 4) AS points_earned_prev, e.points_delta,
       e.index_contribution, e.index_change, e.focus_reason
FROM explain e
LEFT JOIN scorecard s ON s.level = e.level AND s.period = e.period AND s.unit_code = e.unit_code
WHERE e.level = 'commune' AND e.period = $2 AND e.province_code = $1
ORDER BY e.unit_code, e.ord;
