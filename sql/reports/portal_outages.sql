-- portal_outages: one row per outage that overlaps a period, of a host ('' for logs without hosts) that served requests of the province: its start and end (also as local wall-clock text, for the charts) and its minutes inside the period. inputs: portal_outages, portal_routes. args: $1 province_code, $2 period start, $3 period end (local DATEs).
SELECT coalesce(o.host, '') AS host,
       o.started_at,
       o.ended_at,
       strftime(o.started_at, '%Y-%m-%d %H:%M') AS started_local,
       strftime(o.ended_at, '%Y-%m-%d %H:%M')   AS ended_local,
       o.minutes,
       CAST(epoch(least(o.ended_at, $3::DATE::TIMESTAMPTZ))
            - epoch(greatest(o.started_at, $2::DATE::TIMESTAMPTZ)) AS BIGINT) // 60 AS minutes_in_period,
       CAST(o.requests AS BIGINT)   AS requests,
       CAST(o.errors_5xx AS BIGINT) AS errors_5xx,
       o.error_rate,
       o.kind
FROM portal_outages o
WHERE o.started_at < $3::DATE::TIMESTAMPTZ
  AND o.ended_at > $2::DATE::TIMESTAMPTZ
  AND coalesce(o.host, '') IN (SELECT coalesce(host, '') FROM portal_routes WHERE province_code = $1)
ORDER BY o.started_at, host;
