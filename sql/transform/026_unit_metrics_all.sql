-- unit_metrics_all: one row per (units, level, period, unit) with dossiers in hand: the counts and rates of SPEC §4, on the 2025 communes (units '2025': levels commune and province, every period) and on the pre-2025 communes (units 'pre2025': levels commune, district and province, periods that end by the reorganisation); rates also as a map metric → rate for the index. Counts are sums over a unit's procedures and communes (every dossier is on one commune of each kind of units). inputs: unit_procedure_counts, periods.
CREATE OR REPLACE TABLE unit_metrics_all AS
WITH counts AS (
    SELECT units,
           CASE WHEN grouping(unit_code) = 0 THEN 'commune'
                WHEN grouping(district_code) = 0 THEN 'district'
                ELSE 'province' END AS level,
           period,
           province_code,
           district_code,
           coalesce(unit_code, district_code, province_code) AS unit_code,
           sum(received)::BIGINT AS received, sum(received_online)::BIGINT AS received_online,
           sum(received_direct)::BIGINT AS received_direct, sum(received_postal)::BIGINT AS received_postal,
           sum(processed)::BIGINT AS processed, sum(processed_on_time)::BIGINT AS processed_on_time,
           sum(carried_over)::BIGINT AS carried_over,
           sum(finished)::BIGINT AS finished, sum(finished_early)::BIGINT AS finished_early,
           sum(finished_late)::BIGINT AS finished_late, sum(open_overdue)::BIGINT AS open_overdue,
           sum(finished_seconds) / nullif(sum(finished), 0) / 86400.0 AS avg_days,
           sum(fee_bearing)::BIGINT AS fee_bearing, sum(fee_bearing_known)::BIGINT AS fee_bearing_known,
           sum(fee_paid_online)::BIGINT AS fee_paid_online,
           -- 766 payment B: distinct procedures with a fee-bearing dossier received, and of those
           -- with one paid online
           count(DISTINCT procedure_code) FILTER (fee_bearing > 0)     AS fee_procedures,
           count(DISTINCT procedure_code) FILTER (fee_paid_online > 0) AS fee_procedures_paid_online,
           sum(e_result_known)::BIGINT AS e_result_known, sum(e_result_n)::BIGINT AS e_result_n,
           sum(digitized_known)::BIGINT AS digitized_known, sum(digitized_n)::BIGINT AS digitized_n,
           sum(digitized_finished_known)::BIGINT AS digitized_finished_known,
           sum(digitized_e_result_n)::BIGINT AS digitized_e_result_n,
           sum(complaint_known)::BIGINT AS complaint_known, sum(complaint_n)::BIGINT AS complaint_n,
           sum(split_mapped)::BIGINT AS split_mapped
    FROM unit_procedure_counts
    GROUP BY GROUPING SETS ((units, period, province_code),
                            (units, period, province_code, district_code),
                            (units, period, province_code, district_code, unit_code))
),
rated AS (
    SELECT c.units, c.level, c.period, p.period_kind, p.period_start, p.period_end, p.prev_period,
           c.province_code, c.district_code, c.unit_code,
           received, received_online, received_direct, received_postal,
           round(100.0 * received_online / nullif(received, 0), 2)             AS online_rate,
           processed, processed_on_time,
           round(100.0 * processed_on_time / nullif(processed, 0), 2)          AS ontime_rate,
           finished, finished_early, finished - finished_early - finished_late AS finished_on_time, finished_late,
           round(100.0 * (finished - finished_late) / nullif(finished, 0), 2)  AS ontime_rate_finished,
           open_overdue,
           round(avg_days, 2)                               AS avg_processing_days,
           CASE WHEN fee_bearing_known > 0
                THEN round(100.0 * fee_paid_online / fee_bearing, 2) END       AS online_payment_rate,
           CASE WHEN e_result_known > 0
                THEN round(100.0 * e_result_n / finished, 2) END               AS e_result_rate,
           CASE WHEN digitized_known > 0
                THEN round(100.0 * digitized_n / received, 2) END              AS digitization_rate,
           CASE WHEN complaint_known > 0 AND processed > 0
                THEN round(greatest(0, 100.0 * (processed_on_time - complaint_n) / processed), 2) END AS satisfaction,
           split_mapped,
           carried_over,
           fee_bearing,
           CASE WHEN fee_bearing_known > 0 THEN fee_paid_online END           AS fee_paid_online,
           fee_procedures,
           CASE WHEN fee_bearing_known > 0 THEN fee_procedures_paid_online END AS fee_procedures_paid_online,
           CASE WHEN fee_bearing_known > 0 AND fee_procedures > 0
                THEN round(100.0 * fee_procedures_paid_online / fee_procedures, 2) END AS fee_procedure_online_rate,
           CASE WHEN e_result_known > 0 AND digitized_finished_known > 0
                THEN round(100.0 * digitized_e_result_n / finished, 2) END     AS digitized_e_result_rate
    FROM counts c
    JOIN periods p USING (period)
    -- the 2025 units have no districts: that grouping repeats the province
    WHERE NOT (c.units = '2025' AND c.level = 'district')
)
SELECT *,
       -- the rates an index component may score, by metric name (portal-only metrics are
       -- absent: dossier exports do not measure them)
       MAP {'ontime_rate': ontime_rate, 'online_rate': online_rate,
            'ontime_rate_finished': ontime_rate_finished, 'online_payment_rate': online_payment_rate,
            'e_result_rate': e_result_rate, 'digitization_rate': digitization_rate,
            'satisfaction': satisfaction, 'fee_procedure_online_rate': fee_procedure_online_rate,
            'digitized_e_result_rate': digitized_e_result_rate} AS rates
FROM rated;
