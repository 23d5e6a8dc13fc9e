-- reconcile: the portal's figures beside ours for one province and period, one row per (endpoint, level, unit_code) (docs/index.md). inputs: reconcile. args: $1 province_code, $2 period.
SELECT period, endpoint, level, province_code, unit_code, unit_name, department_code, department_name,
       match_method, captured_at,
       portal_denominator, portal_numerator, portal_ratio, portal_score, portal_max_score,
       ours_denominator, ours_numerator, ours_ratio, ours_score, ours_score_max, ours_score_scaled,
       denominator_diff, ratio_diff, score_diff, ours_carried_over, edge_dossiers,
       coalesce(flagged, false) AS flagged, likely_cause
FROM reconcile
WHERE period = $2 AND province_code = $1
ORDER BY endpoint, level DESC, unit_code, department_code;
