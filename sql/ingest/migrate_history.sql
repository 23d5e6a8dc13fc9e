-- migrate_history: turns the raw_dossier_history table of databases written before raw_dossier_superseded existed into that table (the rows that are not the latest state) and drops it, so that schema.sql can create the view of the same name. inputs: raw_dossier_history, raw_dossiers.
CREATE TABLE raw_dossier_superseded AS
SELECT h.*
FROM raw_dossier_history h
ANTI JOIN raw_dossiers d ON d.file_id = h.file_id AND d.line = h.line;

DROP TABLE raw_dossier_history;
