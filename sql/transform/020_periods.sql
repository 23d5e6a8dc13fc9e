-- periods: one row per month, quarter, year and year-to-date period containing a built month (every month from the first with a received dossier to the last with data, or cfg_build.through_month); prev_period is the period of the same kind shown just before, yoy_period the same period a year earlier (docs/periods.md). inputs: stg_dossiers, cfg_build.
CREATE OR REPLACE TABLE periods AS
WITH bounds AS (
    SELECT date_trunc('month', min(received_at)::DATE)::DATE AS first_month,
           coalesce((SELECT through_month FROM cfg_build),
                    date_trunc('month', greatest(max(received_at), max(finish_at))::DATE)::DATE) AS last_month
    FROM stg_dossiers
),
months AS (
    SELECT generate_series::DATE AS month_start
    FROM bounds, generate_series(first_month, last_month, INTERVAL 1 MONTH)
),
kinds AS (
    SELECT DISTINCT 'month' AS period_kind, month_start AS period_start,
           (month_start + INTERVAL 1 MONTH)::DATE AS period_end
    FROM months
    UNION ALL
    SELECT DISTINCT 'quarter', date_trunc('quarter', month_start)::DATE,
           (date_trunc('quarter', month_start) + INTERVAL 3 MONTH)::DATE
    FROM months
    UNION ALL
    SELECT DISTINCT 'year', date_trunc('year', month_start)::DATE,
           (date_trunc('year', month_start) + INTERVAL 1 YEAR)::DATE
    FROM months
    UNION ALL
    -- year to date: 1 January to the end of each built month ("2026-ytd-10" = January–October 2026)
    SELECT DISTINCT 'ytd', date_trunc('year', month_start)::DATE,
           (month_start + INTERVAL 1 MONTH)::DATE
    FROM months
),
named AS (
    SELECT k.*,
           (period_end - INTERVAL 1 MONTH)::DATE AS last_month_start,
           CASE period_kind
             WHEN 'month' THEN strftime(period_start, '%Y-%m')
             WHEN 'quarter' THEN year(period_start) || '-Q' || quarter(period_start)
             WHEN 'year' THEN CAST(year(period_start) AS VARCHAR)
             ELSE year(period_start) || '-ytd-' || strftime(period_end - INTERVAL 1 MONTH, '%m')
           END AS period
    FROM kinds k
)
SELECT period,
       period_kind,
       period_start,
       period_end,
       period_start::TIMESTAMPTZ AS start_at,   -- local midnight in the session time zone
       period_end::TIMESTAMPTZ AS end_at,
       CASE period_kind
         WHEN 'month' THEN strftime(period_start - INTERVAL 1 MONTH, '%Y-%m')
         WHEN 'quarter' THEN year(period_start - INTERVAL 3 MONTH) || '-Q' || quarter(period_start - INTERVAL 3 MONTH)
         WHEN 'year' THEN CAST(year(period_start) - 1 AS VARCHAR)
         -- the year to date one month shorter; January's is compared with the whole year before
         ELSE year(last_month_start - INTERVAL 1 MONTH) || '-ytd-' || strftime(last_month_start - INTERVAL 1 MONTH, '%m')
       END AS prev_period,
       CASE period_kind
         WHEN 'month' THEN strftime(period_start - INTERVAL 1 YEAR, '%Y-%m')
         WHEN 'quarter' THEN (year(period_start) - 1) || '-Q' || quarter(period_start)
         WHEN 'year' THEN CAST(year(period_start) - 1 AS VARCHAR)
         ELSE (year(period_start) - 1) || '-ytd-' || strftime(last_month_start, '%m')
       END AS yoy_period,
       strftime(last_month_start, '%Y-%m') AS last_month,       -- the period's last month, YYYY-MM
       CAST(date_diff('month', period_start, period_end) AS INTEGER) AS months,
       CAST((SELECT count(*) FROM months m
             WHERE m.month_start >= n.period_start AND m.month_start < n.period_end) AS INTEGER) AS months_built
FROM named n;
