-- portal_funnel: one row per (level, period, province_code, unit_code, procedure_code) with page views or submissions of the procedure, levels as in portal_daily: page views → visitors → submitting visitors → submissions, the procedure's online funnel. inputs: portal_requests, periods, raw_dossiers.
CREATE OR REPLACE TABLE portal_funnel AS
WITH daily AS (
    SELECT CASE WHEN grouping(province_code) = 1 THEN 'portal'
                WHEN grouping(unit_code) = 1 THEN 'province'
                ELSE 'commune' END AS level,
           province_code,
           CASE WHEN grouping(unit_code) = 1 THEN province_code ELSE unit_code END AS unit_code,
           procedure_code,
           day,
           count(*) FILTER (is_page_view)                                           AS page_views,
           count(DISTINCT (client_hash, agent_hash)) FILTER (is_page_view)          AS visitors,
           count(DISTINCT (client_hash, agent_hash)) FILTER (is_submitted)          AS submitters,
           count(*) FILTER (is_submitted)                                           AS submissions,
           count(*) FILTER (is_submitted AND office)                                AS assisted_submissions
    FROM portal_requests
    WHERE procedure_code IS NOT NULL AND (is_page_view OR is_submitted)
    GROUP BY GROUPING SETS ((province_code, unit_code, procedure_code, day),
                            (province_code, procedure_code, day),
                            (procedure_code, day))
),
names AS (
    SELECT procedure_code, mode(procedure_name) AS procedure_name
    FROM raw_dossiers
    WHERE procedure_code IS NOT NULL AND procedure_name IS NOT NULL
    GROUP BY procedure_code
),
sums AS (
    SELECT d.level, p.period, p.period_kind, p.period_start, p.period_end, d.province_code, d.unit_code,
           d.procedure_code,
           sum(d.page_views)           AS page_views,
           sum(d.visitors)             AS visitors,
           sum(d.submitters)           AS submitters,
           sum(d.submissions)          AS submissions,
           sum(d.assisted_submissions) AS assisted_submissions
    FROM daily d
    JOIN periods p ON d.day >= p.period_start AND d.day < p.period_end
    WHERE d.level = 'portal' OR (d.level = 'province' AND d.province_code IS NOT NULL)
       OR (d.level = 'commune' AND d.unit_code IS NOT NULL)
    GROUP BY ALL
)
SELECT s.level, s.period, s.period_kind, s.period_start, s.period_end, s.province_code, s.unit_code,
       s.procedure_code, n.procedure_name,
       s.page_views, s.visitors, s.submitters, s.submissions, s.assisted_submissions,
       -- the share of visitor-days that submitted (a day's visitor who submits without viewing counts too)
       round(100.0 * s.submitters / nullif(s.visitors, 0), 2) AS conversion_rate
FROM sums s
LEFT JOIN names n USING (procedure_code);
