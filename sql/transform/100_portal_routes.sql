-- portal_routes: one row per (file_id, route_hash) of the loaded access logs: its unit resolved to a 2025 commune and province, its procedure, static and submission flags. inputs: raw_access_routes, ref_units, ref_unit_conversion, ref_agency_units.

-- The raw access-log tables the portal transforms read, exactly as sql/ingest/schema_access_log.sql
-- creates them (ingest/accesslog_test.go keeps the two the same): on a database that never
-- loaded a log they are missing, and the portal tables are then built empty.
CREATE TABLE IF NOT EXISTS raw_access_log (
    file_id       BIGINT NOT NULL,
    line          BIGINT NOT NULL,        -- line in the file
    requested_us  BIGINT NOT NULL,        -- the instant of the request, Unix microseconds (access_requests: requested_at)
    utc_offset    SMALLINT NOT NULL,      -- minutes east of UTC as written in the log (gives the log's own date)
    client_hash   BIGINT NOT NULL,        -- raw_access_clients
    route_hash    BIGINT NOT NULL,        -- raw_access_routes
    referrer_hash BIGINT NOT NULL,        -- raw_access_referrers
    agent_hash    BIGINT NOT NULL,        -- raw_access_agents
    status        SMALLINT NOT NULL,      -- HTTP status, 100..599
    bytes         BIGINT,                 -- response size ("-" is 0); NULL when not a number
    response_us   BIGINT                  -- response time in microseconds; NULL when the log has none
);

CREATE TABLE IF NOT EXISTS raw_access_clients (
    file_id     BIGINT NOT NULL,
    client_hash BIGINT NOT NULL,        -- first 64 bits of HMAC-SHA256(key, client as written)
    client_kind VARCHAR NOT NULL,       -- ipv4, ipv6, host
    office      BOOLEAN NOT NULL        -- in an office network of the sites file: assisted use
);

CREATE TABLE IF NOT EXISTS raw_access_routes (
    file_id        BIGINT NOT NULL,
    route_hash     BIGINT NOT NULL,     -- 64-bit hash of host, method and target as written
    host           VARCHAR NOT NULL,    -- virtual host without port; '' when the log has none
    method         VARCHAR NOT NULL,    -- as written; '' when the request line has none
    path           VARCHAR NOT NULL,    -- without query string or fragment
    site           VARCHAR,             -- the sites-file site that matched; NULL: none
    site_province  VARCHAR,             -- that site's province, when the sites file names one
    unit_ref       VARCHAR,             -- unit as given or captured (GSO code, pre-2025 code, agency id)
    procedure_code VARCHAR,
    is_static      BOOLEAN NOT NULL,
    is_submission  BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS raw_access_agents (
    file_id     BIGINT NOT NULL,
    agent_hash  BIGINT NOT NULL,        -- 64-bit hash of the text: equal agents, equal hashes, in every file
    user_agent  VARCHAR NOT NULL,       -- '' when the format has none (common)
    agent_class VARCHAR NOT NULL,       -- human, bot, unknown (format without user agents)
    device      VARCHAR NOT NULL,       -- mobile, tablet, desktop, bot, unknown
    family      VARCHAR NOT NULL        -- browser or robot family
);

CREATE TABLE IF NOT EXISTS ref_access_settings (
    sites          VARCHAR NOT NULL,
    bucket_minutes INTEGER NOT NULL,
    min_minutes    INTEGER NOT NULL,
    error_share    DOUBLE NOT NULL,
    min_requests   INTEGER NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE TABLE portal_routes AS
WITH conversion AS (
    -- SPEC §2: an old code goes to the commune that kept it, else to the first target listed.
    SELECT old_code,
           coalesce(max(new_code) FILTER (WHERE new_code = old_code), arg_min(new_code, seq)) AS new_code
    FROM ref_unit_conversion
    GROUP BY old_code
),
agency AS (
    SELECT agency_code, arg_max(unit_code, imported_at) AS unit_code
    FROM ref_agency_units
    GROUP BY agency_code
),
gso AS (
    SELECT r.*, coalesce(a.unit_code, r.unit_ref) AS gso_code
    FROM raw_access_routes r
    LEFT JOIN agency a ON a.agency_code = r.unit_ref
)
SELECT g.file_id,
       g.route_hash,
       g.host,
       g.method,
       g.path,
       g.site,
       g.unit_ref,                                   -- as the sites file gave or captured it
       coalesce(u.unit_code, v.unit_code) AS unit_code, -- a 2025 commune; NULL when unmapped or unknown
       coalesce(u.province_code, v.province_code, g.site_province) AS province_code,
       g.procedure_code,
       g.is_static,
       g.is_submission
FROM gso g
LEFT JOIN ref_units u ON u.unit_code = g.gso_code
LEFT JOIN conversion c ON c.old_code = g.gso_code AND u.unit_code IS NULL
LEFT JOIN ref_units v ON v.unit_code = c.new_code;
