-- explain_procedures: one row per (level, period, unit, reason, procedure) for the focus component of explain (the largest loss, else the largest shortfall): how many dossiers in hand during the period count against its rate, and why — reason open_overdue, finished_late (on time; for satisfaction only those without a complaint), complaint, direct, postal (online), not_paid_online (payment A), procedure_not_paid_online (payment B: fee-bearing dossiers of a procedure none of whose dossiers was paid online), no_e_result, not_digitized, not_digitized_or_no_e_result. inputs: explain, unit_procedure_counts, stg_dossiers.
CREATE OR REPLACE TABLE explain_procedures AS
WITH focus AS (
    SELECT level, period, province_code, unit_code, component, metric, focus_reason
    FROM explain
    WHERE is_focus AND metric <> 'none'
),
communes AS (
    -- the 2025 communes: unit_procedure_counts has one row per commune, period and procedure
    SELECT 'commune' AS level, period, province_code, unit_code, procedure_code,
           received, received_direct, received_postal, finished, finished_late, open_overdue,
           open_overdue_no_complaint, finished_late_no_complaint, complaint_n, fee_bearing, fee_paid_online,
           e_result_n, digitized_n, digitized_e_result_n, open_overdue_max_days, finished_late_max_days
    FROM unit_procedure_counts
    WHERE units = '2025'
),
procedures AS (
    SELECT * FROM communes
    UNION ALL
    -- each province as the sum of its communes
    SELECT 'province', period, province_code, province_code, procedure_code,
           sum(received)::BIGINT, sum(received_direct)::BIGINT, sum(received_postal)::BIGINT,
           sum(finished)::BIGINT, sum(finished_late)::BIGINT, sum(open_overdue)::BIGINT,
           sum(open_overdue_no_complaint)::BIGINT, sum(finished_late_no_complaint)::BIGINT,
           sum(complaint_n)::BIGINT, sum(fee_bearing)::BIGINT, sum(fee_paid_online)::BIGINT,
           sum(e_result_n)::BIGINT, sum(digitized_n)::BIGINT, sum(digitized_e_result_n)::BIGINT,
           max(open_overdue_max_days), max(finished_late_max_days)
    FROM communes
    GROUP BY period, province_code, procedure_code
),
names AS (
    -- a procedure's name as most dossiers spell it
    SELECT procedure_code, mode(procedure_name) AS procedure_name
    FROM stg_dossiers
    WHERE procedure_code IS NOT NULL
    GROUP BY procedure_code
),
reasons (metric, reason) AS (
    -- the complement of each rate's numerator within its denominator (SPEC §4); for the
    -- timeliness rates the same rule as the dossier_shortfall macro of explain_dossiers
    VALUES ('ontime_rate', 'open_overdue'), ('ontime_rate', 'finished_late'),
           ('satisfaction', 'complaint'), ('satisfaction', 'open_overdue'), ('satisfaction', 'finished_late'),
           ('ontime_rate_finished', 'finished_late'),
           ('online_rate', 'direct'), ('online_rate', 'postal'),
           ('online_payment_rate', 'not_paid_online'),
           ('fee_procedure_online_rate', 'procedure_not_paid_online'),
           ('e_result_rate', 'no_e_result'),
           ('digitization_rate', 'not_digitized'),
           ('digitized_e_result_rate', 'not_digitized_or_no_e_result')
),
counted AS (
    SELECT f.level, f.period, f.province_code, f.unit_code, f.component, f.metric, f.focus_reason, r.reason,
           p.procedure_code,
           CASE r.reason
             WHEN 'open_overdue' THEN CASE WHEN f.metric = 'satisfaction' THEN p.open_overdue_no_complaint ELSE p.open_overdue END
             WHEN 'finished_late' THEN CASE WHEN f.metric = 'satisfaction' THEN p.finished_late_no_complaint ELSE p.finished_late END
             WHEN 'complaint' THEN p.complaint_n
             WHEN 'direct' THEN p.received_direct
             WHEN 'postal' THEN p.received_postal
             WHEN 'not_paid_online' THEN p.fee_bearing - p.fee_paid_online
             WHEN 'procedure_not_paid_online' THEN CASE WHEN p.fee_paid_online = 0 THEN p.fee_bearing ELSE 0 END
             WHEN 'no_e_result' THEN p.finished - p.e_result_n
             WHEN 'not_digitized' THEN p.received - p.digitized_n
             WHEN 'not_digitized_or_no_e_result' THEN p.finished - p.digitized_e_result_n
           END AS dossiers,
           CASE r.reason WHEN 'open_overdue' THEN p.open_overdue_max_days
                         WHEN 'finished_late' THEN p.finished_late_max_days END AS max_days_late
    FROM focus f
    JOIN reasons r ON r.metric = f.metric
    JOIN procedures p ON p.level = f.level AND p.period = f.period AND p.unit_code = f.unit_code
),
listed AS (
    SELECT * FROM counted WHERE dossiers > 0
),
totals AS (
    SELECT level, period, unit_code, sum(dossiers) AS dossiers_total
    FROM listed
    GROUP BY level, period, unit_code
)
SELECT c.level, c.period, c.province_code, c.unit_code, c.component, c.metric, c.focus_reason, c.reason,
       c.procedure_code, n.procedure_name,
       c.dossiers,
       round(100.0 * c.dossiers / t.dossiers_total, 2) AS share,  -- % of the unit's dossiers listed here
       round(c.max_days_late, 2) AS max_days_late   -- open_overdue: days past due at the period end; finished_late: days late
FROM listed c
JOIN totals t USING (level, period, unit_code)
LEFT JOIN names n USING (procedure_code);
