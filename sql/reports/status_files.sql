-- status_files: one row per loaded file, oldest first. inputs: load_files.
SELECT file_id, kind, path, source, loaded_at, rows_read, rows_new, rows_updated, rows_unchanged, rows_rejected
FROM load_files
ORDER BY file_id;
