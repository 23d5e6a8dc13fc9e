-- unit_metrics: one row per (level, period, unit) with dossiers in hand: counts and rates of SPEC §4 for each commune and its province. inputs: stg_dossiers, periods.
CREATE OR REPLACE TABLE unit_metrics AS
WITH hits AS (
    -- Every dossier in hand during P: received before its end and not finished before its start.
    SELECT p.period, p.period_kind, p.period_start, p.period_end, p.prev_period,
           d.province_code, d.unit_code, d.channel, d.split_mapped,
           d.fee_amount, d.paid_online, d.e_result, d.digitized, d.complaint,
           d.received_at, d.finish_at, d.due_at,
           d.received_at >= p.start_at                                   AS is_received,
           d.finish_at IS NULL OR d.finish_at >= p.start_at              AS is_processed,
           d.finish_at >= p.start_at AND d.finish_at < p.end_at          AS is_finished,
           d.finish_at IS NULL OR d.finish_at >= p.end_at                AS open_at_end,
           d.due_at IS NOT NULL AND d.finish_at > d.due_at               AS is_late,
           d.due_at IS NULL OR d.due_at >= p.end_at                      AS due_after_end
    FROM stg_dossiers d
    JOIN periods p
      ON d.received_at < p.end_at
     AND (d.finish_at IS NULL OR d.finish_at >= p.start_at OR d.received_at >= p.start_at)
),
counts AS (
    SELECT CASE WHEN grouping(unit_code) = 1 THEN 'province' ELSE 'commune' END AS level,
           period, any_value(period_kind) AS period_kind,
           any_value(period_start) AS period_start, any_value(period_end) AS period_end,
           any_value(prev_period) AS prev_period,
           province_code,
           coalesce(unit_code, province_code) AS unit_code,
           count(*) FILTER (is_received)                                   AS received,
           count(*) FILTER (is_received AND channel = 2)                   AS received_online,
           count(*) FILTER (is_received AND channel = 1)                   AS received_direct,
           count(*) FILTER (is_received AND channel = 3)                   AS received_postal,
           count(*) FILTER (is_processed)                                  AS processed,
           count(*) FILTER (is_processed AND ((is_finished AND NOT coalesce(is_late, false))
                                              OR (open_at_end AND due_after_end))) AS processed_on_time,
           count(*) FILTER (is_finished)                                   AS finished,
           count(*) FILTER (is_finished AND due_at IS NOT NULL
                            AND finish_at::DATE < due_at::DATE)            AS finished_early,
           count(*) FILTER (is_finished AND is_late)                       AS finished_late,
           count(*) FILTER (open_at_end AND NOT due_after_end)             AS open_overdue,
           avg(epoch(finish_at) - epoch(received_at)) FILTER (is_finished) / 86400.0 AS avg_days,
           -- inputs of the optional rates; count(col) says whether any source provided col
           count(*) FILTER (is_received AND fee_amount > 0)                AS fee_bearing,
           count(paid_online) FILTER (is_received AND fee_amount > 0)      AS fee_bearing_known,
           count(*) FILTER (is_received AND fee_amount > 0 AND paid_online IN (1, 2)) AS paid_online_n,
           count(e_result) FILTER (is_finished)                            AS e_result_known,
           count(*) FILTER (is_finished AND e_result)                      AS e_result_n,
           count(digitized) FILTER (is_received)                           AS digitized_known,
           count(*) FILTER (is_received AND digitized)                     AS digitized_n,
           count(complaint) FILTER (is_processed)                          AS complaint_known,
           count(*) FILTER (is_processed AND complaint)                    AS complaint_n,
           count(*) FILTER (split_mapped AND (is_received OR is_processed)) AS split_mapped
    FROM hits
    GROUP BY GROUPING SETS ((period, province_code), (period, province_code, unit_code))
)
SELECT level, period, period_kind, period_start, period_end, prev_period, province_code, unit_code,
       received, received_online, received_direct, received_postal,
       round(100.0 * received_online / nullif(received, 0), 2)             AS online_rate,
       processed, processed_on_time,
       round(100.0 * processed_on_time / nullif(processed, 0), 2)          AS ontime_rate,
       finished, finished_early, finished - finished_early - finished_late AS finished_on_time, finished_late,
       round(100.0 * (finished - finished_late) / nullif(finished, 0), 2)  AS ontime_rate_finished,
       open_overdue,
       round(avg_days, 2)                               AS avg_processing_days,
       CASE WHEN fee_bearing_known > 0
            THEN round(100.0 * paid_online_n / fee_bearing, 2) END         AS online_payment_rate,
       CASE WHEN e_result_known > 0
            THEN round(100.0 * e_result_n / finished, 2) END               AS e_result_rate,
       CASE WHEN digitized_known > 0
            THEN round(100.0 * digitized_n / received, 2) END              AS digitization_rate,
       CASE WHEN complaint_known > 0 AND processed > 0
            THEN round(greatest(0, 100.0 * (processed_on_time - complaint_n) / processed), 2) END AS satisfaction,
       split_mapped
FROM counts;
