-- overdue_procedures: one row per (unit, procedure) among the $3 procedures with the most dossiers open and overdue at the end of a period, for each commune and each province (unit_code = province_code). inputs: stg_dossiers. args: $1 province_code ('' for all), $2 period end (local DATE), $3 procedures per unit.
WITH open AS (
    SELECT province_code, unit_code,
           coalesce(procedure_code, '') AS procedure_code,
           coalesce(procedure_name, '') AS procedure_name
    FROM stg_dossiers
    WHERE ($1 = '' OR province_code = $1)
      AND received_at < $2::DATE::TIMESTAMPTZ
      AND (finish_at IS NULL OR finish_at >= $2::DATE::TIMESTAMPTZ)
      AND due_at < $2::DATE::TIMESTAMPTZ
), counted AS (
    SELECT coalesce(unit_code, province_code) AS unit_code, procedure_code, procedure_name,
           count(*) AS overdue
    FROM open
    GROUP BY GROUPING SETS ((province_code, procedure_code, procedure_name),
                            (province_code, unit_code, procedure_code, procedure_name))
)
SELECT unit_code, procedure_code, procedure_name, overdue
FROM counted
QUALIFY row_number() OVER (PARTITION BY unit_code ORDER BY overdue DESC, procedure_code, procedure_name) <= $3
ORDER BY unit_code, overdue DESC, procedure_code, procedure_name;
