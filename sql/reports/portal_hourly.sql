-- portal_hourly: one row per local hour with portal traffic of a province (level province) in a period: its day and hour (0–23), page views, submissions and 5xx answers. inputs: portal_hourly. args: $1 province_code, $2 period start, $3 period end (local DATEs).
SELECT day, hour, page_views, submissions, errors_5xx
FROM portal_hourly
WHERE level = 'province' AND unit_code = $1 AND day >= $2::DATE AND day < $3::DATE
ORDER BY hour_at;
