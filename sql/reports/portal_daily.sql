-- portal_daily: one row per local day with portal traffic of a province (level province) in a period: page views in all and by device, visitors and submissions. inputs: portal_daily. args: $1 province_code, $2 period start, $3 period end (local DATEs).
SELECT day, page_views, page_views_mobile, page_views_tablet, page_views_desktop, visitors, submissions
FROM portal_daily
WHERE level = 'province' AND unit_code = $1 AND day >= $2::DATE AND day < $3::DATE
ORDER BY day;
