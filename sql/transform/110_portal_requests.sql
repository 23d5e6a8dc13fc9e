-- portal_requests: one row per request of the loaded access logs, typed, on its 2025 commune, with its local day and hour (--tz) and the flags the portal metrics count. inputs: raw_access_log, raw_access_clients, raw_access_agents, portal_routes.
CREATE OR REPLACE TABLE portal_requests AS
WITH l AS (
    SELECT *, make_timestamp(requested_us) AT TIME ZONE 'UTC' AS requested_at
    FROM raw_access_log
)
SELECT l.file_id,
       l.line,
       l.requested_at,
       CAST(l.requested_at AS DATE) AS day,                  -- local date in the session time zone
       date_trunc('hour', l.requested_at) AS hour_at,        -- local hour start
       l.client_hash,
       c.office,                                             -- from an office network: assisted use
       l.agent_hash,
       a.agent_class,
       a.device,
       r.host,
       r.method,
       r.path,
       r.site,
       r.unit_code,
       r.province_code,
       r.procedure_code,
       r.is_static,
       l.status,
       l.bytes,
       l.response_us / 1000.0 AS response_ms,
       l.status >= 500 AS is_error,
       l.status BETWEEN 400 AND 499 AS is_client_error,
       a.agent_class = 'bot' AS is_bot,
       -- SPEC §5: a page view is a request by a person, not for a static asset, answered below 400.
       a.agent_class <> 'bot' AND NOT r.is_static AND l.status < 400 AS is_page_view,
       -- an online submission: the sites file's submission endpoint, by a person, accepted (< 400)
       r.is_submission AND a.agent_class <> 'bot' AND l.status < 400 AS is_submitted
FROM l
JOIN raw_access_clients c USING (file_id, client_hash)
JOIN raw_access_agents a USING (file_id, agent_hash)
JOIN portal_routes r USING (file_id, route_hash);
