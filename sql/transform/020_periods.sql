-- periods: one row per month, quarter and year with data, up to cfg_build.through_month. inputs: stg_dossiers, cfg_build.
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
)
SELECT CASE period_kind
         WHEN 'month' THEN strftime(period_start, '%Y-%m')
         WHEN 'quarter' THEN year(period_start) || '-Q' || quarter(period_start)
         ELSE CAST(year(period_start) AS VARCHAR)
       END AS period,
       period_kind,
       period_start,
       period_end,
       period_start::TIMESTAMPTZ AS start_at,   -- local midnight in the session time zone
       period_end::TIMESTAMPTZ AS end_at,
       CASE period_kind
         WHEN 'month' THEN strftime(period_start - INTERVAL 1 MONTH, '%Y-%m')
         WHEN 'quarter' THEN year(period_start - INTERVAL 3 MONTH) || '-Q' || quarter(period_start - INTERVAL 3 MONTH)
         ELSE CAST(year(period_start) - 1 AS VARCHAR)
       END AS prev_period
FROM kinds;
