-- pre2025_provinces: one row per pre-2025 province with scorecard_pre2025 rows in a period, with its province-level figures, in the column order of provinces.sql (split_mapped is 0: dossiers sit on the old commune their code named). inputs: scorecard_pre2025. args: $1 period.
WITH p AS (
    SELECT province_code, min(province_name) AS province_name
    FROM scorecard_pre2025
    WHERE period = $1
    GROUP BY province_code
), sc AS (
    SELECT * FROM scorecard_pre2025 WHERE level = 'province' AND period = $1
)
SELECT
    p.province_code,
    p.province_name,
    sc.unit_code IS NOT NULL AS has_data,
    coalesce(sc.received, 0) AS received,
    coalesce(sc.received_online, 0) AS received_online,
    coalesce(sc.received_direct, 0) AS received_direct,
    coalesce(sc.received_postal, 0) AS received_postal,
    sc.online_rate,
    coalesce(sc.processed, 0) AS processed,
    coalesce(sc.processed_on_time, 0) AS processed_on_time,
    sc.ontime_rate,
    coalesce(sc.finished, 0) AS finished,
    coalesce(sc.finished_early, 0) AS finished_early,
    coalesce(sc.finished_on_time, 0) AS finished_on_time,
    coalesce(sc.finished_late, 0) AS finished_late,
    sc.ontime_rate_finished,
    coalesce(sc.open_overdue, 0) AS open_overdue,
    sc.avg_processing_days,
    sc.online_payment_rate,
    sc.e_result_rate,
    sc.digitization_rate,
    sc.satisfaction,
    sc.index_score,
    NULL::INTEGER AS rank,
    NULL::INTEGER AS rank_change,
    sc.band,
    sc.low_volume,
    0::BIGINT AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM p LEFT JOIN sc ON sc.unit_code = p.province_code
ORDER BY p.province_code;
