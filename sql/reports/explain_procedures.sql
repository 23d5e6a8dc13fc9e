-- explain_procedures: the procedures with the most dossiers behind each commune's focus component (the largest loss or shortfall), at most $3 per commune. inputs: explain_procedures. args: $1 province_code, $2 period, $3 rows per commune.
SELECT unit_code, component, reason, procedure_code, procedure_name, dossiers, share, max_days_late
FROM explain_procedures
WHERE level = 'commune' AND period = $2 AND province_code = $1
QUALIFY row_number() OVER (PARTITION BY unit_code ORDER BY dossiers DESC, procedure_code, component, reason) <= $3
ORDER BY unit_code, dossiers DESC, procedure_code, component, reason;
