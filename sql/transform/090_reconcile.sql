-- reconcile: one row per (period, endpoint, unit): the portal's figures (portal_evaluation, the latest snapshot) beside ours for the same 2025 commune — or province, compared on the sum of the snapshot's communes — and period: the count the endpoint scores on (denominator: dossiers in hand for progress, fee-bearing dossiers for payment, received for online), the count it credits (numerator), the ratio and the score; flagged when a difference is beyond cfg_reconcile, with likely_cause when it can be told. Our communes that no unit of the snapshot stands for are included with the portal's figures empty. inputs: portal_evaluation, unit_metrics, index_components, cfg_index_groups, periods, stg_dossiers, cfg_reconcile, ref_units.
CREATE OR REPLACE TABLE reconcile AS
WITH commune_sums AS (
    SELECT period, endpoint, province_code, sum(denominator) AS denominator, sum(numerator) AS numerator
    FROM portal_evaluation
    WHERE unit_level = 'commune'
    GROUP BY period, endpoint, province_code
),
portal AS (
    -- A province is compared on the sum of the snapshot's communes: the portal's parent also
    -- counts its provincial departments, which commune exports do not hold (its score stays the
    -- parent's). The online tree gives counts for the parent only: those are used as they are.
    SELECT p.* REPLACE (
               CASE WHEN p.unit_level = 'province' THEN coalesce(c.denominator, p.denominator) ELSE p.denominator END AS denominator,
               CASE WHEN p.unit_level = 'province' THEN coalesce(c.numerator, p.numerator) ELSE p.numerator END AS numerator,
               CASE WHEN p.unit_level = 'province' AND c.denominator IS NOT NULL
                    THEN round(100.0 * c.numerator / nullif(c.denominator, 0), 2) ELSE p.rate END AS rate),
           p.denominator AS parent_denominator
    FROM portal_evaluation p
    LEFT JOIN commune_sums c USING (period, endpoint, province_code)
    WHERE p.unit_level IN ('province', 'commune') AND p.unit_code IS NOT NULL
),
snapshots AS (
    SELECT DISTINCT period, endpoint, province_code, captured_at FROM portal_evaluation
),
ours AS (
    SELECT s.endpoint, s.captured_at, m.*,
           CASE s.endpoint WHEN 'dvc-progress-tree' THEN m.processed
                           WHEN 'formality-online-payment-tree' THEN m.fee_bearing
                           WHEN 'provide-online-tree' THEN m.received END AS denominator,
           CASE s.endpoint WHEN 'dvc-progress-tree' THEN m.processed_on_time
                           WHEN 'formality-online-payment-tree' THEN m.fee_paid_online
                           WHEN 'provide-online-tree' THEN m.received_online END AS numerator,
           CASE s.endpoint WHEN 'dvc-progress-tree' THEN m.ontime_rate
                           WHEN 'formality-online-payment-tree' THEN m.online_payment_rate
                           WHEN 'provide-online-tree' THEN m.online_rate END AS rate
    FROM snapshots s
    JOIN unit_metrics m ON m.period = s.period AND m.province_code = s.province_code
),
our_scores AS (
    SELECT c.level, c.period, c.unit_code, g.portal_endpoint AS endpoint,
           round(sum(c.points_earned), 2) AS score,
           sum(c.points_max) FILTER (WHERE c.counted) AS score_max
    FROM index_components c
    JOIN cfg_index_groups g USING (group_key)
    WHERE g.portal_endpoint IS NOT NULL
    GROUP BY c.level, c.period, c.unit_code, g.portal_endpoint
),
edges AS (
    -- dossiers received within a day of the period's start or end: what a different period
    -- boundary (UTC days, the submission date) would move in or out
    SELECT p.period, d.province_code,
           CASE WHEN grouping(d.unit_code) = 1 THEN 'province' ELSE 'commune' END AS level,
           coalesce(d.unit_code, d.province_code) AS unit_code,
           count(*) AS edge_dossiers
    FROM stg_dossiers d
    JOIN periods p
      ON (d.received_at >= p.start_at - INTERVAL 1 DAY AND d.received_at < p.start_at + INTERVAL 1 DAY)
      OR (d.received_at >= p.end_at - INTERVAL 1 DAY AND d.received_at < p.end_at + INTERVAL 1 DAY)
    WHERE p.period IN (SELECT period FROM snapshots)
    GROUP BY GROUPING SETS ((p.period, d.province_code), (p.period, d.province_code, d.unit_code))
),
paired AS (
    SELECT coalesce(p.period, o.period) AS period,
           coalesce(p.endpoint, o.endpoint) AS endpoint,
           coalesce(p.unit_level, o.level) AS level,
           coalesce(p.province_code, o.province_code) AS province_code,
           coalesce(p.unit_code, o.unit_code) AS unit_code,
           p.department_code, p.department_name, p.match_method,
           coalesce(p.captured_at, o.captured_at) AS captured_at,
           p.denominator AS portal_denominator, p.numerator AS portal_numerator, p.rate AS portal_ratio,
           p.parent_denominator AS portal_parent_denominator,
           p.portal_score, p.portal_max_score, p.score_from_counts,
           o.period IS NOT NULL AS has_ours,
           p.period IS NOT NULL AS has_portal,
           o.denominator AS ours_denominator, o.numerator AS ours_numerator, o.rate AS ours_ratio,
           o.carried_over AS ours_carried_over
    FROM portal p
    FULL JOIN ours o
      ON o.period = p.period AND o.endpoint = p.endpoint AND o.level = p.unit_level AND o.unit_code = p.unit_code
),
compared AS (
    SELECT x.*, sc.score AS ours_score, sc.score_max AS ours_score_max,
           -- on the portal's scale: a group scored over fewer points (components left out by
           -- the N/A policy) is rescaled, as the index is
           round(sc.score * x.portal_max_score / nullif(sc.score_max, 0), 2) AS ours_score_scaled,
           coalesce(e.edge_dossiers, 0) AS edge_dossiers,
           pr.end_at,
           x.ours_denominator - x.portal_denominator AS denominator_diff,
           round(x.ours_ratio - x.portal_ratio, 2) AS ratio_diff,
           round(sc.score * x.portal_max_score / nullif(sc.score_max, 0) - x.portal_score, 2) AS score_diff,
           abs(x.ours_denominator - x.portal_denominator) > t.count_tolerance_pct / 100 * x.portal_denominator AS count_differs,
           abs(x.ours_ratio - x.portal_ratio) > t.ratio_tolerance AS ratio_differs,
           abs(round(sc.score * x.portal_max_score / nullif(sc.score_max, 0), 2) - x.portal_score) > t.score_tolerance AS score_differs,
           abs(x.score_from_counts - x.portal_score) > t.score_tolerance AS formula_differs,
           abs(x.ours_denominator - coalesce(x.ours_carried_over, 0) - x.portal_denominator)
             <= t.count_tolerance_pct / 100 * x.portal_denominator AS carry_overs_explain
    FROM paired x
    CROSS JOIN cfg_reconcile t
    LEFT JOIN our_scores sc ON sc.level = x.level AND sc.period = x.period AND sc.unit_code = x.unit_code AND sc.endpoint = x.endpoint
    LEFT JOIN edges e ON e.level = x.level AND e.period = x.period AND e.unit_code = x.unit_code
    LEFT JOIN periods pr ON pr.period = x.period
)
SELECT c.period, c.endpoint, c.level, c.province_code, c.unit_code,
       CASE WHEN c.level = 'province' THEN (SELECT any_value(province_name) FROM ref_units r WHERE r.province_code = c.province_code)
            ELSE (SELECT any_value(unit_name) FROM ref_units r WHERE r.unit_code = c.unit_code) END AS unit_name,
       c.department_code, c.department_name, c.match_method, c.captured_at,
       c.portal_denominator, c.portal_numerator, c.portal_ratio, c.portal_score, c.portal_max_score,
       c.portal_parent_denominator,         -- province rows: the parent's own count, provincial departments included
       c.ours_denominator, c.ours_numerator, c.ours_ratio, c.ours_score, c.ours_score_max,
       c.ours_score_scaled,                 -- ours_score × portal_max_score / ours_score_max: what score_diff compares
       c.score_from_counts,                 -- our configuration applied to the portal's counts
       c.denominator_diff, c.ratio_diff, c.score_diff,
       c.ours_carried_over, c.edge_dossiers,
       coalesce(c.count_differs, false) OR coalesce(c.ratio_differs, false) OR coalesce(c.score_differs, false)
         OR NOT c.has_portal OR NOT c.has_ours AS flagged,
       CASE
         WHEN NOT c.has_portal THEN 'not_on_portal'                 -- no unit of the snapshot stands for this commune
         WHEN NOT c.has_ours THEN 'no_dossiers_ours'                -- the portal has figures, our exports none
         WHEN NOT (coalesce(c.count_differs, false) OR coalesce(c.ratio_differs, false) OR coalesce(c.score_differs, false)) THEN NULL
         WHEN c.captured_at < c.end_at THEN 'partial_period'        -- the snapshot was taken before the period ended
         WHEN c.portal_denominator IS NULL THEN 'no_portal_counts'  -- the portal gives a score only (online tree children)
         WHEN c.count_differs AND c.endpoint = 'dvc-progress-tree' AND c.carry_overs_explain THEN 'carry_overs'
         WHEN c.count_differs AND abs(c.denominator_diff) <= c.edge_dossiers THEN 'period_boundaries'
         WHEN c.count_differs AND c.denominator_diff > 0 THEN 'not_synced'         -- ours has dossiers the portal never received
         WHEN c.count_differs THEN 'missing_from_exports'                         -- the portal has dossiers our exports lack
         WHEN c.ratio_differs THEN CASE c.endpoint WHEN 'dvc-progress-tree' THEN 'on_time_rule'
                                                   WHEN 'formality-online-payment-tree' THEN 'payment_rule'
                                                   ELSE 'channel_rule' END
         WHEN c.formula_differs THEN 'scoring_formula'              -- our configuration scores the same counts differently
         WHEN c.score_differs THEN 'group_components'               -- the group's other components differ (e.g. payment B, C)
         ELSE 'unknown'
       END AS likely_cause
FROM compared c;
