-- stage_dossiers: one file's accepted rows, before the merge; a temporary table (never written to the database file), created and dropped inside the file's transaction. inputs: raw_dossier_history (shape).
CREATE OR REPLACE TEMP TABLE stage_dossiers AS SELECT * FROM raw_dossier_history LIMIT 0;
