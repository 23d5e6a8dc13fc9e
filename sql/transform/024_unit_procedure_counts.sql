-- unit_procedure_counts: one row per (units, period, commune, procedure) with dossiers in hand: the counts behind every rate of SPEC §4, from one pass over the dossiers, on the 2025 communes (units '2025', every period) and on the pre-2025 communes (units 'pre2025', periods that end by the reorganisation of cfg_build.reorganised_on); unit_metrics_all adds them up, explain_procedures reads the dossiers behind a rate by procedure. inputs: stg_dossiers, periods, cfg_build.
CREATE OR REPLACE TABLE unit_procedure_counts AS
WITH assigned AS (
    -- Every dossier on its 2025 commune; dossiers received before the reorganisation under a
    -- pre-2025 code also on that old commune.
    SELECT '2025' AS units, province_code, NULL::VARCHAR AS district_code, unit_code,
           procedure_code, channel, split_mapped, fee_amount, paid_online, e_result, digitized, complaint,
           received_at, finish_at, due_at
    FROM stg_dossiers
    UNION ALL
    SELECT 'pre2025', old_province_code, old_district_code, old_unit_code,
           procedure_code, channel, split_mapped, fee_amount, paid_online, e_result, digitized, complaint,
           received_at, finish_at, due_at
    FROM stg_dossiers
    WHERE old_unit_code IS NOT NULL
),
hits AS (
    -- Every dossier in hand during P: received before its end and not finished before its start
    -- (written as two range conditions, which DuckDB joins without comparing every pair). The
    -- pre-2025 communes only for periods that end by the reorganisation. Years to date are added
    -- up from their months below.
    SELECT d.units, p.period, p.end_at,
           d.province_code, d.district_code, d.unit_code, d.procedure_code,
           d.channel, d.split_mapped, d.fee_amount, d.paid_online, d.e_result, d.digitized, d.complaint,
           d.received_at, d.finish_at, d.due_at,
           d.received_at >= p.start_at                                  AS is_received,
           dossier_in_hand(d.received_at, d.finish_at, p.start_at, p.end_at) AS is_processed,
           dossier_finished_in(d.finish_at, p.start_at, p.end_at)       AS is_finished,
           dossier_late(d.finish_at, d.due_at)                          AS is_late,
           dossier_on_time(d.finish_at, d.due_at, p.start_at, p.end_at) AS is_on_time,
           dossier_open_overdue(d.finish_at, d.due_at, p.end_at)        AS is_open_overdue
    FROM assigned d
    JOIN periods p
      ON d.received_at < p.end_at
     AND greatest(coalesce(d.finish_at, 'infinity'::TIMESTAMPTZ), d.received_at) >= p.start_at
    WHERE p.period_kind <> 'ytd'
      AND (d.units = '2025' OR p.period_end <= (SELECT reorganised_on FROM cfg_build))
),
counted AS (
    SELECT units, period, province_code, district_code, unit_code, procedure_code,
           count(*) FILTER (is_received)                                   AS received,
           count(*) FILTER (is_received AND channel = 2)                   AS received_online,
           count(*) FILTER (is_received AND channel = 1)                   AS received_direct,
           count(*) FILTER (is_received AND channel = 3)                   AS received_postal,
           count(*) FILTER (is_processed)                                  AS processed,
           count(*) FILTER (is_processed AND is_on_time)                   AS processed_on_time,
           count(*) FILTER (is_processed AND NOT is_received)              AS carried_over,
           count(*) FILTER (is_finished)                                   AS finished,
           count(*) FILTER (is_finished AND due_at IS NOT NULL
                            AND finish_at::DATE < due_at::DATE)            AS finished_early,
           count(*) FILTER (is_finished AND is_late)                       AS finished_late,
           count(*) FILTER (is_open_overdue)                               AS open_overdue,
           sum(epoch(finish_at) - epoch(received_at)) FILTER (is_finished) AS finished_seconds,
           -- inputs of the optional rates; count(col) says whether any source provided col
           count(*) FILTER (is_received AND fee_amount > 0)                AS fee_bearing,
           count(paid_online) FILTER (is_received AND fee_amount > 0)      AS fee_bearing_known,
           count(*) FILTER (is_received AND fee_amount > 0 AND paid_online IN (1, 2)) AS fee_paid_online,
           count(e_result) FILTER (is_finished)                            AS e_result_known,
           count(*) FILTER (is_finished AND e_result)                      AS e_result_n,
           count(digitized) FILTER (is_received)                           AS digitized_known,
           count(*) FILTER (is_received AND digitized)                     AS digitized_n,
           count(digitized) FILTER (is_finished)                           AS digitized_finished_known,
           count(*) FILTER (is_finished AND digitized AND e_result)        AS digitized_e_result_n,
           count(complaint) FILTER (is_processed)                          AS complaint_known,
           count(*) FILTER (is_processed AND complaint)                    AS complaint_n,
           count(*) FILTER (split_mapped AND (is_received OR is_processed)) AS split_mapped,
           -- of the in-hand counts, the part carried over (what a year to date starts with)
           count(complaint) FILTER (is_processed AND NOT is_received)      AS complaint_known_carried,
           count(*) FILTER (is_processed AND NOT is_received AND complaint) AS complaint_n_carried,
           count(*) FILTER (split_mapped AND is_processed AND NOT is_received) AS split_mapped_carried,
           -- for the explanations: overdue and late dossiers without a complaint (satisfaction
           -- counts a complaint first), and the most days past due
           count(*) FILTER (is_open_overdue AND NOT coalesce(complaint, false)) AS open_overdue_no_complaint,
           count(*) FILTER (is_finished AND is_late AND NOT coalesce(complaint, false)) AS finished_late_no_complaint,
           max(epoch(end_at) - epoch(due_at)) FILTER (is_open_overdue) / 86400.0 AS open_overdue_max_days,
           max(epoch(finish_at) - epoch(due_at)) FILTER (is_finished AND is_late) / 86400.0 AS finished_late_max_days
    FROM hits
    GROUP BY units, period, province_code, district_code, unit_code, procedure_code
),
months AS (
    SELECT c.*, p.period_start AS month_start, p.period_end AS month_end
    FROM counted c
    JOIN periods p USING (period)
    WHERE p.period_kind = 'month'
),
year_to_date AS (
    -- A year to date is [1 January, end of month M): what was received or finished in its months
    -- adds up; what was in hand is what was carried into the year (January's carry-overs) plus
    -- what was received; what is open at its end (open, overdue or not yet due) is month M's.
    SELECT m.units, y.period, m.province_code, m.district_code, m.unit_code, m.procedure_code,
           sum(m.received)::BIGINT AS received, sum(m.received_online)::BIGINT AS received_online,
           sum(m.received_direct)::BIGINT AS received_direct, sum(m.received_postal)::BIGINT AS received_postal,
           (sum(m.received) + coalesce(sum(m.carried_over) FILTER (m.month_start = y.period_start), 0))::BIGINT AS processed,
           (sum(m.finished - m.finished_late)
            + coalesce(sum(m.processed_on_time - (m.finished - m.finished_late)) FILTER (m.month_end = y.period_end), 0))::BIGINT AS processed_on_time,
           coalesce(sum(m.carried_over) FILTER (m.month_start = y.period_start), 0)::BIGINT AS carried_over,
           sum(m.finished)::BIGINT AS finished, sum(m.finished_early)::BIGINT AS finished_early,
           sum(m.finished_late)::BIGINT AS finished_late,
           coalesce(sum(m.open_overdue) FILTER (m.month_end = y.period_end), 0)::BIGINT AS open_overdue,
           sum(m.finished_seconds) AS finished_seconds,
           sum(m.fee_bearing)::BIGINT AS fee_bearing, sum(m.fee_bearing_known)::BIGINT AS fee_bearing_known,
           sum(m.fee_paid_online)::BIGINT AS fee_paid_online,
           sum(m.e_result_known)::BIGINT AS e_result_known, sum(m.e_result_n)::BIGINT AS e_result_n,
           sum(m.digitized_known)::BIGINT AS digitized_known, sum(m.digitized_n)::BIGINT AS digitized_n,
           sum(m.digitized_finished_known)::BIGINT AS digitized_finished_known,
           sum(m.digitized_e_result_n)::BIGINT AS digitized_e_result_n,
           (sum(m.complaint_known - m.complaint_known_carried)
            + coalesce(sum(m.complaint_known_carried) FILTER (m.month_start = y.period_start), 0))::BIGINT AS complaint_known,
           (sum(m.complaint_n - m.complaint_n_carried)
            + coalesce(sum(m.complaint_n_carried) FILTER (m.month_start = y.period_start), 0))::BIGINT AS complaint_n,
           (sum(m.split_mapped - m.split_mapped_carried)
            + coalesce(sum(m.split_mapped_carried) FILTER (m.month_start = y.period_start), 0))::BIGINT AS split_mapped,
           coalesce(sum(m.complaint_known_carried) FILTER (m.month_start = y.period_start), 0)::BIGINT AS complaint_known_carried,
           coalesce(sum(m.complaint_n_carried) FILTER (m.month_start = y.period_start), 0)::BIGINT AS complaint_n_carried,
           coalesce(sum(m.split_mapped_carried) FILTER (m.month_start = y.period_start), 0)::BIGINT AS split_mapped_carried,
           coalesce(sum(m.open_overdue_no_complaint) FILTER (m.month_end = y.period_end), 0)::BIGINT AS open_overdue_no_complaint,
           sum(m.finished_late_no_complaint)::BIGINT AS finished_late_no_complaint,
           max(m.open_overdue_max_days) FILTER (m.month_end = y.period_end) AS open_overdue_max_days,
           max(m.finished_late_max_days) AS finished_late_max_days
    FROM months m
    JOIN periods y
      ON y.period_kind = 'ytd' AND m.month_start >= y.period_start AND m.month_start < y.period_end
    WHERE m.units = '2025' OR y.period_end <= (SELECT reorganised_on FROM cfg_build)
    GROUP BY m.units, y.period, m.province_code, m.district_code, m.unit_code, m.procedure_code
)
SELECT * FROM counted
UNION ALL BY NAME
SELECT * FROM year_to_date;
