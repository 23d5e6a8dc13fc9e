-- rejects: one row per rejected value, optionally of one file (? = path or NULL), in file and line order. inputs: raw_rejects, load_files.
SELECT f.path, r.line, r.column_name, r.raw_value, r.reason
FROM raw_rejects r
JOIN load_files f USING (file_id)
WHERE ? IS NULL OR f.path = ?
ORDER BY r.file_id, r.line, r.column_name NULLS FIRST, r.reason
LIMIT ?;
