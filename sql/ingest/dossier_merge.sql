-- dossier_merge: (not run when the file's codes are distinct and the source holds no other rows: it would find nothing) after one file's good rows were appended to raw_dossiers (file_id {{.FileID}}), keeps one row per (source, dossier_code) there and moves every other version to raw_dossier_superseded; leaves merge_result (one row per dossier of the file held before or more than once in it: outcome new|updated|unchanged). A Go text/template rendered by ingest. inputs: raw_dossiers.

-- Dossiers of this file that raw_dossiers now holds more than once: already loaded, or
-- repeated within the file. Usually few; every other row of the file is simply new.
-- Grouping on a 64-bit hash of the code is three times faster than on the code; what it
-- finds (repeats, or in theory two codes with one hash) is then checked on the code itself.
-- Only the file's own rows are grouped; the rows loaded before are probed against their
-- hashes, one scan: the cost of a monthly file grows with the table, not with its square.
CREATE OR REPLACE TEMP TABLE merge_keys AS
WITH mine AS (
{{- if .Unique}}
    -- Go's scan of the file proved its codes distinct: nothing to group
    SELECT hash(dossier_code) AS h, 1 AS n
    FROM raw_dossiers
    WHERE file_id = {{.FileID}}
{{- else}}
    SELECT hash(dossier_code) AS h, count(*) AS n
    FROM raw_dossiers
    WHERE file_id = {{.FileID}}
    GROUP BY h
{{- end}}
),
candidates AS (
    SELECT h FROM mine WHERE n > 1
    UNION
    SELECT hash(dossier_code)
    FROM raw_dossiers
    WHERE source = {{.SourceName}} AND file_id <> {{.FileID}}
      AND hash(dossier_code) IN (SELECT h FROM mine)
)
SELECT dossier_code
FROM raw_dossiers
WHERE EXISTS (SELECT 1 FROM candidates)
  AND source = {{.SourceName}} AND hash(dossier_code) IN (SELECT h FROM candidates)
GROUP BY dossier_code
HAVING count(*) > 1 AND bool_or(file_id = {{.FileID}});

CREATE OR REPLACE TEMP TABLE merge_rows AS
SELECT rowid AS rid, file_id = {{.FileID}} AS is_new, *
FROM raw_dossiers
WHERE source = {{.SourceName}} AND dossier_code IN (SELECT dossier_code FROM merge_keys);

-- Within one file the same dossier may appear twice: the later updated_at wins, else the later line.
CREATE OR REPLACE TEMP TABLE merge_new AS
SELECT *
FROM merge_rows
WHERE is_new
QUALIFY row_number() OVER (PARTITION BY dossier_code ORDER BY updated_at DESC NULLS LAST, line DESC) = 1;

-- Against what was loaded before: a newer (or equal, or unknown) updated_at wins, since this
-- file is loaded later; a stale re-export (older updated_at) changes nothing.
CREATE OR REPLACE TEMP TABLE merge_result AS
SELECT n.dossier_code, n.rid AS new_rid, d.rid AS old_rid,
       CASE
         WHEN d.rid IS NULL THEN 'new'
         WHEN (d.updated_at IS NULL OR n.updated_at IS NULL OR n.updated_at >= d.updated_at)
          AND (n.unit_code IS DISTINCT FROM d.unit_code
            OR n.procedure_code IS DISTINCT FROM d.procedure_code
            OR n.procedure_name IS DISTINCT FROM d.procedure_name
            OR n.field_name IS DISTINCT FROM d.field_name
            OR n.channel IS DISTINCT FROM d.channel
            OR n.service_level IS DISTINCT FROM d.service_level
            OR n.status IS DISTINCT FROM d.status
            OR n.submitted_at IS DISTINCT FROM d.submitted_at
            OR n.received_at IS DISTINCT FROM d.received_at
            OR n.due_at IS DISTINCT FROM d.due_at
            OR n.finished_at IS DISTINCT FROM d.finished_at
            OR n.returned_at IS DISTINCT FROM d.returned_at
            OR n.fee_amount IS DISTINCT FROM d.fee_amount
            OR n.paid_online IS DISTINCT FROM d.paid_online
            OR n.e_result IS DISTINCT FROM d.e_result
            OR n.digitized IS DISTINCT FROM d.digitized
            OR n.complaint IS DISTINCT FROM d.complaint
            OR n.updated_at IS DISTINCT FROM d.updated_at) THEN 'updated'
         ELSE 'unchanged'
       END AS outcome
FROM merge_new n
LEFT JOIN merge_rows d ON d.dossier_code = n.dossier_code AND NOT d.is_new;

-- Versions that are not the latest: the file's superseded or unchanged rows, and the
-- loaded rows that this file updates. They stay in the history.
CREATE OR REPLACE TEMP TABLE merge_losers AS
SELECT rid FROM merge_rows
WHERE is_new AND rid NOT IN (SELECT new_rid FROM merge_result WHERE outcome IN ('new', 'updated'))
UNION ALL
SELECT old_rid FROM merge_result WHERE outcome = 'updated';

INSERT INTO raw_dossier_superseded
SELECT * FROM raw_dossiers WHERE rowid IN (SELECT rid FROM merge_losers);

DELETE FROM raw_dossiers WHERE rowid IN (SELECT rid FROM merge_losers);
