-- status_totals: one row: what the database holds and how fresh it is. inputs: raw_dossiers, raw_dossier_history, raw_rejects, load_files.
SELECT (SELECT count(*) FROM raw_dossiers)                                  AS dossiers,
       (SELECT count(*) FROM raw_dossier_history)                           AS versions,
       (SELECT count(*) FROM raw_rejects)                                   AS rejects,
       (SELECT strftime(min(received_at), '%Y-%m') FROM raw_dossiers)       AS first_month,
       (SELECT strftime(max(received_at), '%Y-%m') FROM raw_dossiers)       AS last_month,
       (SELECT max(loaded_at) FROM load_files)                              AS last_loaded_at,
       (SELECT max(greatest(received_at, finished_at, returned_at, updated_at)) FROM raw_dossiers) AS data_until
ORDER BY ALL;
