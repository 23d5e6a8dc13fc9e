-- unit_procedure_counts: one row per (units, period, commune, procedure) with dossiers in hand: the counts behind every rate of SPEC §4, from one pass over the dossiers, on the 2025 communes (units '2025', every period) and on the pre-2025 communes (units 'pre2025', periods that end by the reorganisation of cfg_build.reorganised_on); unit_metrics_all adds them up, explain_procedures reads the dossiers behind a rate by procedure. inputs: stg_dossiers, periods, cfg_build.
CREATE OR REPLACE TABLE unit_procedure_counts AS
WITH calendar AS (
    -- local midnights from two days before the first period to two days after the last
    FROM local_midnights((SELECT min(period_start) - 2 FROM periods), (SELECT max(period_end) + 2 FROM periods))
),
days AS (
    SELECT d.*, c.day0, c.midnights,
           local_day_index(epoch_us(d.received_at), c.day0, c.midnights) AS received_day,
           local_day_index(epoch_us(d.finish_at), c.day0, c.midnights) AS finish_day,
           local_day_index(epoch_us(d.due_at), c.day0, c.midnights) AS due_day
    FROM stg_dossiers d, calendar c
),
dossiers AS (
    -- Periods start and end at local month starts, so whether a dossier counts in a period
    -- depends only on the months (month_number) it was received (mr), finished (mf; 2147483647
    -- when open) and due (md) in, besides what the dossier is: that is worked out once here,
    -- not once for every period it overlaps.
    SELECT province_code, unit_code, old_province_code, old_district_code, old_unit_code, procedure_code,
           channel, split_mapped, fee_amount, paid_online, e_result, digitized, complaint,
           received_at, finish_at, due_at,
           local_month(received_day, epoch_us(received_at), midnights) AS mr,
           local_month(finish_day, epoch_us(finish_at), midnights) AS mf,
           local_month(due_day, epoch_us(due_at), midnights) AS md,
           coalesce(dossier_late(finish_at, due_at), false) AS is_late,
           -- finished before the local date of due_at; matters only for a dossier finished in a
           -- period, two days or more inside the calendar
           CASE WHEN due_at IS NULL OR finish_day IS NULL THEN false
                WHEN due_day IS NULL THEN due_at > finish_at
                WHEN local_day_regular(finish_day, day0, midnights) AND local_day_regular(due_day, day0, midnights)
                THEN finish_day < due_day
                ELSE finish_at::DATE < due_at::DATE END AS is_early
    FROM days
),
cells AS (
    -- Dossiers of one commune and procedure that count alike in every period, added up. The due
    -- month matters only while the dossier is open at a period's end (after the month received,
    -- up to the month finished), so it is clamped into that range.
    SELECT province_code, unit_code, old_province_code, old_district_code, old_unit_code, procedure_code,
           mr, mf, least(greatest(md, mr), mf) AS md,
           count(*)                                                    AS n,
           count(*) FILTER (channel = 2)                               AS n_online,
           count(*) FILTER (channel = 1)                               AS n_direct,
           count(*) FILTER (channel = 3)                               AS n_postal,
           count(*) FILTER (is_late)                                   AS n_late,
           count(*) FILTER (is_early)                                  AS n_early,
           sum(epoch(finish_at) - epoch(received_at))                  AS seconds,
           count(*) FILTER (fee_amount > 0)                            AS n_fee,
           count(paid_online) FILTER (fee_amount > 0)                  AS n_fee_known,
           count(*) FILTER (fee_amount > 0 AND paid_online IN (1, 2))  AS n_fee_paid,
           count(e_result)                                             AS n_e_result_known,
           count(*) FILTER (e_result)                                  AS n_e_result,
           count(digitized)                                            AS n_digitized_known,
           count(*) FILTER (digitized)                                 AS n_digitized,
           count(*) FILTER (digitized AND e_result)                    AS n_digitized_e_result,
           count(complaint)                                            AS n_complaint_known,
           count(*) FILTER (complaint)                                 AS n_complaint,
           count(*) FILTER (split_mapped)                              AS n_split,
           count(*) FILTER (NOT coalesce(complaint, false))            AS n_no_complaint,
           count(*) FILTER (is_late AND NOT coalesce(complaint, false)) AS n_late_no_complaint,
           min(epoch(due_at))                                          AS min_due,   -- the most overdue, when open overdue
           max(epoch(finish_at) - epoch(due_at)) FILTER (is_late)      AS max_late
    FROM dossiers
    GROUP BY ALL
),
assigned AS (
    -- Every dossier on its 2025 commune; dossiers received before the reorganisation under a
    -- pre-2025 code also on that old commune.
    SELECT '2025' AS units, province_code, NULL::VARCHAR AS district_code, unit_code,
           * EXCLUDE (province_code, unit_code, old_province_code, old_district_code, old_unit_code)
    FROM cells
    UNION ALL
    SELECT 'pre2025', old_province_code, old_district_code, old_unit_code,
           * EXCLUDE (province_code, unit_code, old_province_code, old_district_code, old_unit_code)
    FROM cells
    WHERE old_unit_code IS NOT NULL
),
bounds AS (
    SELECT period, end_at, period_end <= (SELECT reorganised_on FROM cfg_build) AS before_reorg,
           month_number(period_start) AS ps, month_number(period_end) AS pe
    FROM periods
),
signatures AS (
    -- What each combination of months counts for in each period (SPEC §4 on months): in hand
    -- during P when received before its end and not finished before its start. The pre-2025
    -- communes only for periods that end by the reorganisation.
    SELECT s.mr, s.mf, s.md, b.period, b.end_at, b.before_reorg,
           s.mr >= b.ps                 AS is_received,
           s.mf >= b.ps                 AS is_processed,
           s.mf >= b.ps AND s.mf < b.pe AS is_finished,
           s.mf >= b.pe AND s.md >= b.pe AS is_open_on_time,   -- open at the end, not yet due
           s.mf >= b.pe AND s.md < b.pe  AS is_open_overdue
    FROM (SELECT DISTINCT mr, mf, md FROM assigned) s
    JOIN bounds b ON s.mr < b.pe AND greatest(s.mf, s.mr) >= b.ps
)
SELECT units, period, province_code, district_code, unit_code, procedure_code,
       sum(CASE WHEN is_received THEN n ELSE 0 END)::BIGINT                        AS received,
       sum(CASE WHEN is_received THEN n_online ELSE 0 END)::BIGINT                 AS received_online,
       sum(CASE WHEN is_received THEN n_direct ELSE 0 END)::BIGINT                 AS received_direct,
       sum(CASE WHEN is_received THEN n_postal ELSE 0 END)::BIGINT                 AS received_postal,
       sum(CASE WHEN is_processed THEN n ELSE 0 END)::BIGINT                       AS processed,
       -- finished in P and not late, or open at its end and not yet due
       sum(CASE WHEN is_finished THEN n - n_late WHEN is_open_on_time THEN n ELSE 0 END)::BIGINT AS processed_on_time,
       sum(CASE WHEN is_processed AND NOT is_received THEN n ELSE 0 END)::BIGINT   AS carried_over,
       sum(CASE WHEN is_finished THEN n ELSE 0 END)::BIGINT                        AS finished,
       sum(CASE WHEN is_finished THEN n_early ELSE 0 END)::BIGINT                  AS finished_early,
       sum(CASE WHEN is_finished THEN n_late ELSE 0 END)::BIGINT                   AS finished_late,
       sum(CASE WHEN is_open_overdue THEN n ELSE 0 END)::BIGINT                    AS open_overdue,
       sum(seconds) FILTER (is_finished)                                           AS finished_seconds,
       -- inputs of the optional rates; the *_known counts say whether any source provided the column
       sum(CASE WHEN is_received THEN n_fee ELSE 0 END)::BIGINT                    AS fee_bearing,
       sum(CASE WHEN is_received THEN n_fee_known ELSE 0 END)::BIGINT              AS fee_bearing_known,
       sum(CASE WHEN is_received THEN n_fee_paid ELSE 0 END)::BIGINT               AS fee_paid_online,
       sum(CASE WHEN is_finished THEN n_e_result_known ELSE 0 END)::BIGINT         AS e_result_known,
       sum(CASE WHEN is_finished THEN n_e_result ELSE 0 END)::BIGINT               AS e_result_n,
       sum(CASE WHEN is_received THEN n_digitized_known ELSE 0 END)::BIGINT        AS digitized_known,
       sum(CASE WHEN is_received THEN n_digitized ELSE 0 END)::BIGINT              AS digitized_n,
       sum(CASE WHEN is_finished THEN n_digitized_known ELSE 0 END)::BIGINT        AS digitized_finished_known,
       sum(CASE WHEN is_finished THEN n_digitized_e_result ELSE 0 END)::BIGINT     AS digitized_e_result_n,
       sum(CASE WHEN is_processed THEN n_complaint_known ELSE 0 END)::BIGINT       AS complaint_known,
       sum(CASE WHEN is_processed THEN n_complaint ELSE 0 END)::BIGINT             AS complaint_n,
       sum(CASE WHEN is_received OR is_processed THEN n_split ELSE 0 END)::BIGINT  AS split_mapped,
       -- of the in-hand counts, the part carried over
       sum(CASE WHEN is_processed AND NOT is_received THEN n_complaint_known ELSE 0 END)::BIGINT AS complaint_known_carried,
       sum(CASE WHEN is_processed AND NOT is_received THEN n_complaint ELSE 0 END)::BIGINT AS complaint_n_carried,
       sum(CASE WHEN is_processed AND NOT is_received THEN n_split ELSE 0 END)::BIGINT AS split_mapped_carried,
       -- for the explanations: overdue and late dossiers without a complaint (satisfaction
       -- counts a complaint first), and the most days past due
       sum(CASE WHEN is_open_overdue THEN n_no_complaint ELSE 0 END)::BIGINT       AS open_overdue_no_complaint,
       sum(CASE WHEN is_finished THEN n_late_no_complaint ELSE 0 END)::BIGINT      AS finished_late_no_complaint,
       max(epoch(end_at) - min_due) FILTER (is_open_overdue) / 86400.0             AS open_overdue_max_days,
       max(max_late) FILTER (is_finished) / 86400.0                                AS finished_late_max_days
FROM assigned
JOIN signatures USING (mr, mf, md)
WHERE units = '2025' OR before_reorg
GROUP BY units, period, province_code, district_code, unit_code, procedure_code;
