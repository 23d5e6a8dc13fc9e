-- integrity_flags: one row per (period, commune, flag) raised by the integrity checks, kept apart from the index — signs of walk-in dossiers filed "online" at the counter: 'online_jump', online_rate up by more than cfg_integrity.online_jump_points since the previous month (month periods, at least min_dossiers received in both months); 'quick_online', more than quick_share_pct % of the online dossiers received in the period (at least min_dossiers) were submitted on an office day within office hours and finished within quick_minutes of being received. inputs: unit_metrics, stg_dossiers, periods, cfg_integrity.
CREATE OR REPLACE TABLE integrity_flags AS
WITH cfg AS (
    SELECT * FROM cfg_integrity
),
jumps AS (
    SELECT m.period, m.period_kind, m.prev_period, m.province_code, m.unit_code,
           'online_jump' AS flag,
           round(m.online_rate - prev.online_rate, 2) AS value,   -- percentage points
           cfg.online_jump_points AS threshold,
           m.received AS dossiers,
           m.received_online AS dossiers_flagged,
           m.online_rate, prev.online_rate AS online_rate_prev
    FROM unit_metrics m
    JOIN unit_metrics prev ON prev.level = m.level AND prev.unit_code = m.unit_code AND prev.period = m.prev_period
    CROSS JOIN cfg
    WHERE m.level = 'commune' AND m.period_kind = 'month'
      AND m.received >= cfg.min_dossiers AND prev.received >= cfg.min_dossiers
      AND m.online_rate - prev.online_rate > cfg.online_jump_points
),
calendar AS (
    FROM local_midnights((SELECT min(period_start) - 2 FROM periods), (SELECT max(period_end) + 2 FROM periods))
),
online_months AS (
    -- online dossiers per commune and month of receipt, and the quick ones; the counts of a
    -- period are the sums over its months (a month outside the calendar is in no period)
    SELECT d.province_code, d.unit_code,
           CASE WHEN d.received_day IS NULL THEN NULL
                WHEN local_day_regular(d.received_day, d.day0, d.midnights)
                THEN date_trunc('month', DATE '1970-01-01' + CAST(d.received_day AS INTEGER))
                ELSE date_trunc('month', d.received_at::DATE) END::DATE AS month_start,
           count(*) AS online,
           count(*) FILTER (
               -- the time-zone lookups only for the dossiers finished quickly
               CASE WHEN epoch(d.finish_at) - epoch(d.received_at) <= cfg.quick_minutes * 60
                    THEN list_contains(cfg.office_days, isodow(coalesce(d.submitted_at, d.received_at)))
                         AND timezone(current_setting('TimeZone'), coalesce(d.submitted_at, d.received_at))::TIME
                             BETWEEN cfg.office_from AND cfg.office_to END) AS quick
    FROM (SELECT s.*, c.day0, c.midnights,
                 local_day_index(epoch_us(s.received_at), c.day0, c.midnights) AS received_day
          FROM stg_dossiers s, calendar c
          WHERE s.channel = 2) d
    CROSS JOIN cfg
    GROUP BY ALL
),
online AS (
    SELECT p.period, p.period_kind, p.prev_period, o.province_code, o.unit_code,
           CAST(sum(o.online) AS BIGINT) AS online,
           CAST(sum(o.quick) AS BIGINT) AS quick
    FROM online_months o
    JOIN periods p ON o.month_start >= p.period_start AND o.month_start < p.period_end
    GROUP BY p.period, p.period_kind, p.prev_period, o.province_code, o.unit_code
),
quick AS (
    SELECT o.period, o.period_kind, o.prev_period, o.province_code, o.unit_code,
           'quick_online' AS flag,
           round(100.0 * o.quick / o.online, 2) AS value,          -- % of online dossiers
           cfg.quick_share_pct AS threshold,
           o.online AS dossiers,
           o.quick AS dossiers_flagged,
           m.online_rate, NULL::DOUBLE AS online_rate_prev
    FROM online o
    CROSS JOIN cfg
    LEFT JOIN unit_metrics m ON m.level = 'commune' AND m.period = o.period AND m.unit_code = o.unit_code
    WHERE o.online >= cfg.min_dossiers AND 100.0 * o.quick / o.online > cfg.quick_share_pct
)
SELECT period, period_kind, province_code, unit_code, flag, value, threshold,
       dossiers,           -- online_jump: received this month; quick_online: online dossiers received
       dossiers_flagged,   -- online_jump: received online this month; quick_online: the quick ones
       online_rate, online_rate_prev, prev_period
FROM jumps
UNION ALL
SELECT period, period_kind, province_code, unit_code, flag, value, threshold,
       dossiers, dossiers_flagged, online_rate, online_rate_prev, prev_period
FROM quick;
