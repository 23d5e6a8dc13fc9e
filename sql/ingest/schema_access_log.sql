-- schema_access_log: the tables reform ingest logs writes (docs/sites.md), created when missing. inputs: none.

-- One row per request (line) of every loaded access log. Clients, routes, referrers and user
-- agents are per-file dictionaries keyed by (file_id, *_hash), so that a request row is numbers only.
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

-- Clients of each file. The address or host name itself is never stored.
CREATE TABLE IF NOT EXISTS raw_access_clients (
    file_id     BIGINT NOT NULL,
    client_hash BIGINT NOT NULL,        -- first 64 bits of HMAC-SHA256(key, client as written)
    client_kind VARCHAR NOT NULL,       -- ipv4, ipv6, host
    office      BOOLEAN NOT NULL        -- in an office network of the sites file: assisted use
);

-- Request targets of each file, mapped by the sites file the file was loaded with.
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

-- Referrers of each file: their host only (a path or query may carry personal data); '' for none ("-").
CREATE TABLE IF NOT EXISTS raw_access_referrers (
    file_id       BIGINT NOT NULL,
    referrer_hash BIGINT NOT NULL,      -- 64-bit hash of the host
    referrer_host VARCHAR NOT NULL
);

-- User agents of each file and their class.
CREATE TABLE IF NOT EXISTS raw_access_agents (
    file_id     BIGINT NOT NULL,
    agent_hash  BIGINT NOT NULL,        -- 64-bit hash of the text: equal agents, equal hashes, in every file
    user_agent  VARCHAR NOT NULL,       -- '' when the format has none (common)
    agent_class VARCHAR NOT NULL,       -- human, bot, unknown (format without user agents)
    device      VARCHAR NOT NULL,       -- mobile, tablet, desktop, bot, unknown
    family      VARCHAR NOT NULL        -- browser or robot family
);

-- One row per loaded access log: its format, sites file and counts.
CREATE TABLE IF NOT EXISTS raw_access_files (
    file_id            BIGINT PRIMARY KEY,
    format             VARCHAR NOT NULL,    -- combined, vcombined, common, vcommon, json ('' for an empty file)
    sites              VARCHAR NOT NULL,    -- 'default' or the sites file's path
    sites_sha256       VARCHAR NOT NULL,
    lines              BIGINT NOT NULL,     -- counted lines: requests + rejected
    skipped            BIGINT NOT NULL,     -- empty and # lines, not counted (as GoAccess)
    requests           BIGINT NOT NULL,
    rejected           BIGINT NOT NULL,
    with_response_time BIGINT NOT NULL,     -- requests with a response time
    first_at           TIMESTAMPTZ,
    last_at            TIMESTAMPTZ
);

-- The outage rules of the sites file of the latest load (one row).
CREATE TABLE IF NOT EXISTS ref_access_settings (
    sites          VARCHAR NOT NULL,
    bucket_minutes INTEGER NOT NULL,
    min_minutes    INTEGER NOT NULL,
    error_share    DOUBLE NOT NULL,
    min_requests   INTEGER NOT NULL,
    loaded_at      TIMESTAMPTZ NOT NULL
);

-- One row per request with its dictionaries joined in (SPEC §5): for reform query.
CREATE OR REPLACE VIEW access_requests AS
SELECT l.file_id, l.line, make_timestamp(l.requested_us) AT TIME ZONE 'UTC' AS requested_at, l.client_hash, c.office, r.host, r.method, r.path,
       l.status, l.bytes, l.response_us, f.referrer_host, a.agent_class, a.device, a.family,
       r.unit_ref, r.procedure_code, r.is_static, r.is_submission
FROM raw_access_log l
JOIN raw_access_clients c USING (file_id, client_hash)
JOIN raw_access_routes r USING (file_id, route_hash)
JOIN raw_access_referrers f USING (file_id, referrer_hash)
JOIN raw_access_agents a USING (file_id, agent_hash);
