-- unit_trends: one row per (level, period, unit, month) for the rolling 12 months that end with the period's last month — or the last month built, when the period runs past it — (month_no 1 = the oldest, 12 = the last), for every unit with data in any of them: the monthly figures behind trend charts and rank history, for a period of any kind (a year-to-date period ending in October shows November to October). inputs: periods, scorecard.
CREATE OR REPLACE TABLE unit_trends AS
WITH built AS (
    SELECT max(period_end) AS built_end FROM periods WHERE period_kind = 'month'
),
windows AS (
    -- the window ends with the period's last month, or the last month built if that is earlier
    SELECT p.period, g.n AS month_no,
           strftime(least(p.period_end, b.built_end) - to_months(CAST(13 - g.n AS INTEGER)), '%Y-%m') AS month
    FROM periods p, built b, range(1, 13) g(n)
),
monthly AS (
    SELECT * FROM scorecard WHERE period_kind = 'month'
),
units AS (
    SELECT DISTINCT w.period, s.level, s.province_code, s.unit_code
    FROM windows w
    JOIN monthly s ON s.period = w.month
)
SELECT u.level, u.period, u.province_code, u.unit_code, w.month_no, w.month,
       s.unit_code IS NOT NULL AS has_data,
       s.received, s.received_online, s.online_rate,
       s.processed, s.processed_on_time, s.ontime_rate,
       s.open_overdue, s.index_score, s.rank, s.band, s.low_volume
FROM units u
JOIN windows w ON w.period = u.period
LEFT JOIN monthly s ON s.period = w.month AND s.level = u.level AND s.unit_code = u.unit_code;
