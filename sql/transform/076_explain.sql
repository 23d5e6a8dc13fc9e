-- explain: one row per (level, period, unit, index component): how the component moved the index since the previous period of the same kind — points_delta in the component's points, index_contribution in index points (the contributions add up to index_change, give or take rounding) —, the points it still falls short of its maximum, and is_focus on the one component whose dossiers explain_procedures and explain_dossiers list (the largest loss among measured components, else the largest shortfall). inputs: index_components, unit_index, unit_metrics.
CREATE OR REPLACE TABLE explain AS
WITH cur AS (
    SELECT c.level, c.period, m.prev_period, m.province_code, c.unit_code,
           c.ord, c.component, c.group_key, c.label_vi, c.label_en, c.metric,
           c.rate, c.points_max, c.points_earned, c.counted,
           i.points_available, i.index_score
    FROM index_components c
    JOIN unit_index i USING (level, period, unit_code)
    JOIN unit_metrics m USING (level, period, unit_code)
),
pairs AS (
    SELECT cur.*,
           prev.rate AS rate_prev,
           prev.points_earned AS points_earned_prev,
           prev.points_available AS points_available_prev,
           prev.index_score AS index_prev
    FROM cur
    LEFT JOIN cur prev
      ON prev.level = cur.level AND prev.unit_code = cur.unit_code
     AND prev.period = cur.prev_period AND prev.component = cur.component
),
moved AS (
    -- index = 100 × Σ earned / available, so component k moves it by
    -- 100 × (earned_k / available − earned_k,prev / available_prev); a component not counted earns 0.
    SELECT *,
           CASE WHEN index_score IS NOT NULL AND index_prev IS NOT NULL
                THEN coalesce(points_earned, 0) - coalesce(points_earned_prev, 0) END AS delta,
           CASE WHEN index_score IS NOT NULL AND index_prev IS NOT NULL
                THEN 100 * coalesce(points_earned, 0) / points_available
                   - 100 * coalesce(points_earned_prev, 0) / points_available_prev END AS contribution,
           CASE WHEN counted AND rate IS NOT NULL THEN points_max - points_earned END AS short
    FROM pairs
),
ranked AS (
    -- losses first (most negative first), then the rest: row_number is the rank among losses
    SELECT *,
           CASE WHEN contribution < 0 THEN row_number() OVER (
                PARTITION BY level, period, unit_code ORDER BY contribution NULLS LAST, ord) END AS loss_rank
    FROM moved
),
focus AS (
    -- the measured component with the largest loss, else the one furthest short of full points
    SELECT level, period, unit_code,
           arg_min(ord, (contribution, ord)) FILTER (contribution < 0 AND rate IS NOT NULL) AS loss_ord,
           arg_min(ord, (-short, ord)) FILTER (short > 0) AS shortfall_ord
    FROM moved
    GROUP BY level, period, unit_code
),
focused AS (
    SELECT r.*,
           CASE WHEN r.ord = f.loss_ord THEN 'loss'
                WHEN f.loss_ord IS NULL AND r.ord = f.shortfall_ord THEN 'shortfall'
           END AS focus_reason
    FROM ranked r
    JOIN focus f USING (level, period, unit_code)
)
SELECT level, period, prev_period, province_code, unit_code,
       ord, component, group_key, label_vi, label_en, metric,
       rate, rate_prev,
       points_max, points_earned, points_earned_prev,
       round(delta, 2)        AS points_delta,        -- NULL without an index in both periods
       round(contribution, 2) AS index_contribution,  -- index points
       index_score, index_prev,
       round(index_score - index_prev, 2) AS index_change,
       round(short, 2)        AS shortfall,           -- points_max − points_earned of a measured component
       CAST(loss_rank AS INTEGER) AS loss_rank,       -- 1 = the largest loss since the previous period
       focus_reason IS NOT NULL AS is_focus,
       focus_reason                                   -- loss | shortfall | NULL
FROM focused;
