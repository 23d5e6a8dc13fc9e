-- reject_reasons: one row per reject reason (the text before any ':' detail) over every loaded file, most frequent first. inputs: raw_rejects.
SELECT split_part(reason, ':', 1) AS reason, count(*) AS n
FROM raw_rejects
GROUP BY 1
ORDER BY n DESC, reason;
