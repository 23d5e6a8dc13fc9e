-- stage_dossiers: one file's accepted rows, before the merge; created and dropped inside the file's transaction. inputs: raw_dossier_history (shape).
CREATE OR REPLACE TABLE stage_dossiers AS SELECT * FROM raw_dossier_history LIMIT 0;
