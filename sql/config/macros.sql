-- macros: the SQL functions several transforms share, so that each rule is written once: the dossier rules of SPEC §4 and the scoring of an index component. inputs: none.

-- In hand during [start_at, end_at) (766 base): received before the end, not finished before the start.
CREATE OR REPLACE MACRO dossier_in_hand(received_at, finish_at, start_at, end_at) AS
    received_at < end_at AND (finish_at IS NULL OR finish_at >= start_at);

-- Finished in [start_at, end_at).
CREATE OR REPLACE MACRO dossier_finished_in(finish_at, start_at, end_at) AS
    finish_at >= start_at AND finish_at < end_at;

-- Late: finished after its due time; a dossier without due_at is never late.
CREATE OR REPLACE MACRO dossier_late(finish_at, due_at) AS
    due_at IS NOT NULL AND finish_at > due_at;

-- On time in [start_at, end_at) (766 indicator 2.1): finished in the period and not late,
-- or still open at the end and not yet due.
CREATE OR REPLACE MACRO dossier_on_time(finish_at, due_at, start_at, end_at) AS
    (dossier_finished_in(finish_at, start_at, end_at) AND NOT coalesce(dossier_late(finish_at, due_at), false))
    OR ((finish_at IS NULL OR finish_at >= end_at) AND (due_at IS NULL OR due_at >= end_at));

-- Open and overdue at end_at.
CREATE OR REPLACE MACRO dossier_open_overdue(finish_at, due_at, end_at) AS
    (finish_at IS NULL OR finish_at >= end_at) AND due_at < end_at;

-- Points an index component earns for a rate (0–100): linear → points × rate / 100;
-- threshold → full points at rate ≥ full_at, linear below; capped → min(points, factor × rate / 100).
-- An empty rate follows the N/A policy: omit → NULL (not counted), full → points, zero → 0.
CREATE OR REPLACE MACRO index_points(rate, points, scoring, full_at, factor, na_policy) AS
    CASE
      WHEN rate IS NULL THEN CASE na_policy WHEN 'full' THEN points WHEN 'zero' THEN 0.0 END
      WHEN scoring = 'linear'    THEN points * least(rate, 100) / 100
      WHEN scoring = 'threshold' THEN points * least(1, rate / full_at)
      WHEN scoring = 'capped'    THEN least(points, factor * least(rate, 100) / 100)
    END;

-- Why a dossier in hand during a period counts against a timeliness rate, for the dossier
-- lists of the explanations (NULL: it does not): ontime_rate — open and overdue at the end, or
-- finished late; ontime_rate_finished — finished late; satisfaction — a complaint first, then
-- the same as ontime_rate (SPEC §4). explain_procedures counts the same reasons by procedure.
CREATE OR REPLACE MACRO dossier_shortfall(metric, finished_late, open_overdue, complaint) AS
    CASE metric
      WHEN 'ontime_rate' THEN
        CASE WHEN open_overdue THEN 'open_overdue' WHEN finished_late THEN 'finished_late' END
      WHEN 'ontime_rate_finished' THEN
        CASE WHEN finished_late THEN 'finished_late' END
      WHEN 'satisfaction' THEN
        CASE WHEN coalesce(complaint, false) THEN 'complaint'
             WHEN open_overdue THEN 'open_overdue' WHEN finished_late THEN 'finished_late' END
    END;
