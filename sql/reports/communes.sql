-- communes: one row per commune of a province for a period, every registry commune whether it has data or not; counts of a commune without data are 0, everything else NULL. inputs: ref_units, scorecard. args: $1 province_code, $2 period.
WITH reg AS (
    SELECT unit_code, unit_name FROM ref_units WHERE province_code = $1
), sc AS (
    SELECT * FROM scorecard WHERE level = 'commune' AND period = $2 AND province_code = $1
)
SELECT
    unit_code,
    coalesce(sc.unit_name, reg.unit_name) AS unit_name,
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
    sc.rank,
    sc.rank_change,
    sc.band,
    sc.low_volume,
    coalesce(sc.split_mapped, 0) AS split_mapped,
    coalesce(sc.not_measured, '') AS not_measured
FROM reg FULL JOIN sc USING (unit_code)
ORDER BY unit_code;
