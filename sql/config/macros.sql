-- macros: the SQL functions several transforms share, so that each rule is written once: the dossier rules of SPEC §4, the scoring of an index component, and a local calendar (months and dates of timestamps without a time-zone lookup per row), and where a pre-2025 code or an agency id goes. inputs: ref_unit_conversion, ref_agency_units (read by the table macros when a transform calls them).

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

-- A local calendar without a time-zone lookup per row: casting a TIMESTAMPTZ to DATE asks the
-- time-zone library for every value, which costs more than the rest of a pass over the
-- dossiers. local_midnights(first, last) is one row: day0, the number of the day first (days
-- since 1970-01-01), and midnights, the epoch microseconds of the local midnights of the days
-- first … last (as day::TIMESTAMPTZ, the same instants as periods.start_at and end_at).
CREATE OR REPLACE MACRO local_midnights(first_day, last_day) AS TABLE
    SELECT CAST(first_day - DATE '1970-01-01' AS BIGINT) AS day0,
           list(epoch_us(d::DATE::TIMESTAMPTZ) ORDER BY d) AS midnights
    FROM generate_series(first_day::TIMESTAMP, last_day::TIMESTAMP, INTERVAL 1 DAY) g(d);

-- The day (days since 1970-01-01) of the last local midnight at or before the instant us
-- (epoch microseconds): its local date, as us::DATE gives it, on every day 24 hours long
-- (local_day_regular); NULL outside the calendar's days. A local midnight is within 14 hours
-- of UTC's, so the day is the UTC day or one either side of it.
CREATE OR REPLACE MACRO local_day_index(us, day0, midnights) AS
    CASE WHEN us // 86400000000 - day0 + 1 BETWEEN 2 AND len(midnights) - 1
         THEN us // 86400000000 + CAST(us >= midnights[us // 86400000000 - day0 + 2] AS BIGINT)
                                - CAST(us < midnights[us // 86400000000 - day0 + 1] AS BIGINT) END;

-- The day is 24 hours long: no change of UTC offset in it, so local_day_index is its local date.
CREATE OR REPLACE MACRO local_day_regular(day, day0, midnights) AS
    midnights[day - day0 + 2] - midnights[day - day0 + 1] = 86400000000;

-- The month of a date as one number (year × 12 + month − 1).
CREATE OR REPLACE MACRO month_number(d) AS year(d) * 12 + month(d) - 1;

-- The month_number of the instant us, from its local_day_index day: us ≥ a period's start_at
-- exactly when this is ≥ the month_number of the period's start. Before the calendar -1;
-- after it, or without an instant, 2147483647 (later than every period).
CREATE OR REPLACE MACRO local_month(day, us, midnights) AS
    CASE WHEN day IS NOT NULL THEN month_number(DATE '1970-01-01' + CAST(day AS INTEGER))
         WHEN us < midnights[1] THEN -1
         ELSE 2147483647 END;

-- Where a pre-2025 commune code goes (SPEC §2): to the 2025 commune that kept the code, else to
-- the first target the conversion table lists; split when it lists several.
CREATE OR REPLACE MACRO code_conversion() AS TABLE
    SELECT old_code,
           coalesce(max(new_code) FILTER (WHERE new_code = old_code), arg_min(new_code, seq)) AS new_code,
           count(*) > 1 AS split
    FROM ref_unit_conversion
    GROUP BY old_code;

-- The GSO code of each agency id of a one-stop system, from its latest crosswalk: the latest
-- imported_at, and of two at the same time (SOURCE_DATE_EPOCH) the one added last (the table
-- is only ever appended to, so its rowid follows the order of the imports).
CREATE OR REPLACE MACRO agency_units() AS TABLE
    SELECT agency_code, unit_code
    FROM ref_agency_units
    QUALIFY row_number() OVER (PARTITION BY agency_code ORDER BY imported_at DESC, rowid DESC) = 1;
