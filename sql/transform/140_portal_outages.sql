-- portal_outages: one row per outage of a host (host '' when the logs have none): a run of consecutive non-empty buckets in which no request was answered without a 5xx, or at least min_requests were answered with an error share of error_share or more, lasting min_minutes or more (ref_access_settings, from the sites file; defaults 5, 15, 0.5, 5). inputs: portal_requests, ref_access_settings.
CREATE OR REPLACE TABLE portal_outages AS
WITH cfg AS (
    SELECT coalesce(any_value(bucket_minutes), 5) AS bucket_minutes,
           coalesce(any_value(min_minutes), 15)   AS min_minutes,
           coalesce(any_value(error_share), 0.5)  AS error_share,
           coalesce(any_value(min_requests), 5)   AS min_requests
    FROM ref_access_settings
),
buckets AS (
    SELECT r.host,
           time_bucket(to_minutes(cfg.bucket_minutes), r.requested_at) AS bucket_at,
           count(*) AS requests,
           count(*) FILTER (r.is_error) AS errors
    FROM portal_requests r, cfg
    GROUP BY ALL
),
judged AS (
    SELECT b.*,
           b.errors = b.requests AS no_success,
           b.errors = b.requests
             OR (b.requests >= cfg.min_requests AND b.errors >= cfg.error_share * b.requests) AS is_bad
    FROM buckets b, cfg
),
runs AS (
    -- every bucket that is not bad starts a new group: a run of bad buckets shares one
    SELECT *, sum(CASE WHEN is_bad THEN 0 ELSE 1 END) OVER (PARTITION BY host ORDER BY bucket_at) AS grp
    FROM judged
),
outages AS (
    SELECT host,
           min(bucket_at) AS started_at,
           max(bucket_at) + to_minutes(any_value(cfg.bucket_minutes)) AS ended_at,
           count(*) AS buckets,
           sum(requests) AS requests,
           sum(errors) AS errors_5xx,
           bool_and(no_success) AS no_success,
           any_value(cfg.min_minutes) AS min_minutes
    FROM runs, cfg
    WHERE is_bad
    GROUP BY host, grp
)
SELECT host,
       started_at,
       ended_at,
       CAST(started_at AS DATE) AS day,                       -- local date of the start
       CAST(epoch(ended_at) - epoch(started_at) AS BIGINT) // 60 AS minutes,
       buckets,
       requests,
       errors_5xx,
       round(100.0 * errors_5xx / requests, 2) AS error_rate,
       CASE WHEN no_success THEN 'no_success' ELSE 'error_share' END AS kind
FROM outages
WHERE epoch(ended_at) - epoch(started_at) >= 60 * min_minutes;
