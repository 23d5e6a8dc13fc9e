-- portal_usage: the portal use (SPEC §5) of a province (unit_code = province_code) and of each of its communes with traffic in a period. inputs: portal_usage. args: $1 province_code, $2 period.
SELECT level,
       unit_code,
       CAST(portal_visitors AS BIGINT)    AS visitors,
       CAST(portal_page_views AS BIGINT)  AS page_views,
       portal_mobile_share                AS mobile_share,
       portal_error_rate                  AS error_rate,
       CAST(portal_submissions AS BIGINT) AS submissions
FROM portal_usage
WHERE period = $2 AND province_code = $1 AND level IN ('province', 'commune')
ORDER BY level, unit_code;
