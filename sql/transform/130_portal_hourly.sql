-- portal_hourly: one row per (level, province_code, unit_code, hour_at) with portal traffic, levels as in portal_daily: requests, page views, 5xx and the 95th percentile of response times when the log has them. inputs: portal_requests.
CREATE OR REPLACE TABLE portal_hourly AS
WITH g AS (
    SELECT CASE WHEN grouping(province_code) = 1 THEN 'portal'
                WHEN grouping(unit_code) = 1 THEN 'province'
                ELSE 'commune' END AS level,
           province_code,
           CASE WHEN grouping(unit_code) = 1 THEN province_code ELSE unit_code END AS unit_code,
           hour_at,
           count(*)                          AS requests,
           count(*) FILTER (is_bot)          AS bot_requests,
           count(*) FILTER (is_page_view)    AS page_views,
           count(*) FILTER (is_submitted)    AS submissions,
           count(*) FILTER (is_error)        AS errors_5xx,
           count(response_ms)                AS timed_requests,
           quantile_cont(response_ms, 0.95)  AS p95_response_ms
    FROM portal_requests
    GROUP BY GROUPING SETS ((province_code, unit_code, hour_at), (province_code, hour_at), (hour_at))
)
SELECT level, province_code, unit_code, hour_at,
       CAST(hour_at AS DATE) AS day,
       CAST(hour(hour_at) AS INTEGER) AS hour,                  -- 0..23, local
       requests, bot_requests, page_views, submissions, errors_5xx,
       round(100.0 * errors_5xx / requests, 2) AS error_rate,
       timed_requests, round(p95_response_ms, 1) AS p95_response_ms
FROM g
WHERE level = 'portal'
   OR (level = 'province' AND province_code IS NOT NULL)
   OR (level = 'commune' AND unit_code IS NOT NULL);
