-- explain_dossiers: one row per dossier behind the focus component of explain for a commune and period, when that component is about timeliness or complaints (ontime_rate, ontime_rate_finished, satisfaction: dossiers an office can chase; for the others explain_procedures counts them by procedure): reasons open_overdue, finished_late, complaint, at most cfg_build.explain_max_dossiers per commune and period, open overdue dossiers first, then the most days late, then the latest received; dossiers_total counts them all. inputs: explain, periods, stg_dossiers, cfg_build.
CREATE OR REPLACE TABLE explain_dossiers AS
WITH focus AS (
    SELECT e.period, e.province_code, e.unit_code, e.component, e.metric, e.focus_reason,
           p.start_at, p.end_at
    FROM explain e
    JOIN periods p USING (period)
    WHERE e.is_focus AND e.level = 'commune'
      AND e.metric IN ('ontime_rate', 'ontime_rate_finished', 'satisfaction')
),
candidates AS (
    -- the dossiers that can be late or overdue in some period, or drew a complaint
    SELECT *
    FROM stg_dossiers
    WHERE (due_at IS NOT NULL AND (finish_at IS NULL OR finish_at > due_at)) OR coalesce(complaint, false)
),
hits AS (
    SELECT f.*, d.source, d.dossier_code, d.procedure_code, d.procedure_name, d.channel,
           d.received_at, d.due_at, d.finish_at, d.complaint,
           coalesce(dossier_finished_in(d.finish_at, f.start_at, f.end_at) AND dossier_late(d.finish_at, d.due_at), false) AS finished_late,
           coalesce(dossier_open_overdue(d.finish_at, d.due_at, f.end_at), false) AS open_overdue
    FROM focus f
    JOIN candidates d
      ON d.unit_code = f.unit_code
     AND dossier_in_hand(d.received_at, d.finish_at, f.start_at, f.end_at)
),
classified AS (
    SELECT h.*,
           dossier_shortfall(h.metric, h.finished_late, h.open_overdue, h.complaint) AS reason,
           CASE WHEN h.open_overdue THEN (epoch(h.end_at) - epoch(h.due_at)) / 86400.0
                WHEN h.finished_late THEN (epoch(h.finish_at) - epoch(h.due_at)) / 86400.0 END AS days_late
    FROM hits h
),
listed AS (
    SELECT *,
           row_number() OVER (PARTITION BY period, unit_code
                              ORDER BY reason = 'open_overdue' DESC, days_late DESC NULLS LAST,
                                       received_at DESC, source, dossier_code) AS dossier_rank,
           count(*) OVER (PARTITION BY period, unit_code) AS dossiers_total
    FROM classified
    WHERE reason IS NOT NULL
)
SELECT period, province_code, unit_code, component, metric, focus_reason, reason,
       CAST(dossier_rank AS INTEGER) AS dossier_rank,
       dossiers_total,                 -- dossiers behind the component in all, listed or not
       source, dossier_code, procedure_code, procedure_name, channel,
       received_at, due_at, finish_at,
       round(days_late, 2) AS days_late
FROM listed
WHERE dossier_rank <= (SELECT explain_max_dossiers FROM cfg_build);
