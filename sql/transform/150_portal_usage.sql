-- portal_usage: one row per (level, period, province_code, unit_code) with portal traffic in a period of periods, levels as in portal_daily: the portal columns of SPEC §5 (portal_visitors, portal_page_views, portal_mobile_share, portal_error_rate, portal_submissions) and assisted use; log days outside periods are not in it. inputs: portal_daily, portal_outages, periods.
CREATE OR REPLACE TABLE portal_usage AS
WITH sums AS (
    SELECT d.level, p.period, p.period_kind, p.period_start, p.period_end, p.start_at, p.end_at,
           d.province_code, d.unit_code,
           count(*)                    AS days_with_traffic,
           sum(d.requests)             AS requests,
           sum(d.bot_requests)         AS bot_requests,
           sum(d.page_views)           AS page_views,
           sum(d.page_views_mobile)    AS page_views_mobile,
           sum(d.page_views_tablet)    AS page_views_tablet,
           sum(d.page_views_desktop)   AS page_views_desktop,
           sum(d.assisted_page_views)  AS assisted_page_views,
           sum(d.visitors)             AS visitors,
           sum(d.assisted_visitors)    AS assisted_visitors,
           sum(d.submissions)          AS submissions,
           sum(d.assisted_submissions) AS assisted_submissions,
           sum(d.errors_5xx)           AS errors_5xx,
           sum(d.bytes)                AS bytes
    FROM portal_daily d
    JOIN periods p ON d.day >= p.period_start AND d.day < p.period_end
    GROUP BY ALL
),
down AS (
    -- outage minutes within each period (whole portal)
    SELECT p.period,
           count(*) AS outages,
           sum(CAST(epoch(least(o.ended_at, p.end_at)) - epoch(greatest(o.started_at, p.start_at)) AS BIGINT) // 60) AS outage_minutes
    FROM portal_outages o
    JOIN periods p ON o.started_at < p.end_at AND o.ended_at > p.start_at
    GROUP BY p.period
)
SELECT s.level, s.period, s.period_kind, s.period_start, s.period_end, s.province_code, s.unit_code,
       s.days_with_traffic,
       s.requests                                                          AS portal_requests,
       s.visitors                                                          AS portal_visitors,
       s.page_views                                                        AS portal_page_views,
       round(100.0 * s.page_views_mobile / nullif(s.page_views, 0), 2)     AS portal_mobile_share,
       round(100.0 * s.page_views_tablet / nullif(s.page_views, 0), 2)     AS portal_tablet_share,
       round(100.0 * s.errors_5xx / nullif(s.requests, 0), 2)              AS portal_error_rate,
       s.submissions                                                       AS portal_submissions,
       s.assisted_page_views                                               AS portal_assisted_page_views,
       s.assisted_visitors                                                 AS portal_assisted_visitors,
       s.assisted_submissions                                              AS portal_assisted_submissions,
       s.bot_requests                                                      AS portal_bot_requests,
       s.errors_5xx                                                        AS portal_errors_5xx,
       s.bytes                                                             AS portal_bytes,
       CASE WHEN s.level = 'portal' THEN coalesce(dn.outages, 0) END       AS portal_outages,
       CASE WHEN s.level = 'portal' THEN coalesce(dn.outage_minutes, 0) END AS portal_outage_minutes
FROM sums s
LEFT JOIN down dn ON dn.period = s.period;
