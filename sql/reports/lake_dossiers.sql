-- lake_dossiers: one row per eligible dossier (latest state) on its 2025 commune, with the lake's partition keys province and month (of received_at, local). source_unit_code is the GSO commune code the dossier was counted through (the pre-2025 code when it came through one), so that reform build --from-lake resolves it exactly as the original build did. inputs: stg_dossiers.
SELECT source, dossier_code, unit_code, split_mapped, procedure_code, procedure_name, channel, status,
       received_at, due_at, finish_at, fee_amount, paid_online, e_result, digitized, complaint,
       province_code,
       coalesce(split_from, old_unit_code, unit_code) AS source_unit_code,
       submitted_at, field_name, service_level,
       province_code AS province,
       strftime(received_at, '%Y-%m') AS month
FROM stg_dossiers
ORDER BY province, month, source, dossier_code
