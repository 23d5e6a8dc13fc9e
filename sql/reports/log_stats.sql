-- log_stats: one row: GoAccess 1.7's general-panel totals over every loaded access log between two log dates (? = from, ? = to; NULL = open), dates being the log's own (as written, in its UTC offset). Failed requests are the rejected lines, which carry no trusted date: they count only without bounds. inputs: raw_access_log, raw_access_files.
WITH bounds AS (
    SELECT CAST(? AS DATE) AS d_from, CAST(? AS DATE) AS d_to
),
req AS (
    SELECT CAST(make_timestamp(l.requested_us + CAST(l.utc_offset AS BIGINT) * 60000000) AS DATE) AS log_date,
           l.status, l.bytes, l.client_hash, l.agent_hash
    FROM raw_access_log l
),
valid AS (
    SELECT count(*) AS valid_requests,
           -- GoAccess: the same client, date and user agent is one visitor; 4xx are left out
           count(DISTINCT (log_date, client_hash, agent_hash)) FILTER (WHERE status NOT BETWEEN 400 AND 499) AS unique_visitors,
           coalesce(sum(bytes), 0) AS bandwidth,
           min(log_date) AS start_date,
           max(log_date) AS end_date
    FROM req, bounds
    WHERE (d_from IS NULL OR log_date >= d_from) AND (d_to IS NULL OR log_date <= d_to)
),
failed AS (
    SELECT CASE WHEN any_value(b.d_from) IS NULL AND any_value(b.d_to) IS NULL
                THEN coalesce(sum(f.rejected), 0) ELSE 0 END AS failed_requests
    FROM bounds b
    LEFT JOIN raw_access_files f ON true
)
SELECT v.valid_requests + f.failed_requests AS total_requests,
       v.valid_requests,
       f.failed_requests,
       v.unique_visitors,
       v.bandwidth,
       v.start_date,
       v.end_date
FROM valid v, failed f
ORDER BY ALL;
