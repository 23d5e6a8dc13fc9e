-- portal_funnel: one row per (unit, procedure) of a province's online funnel in a period, for the province (unit_code = province_code) and its communes: page views, visitor-days, submitting visitor-days, submissions and conversion, most viewed first. inputs: portal_funnel. args: $1 province_code, $2 period.
SELECT unit_code,
       procedure_code,
       coalesce(procedure_name, '')  AS procedure_name,
       CAST(page_views AS BIGINT)    AS page_views,
       CAST(visitors AS BIGINT)      AS visitors,
       CAST(submitters AS BIGINT)    AS submitters,
       CAST(submissions AS BIGINT)   AS submissions,
       conversion_rate
FROM portal_funnel
WHERE period = $2 AND province_code = $1 AND level IN ('province', 'commune')
ORDER BY unit_code, page_views DESC, procedure_code;
