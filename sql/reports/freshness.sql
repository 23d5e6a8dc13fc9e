-- freshness: one row per province: the latest event (received or finished) among its dossiers, which says how fresh the data is. inputs: stg_dossiers. args: $1 province_code ('' for all).
SELECT province_code, max(greatest(received_at, finish_at)) AS data_until
FROM stg_dossiers
WHERE $1 = '' OR province_code = $1
GROUP BY province_code
ORDER BY province_code;
