-- scorecard: one row per (level, period, unit) with data: every metric, the index, rank and band, with registry names; what reports read. inputs: unit_metrics, unit_index, unit_ranks, ref_units.
CREATE OR REPLACE TABLE scorecard AS
WITH provinces AS (
    SELECT province_code, any_value(province_name) AS province_name
    FROM ref_units
    GROUP BY province_code
)
SELECT m.level, m.period, m.period_kind, m.period_start, m.period_end,
       m.province_code, p.province_name,
       m.unit_code,
       CASE WHEN m.level = 'province' THEN p.province_name ELSE u.unit_name END AS unit_name,
       m.received, m.received_online, m.received_direct, m.received_postal, m.online_rate,
       m.processed, m.processed_on_time, m.ontime_rate,
       m.finished, m.finished_early, m.finished_on_time, m.finished_late, m.ontime_rate_finished,
       m.open_overdue, m.avg_processing_days,
       m.online_payment_rate, m.e_result_rate, m.digitization_rate, m.satisfaction,
       i.index_score, i.points_earned, i.points_available, i.not_measured,
       r.rank, r.rank_change, r.band, r.low_volume,
       m.split_mapped,
       m.carried_over, m.fee_procedure_online_rate, m.digitized_e_result_rate,
       i.na_full, i.na_zero,
       r.prev_period, r.prev_rank, r.index_prev, r.index_change
FROM unit_metrics m
JOIN unit_index i USING (level, period, unit_code)
JOIN unit_ranks r USING (level, period, unit_code)
JOIN provinces p ON p.province_code = m.province_code
-- (an equality on both sides: a condition on one side alone would make it a nested-loop join)
LEFT JOIN ref_units u ON u.unit_code = CASE WHEN m.level = 'commune' THEN m.unit_code END;
