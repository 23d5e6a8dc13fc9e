-- overdue: one row per dossier open and overdue at the end of a period (SPEC §4 open_overdue), at most $3 per commune, most days overdue first; codes and procedures only (stg_dossiers holds no personal data). inputs: stg_dossiers. args: $1 province_code ('' for all), $2 period end (local DATE), $3 rows per commune.
WITH open AS (
    SELECT unit_code, source, dossier_code,
           coalesce(procedure_code, '') AS procedure_code,
           coalesce(procedure_name, '') AS procedure_name,
           date_diff('day', due_at::DATE, $2::DATE) AS days_overdue
    FROM stg_dossiers
    WHERE ($1 = '' OR province_code = $1)
      AND received_at < $2::DATE::TIMESTAMPTZ
      AND (finish_at IS NULL OR finish_at >= $2::DATE::TIMESTAMPTZ)
      AND due_at < $2::DATE::TIMESTAMPTZ
)
SELECT unit_code, dossier_code, procedure_code, procedure_name, days_overdue
FROM open
QUALIFY row_number() OVER (PARTITION BY unit_code ORDER BY days_overdue DESC, dossier_code, source) <= $3
ORDER BY unit_code, days_overdue DESC, dossier_code, source;
