-- lake_dossiers: one row per eligible dossier (latest state) on its 2025 commune, with the lake's partition keys province and month (of received_at, local). inputs: stg_dossiers.
SELECT source, dossier_code, unit_code, split_mapped, procedure_code, procedure_name, channel, status,
       received_at, due_at, finish_at, fee_amount, paid_online, e_result, digitized, complaint,
       province_code, province_code AS province,
       strftime(received_at, '%Y-%m') AS month
FROM stg_dossiers
ORDER BY province, month, source, dossier_code
