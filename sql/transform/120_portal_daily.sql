-- portal_daily: one row per (level, province_code, unit_code, day) with portal traffic: level commune (a 2025 commune), province (unit_code = province_code) and portal (everything in the logs, mapped or not; province_code and unit_code NULL). inputs: portal_requests.
CREATE OR REPLACE TABLE portal_daily AS
WITH g AS (
    SELECT CASE WHEN grouping(province_code) = 1 THEN 'portal'
                WHEN grouping(unit_code) = 1 THEN 'province'
                ELSE 'commune' END AS level,
           province_code,
           CASE WHEN grouping(unit_code) = 1 THEN province_code ELSE unit_code END AS unit_code,
           day,
           count(*)                                                    AS requests,
           count(*) FILTER (is_bot)                                    AS bot_requests,
           count(*) FILTER (is_page_view)                              AS page_views,
           count(*) FILTER (is_page_view AND device = 'mobile')        AS page_views_mobile,
           count(*) FILTER (is_page_view AND device = 'tablet')        AS page_views_tablet,
           count(*) FILTER (is_page_view AND device = 'desktop')       AS page_views_desktop,
           count(*) FILTER (is_page_view AND office)                   AS assisted_page_views,
           -- GoAccess's unique visitor: same client, same date, same user agent; its default
           -- leaves 4xx out; crawlers are left out too (--ignore-crawlers)
           count(DISTINCT (client_hash, agent_hash)) FILTER (NOT is_bot AND NOT is_client_error) AS visitors,
           count(DISTINCT (client_hash, agent_hash)) FILTER (NOT is_bot AND NOT is_client_error AND office) AS assisted_visitors,
           count(*) FILTER (is_submitted)                              AS submissions,
           count(*) FILTER (is_submitted AND office)                   AS assisted_submissions,
           count(*) FILTER (is_error)                                  AS errors_5xx,
           count(*) FILTER (is_client_error)                           AS errors_4xx,
           coalesce(sum(bytes), 0)                                     AS bytes,
           count(response_ms)                                          AS timed_requests,
           quantile_cont(response_ms, 0.95)                            AS p95_response_ms
    FROM portal_requests
    GROUP BY GROUPING SETS ((province_code, unit_code, day), (province_code, day), (day))
)
SELECT level, province_code, unit_code, day, requests, bot_requests, page_views,
       page_views_mobile, page_views_tablet, page_views_desktop, assisted_page_views,
       visitors, assisted_visitors, submissions, assisted_submissions, errors_5xx, errors_4xx,
       round(100.0 * errors_5xx / requests, 2) AS error_rate,
       bytes, timed_requests, round(p95_response_ms, 1) AS p95_response_ms
FROM g
WHERE level = 'portal'
   OR (level = 'province' AND province_code IS NOT NULL)
   OR (level = 'commune' AND unit_code IS NOT NULL);
