-- lake_load: the dossiers of a Parquet lake's dossiers/ folder (docs/lake.md) as raw_dossiers rows, one load_files row per partition file (kind 'lake'), for reform build --from-lake. The lake holds the resolved latest state of each eligible dossier: its finish time F is loaded as finished_at, and source_unit_code (the pre-2025 code a dossier came through, when it did) as the unit, so that stg_dossiers resolves every dossier as the build that wrote the lake did. Lakes written before source_unit_code, submitted_at, field_name and service_level existed load with the 2025 code and NULLs. inputs: temp.lake_files, the Parquet files.
INSERT INTO raw_dossiers (file_id, line, source, dossier_code, unit_code, procedure_code, procedure_name,
                          field_name, channel, service_level, status, submitted_at, received_at, due_at,
                          finished_at, returned_at, fee_amount, paid_online, e_result, digitized, complaint,
                          updated_at)
SELECT f.file_id,
       row_number() OVER (PARTITION BY f.file_id ORDER BY d.source, d.dossier_code) AS line,
       d.source, d.dossier_code,
       {{if .Has.source_unit_code}}coalesce(d.source_unit_code, d.unit_code){{else}}d.unit_code{{end}},
       d.procedure_code, d.procedure_name,
       {{if .Has.field_name}}d.field_name{{else}}NULL{{end}}, d.channel, {{if .Has.service_level}}d.service_level{{else}}NULL{{end}}, d.status,
       {{if .Has.submitted_at}}d.submitted_at{{else}}NULL{{end}},
       d.received_at, d.due_at, d.finish_at, NULL, d.fee_amount, d.paid_online, d.e_result, d.digitized,
       d.complaint, NULL
FROM read_parquet({{.Files}}, filename = true, hive_partitioning = true,
                  hive_types = {'province': VARCHAR, 'month': VARCHAR}, union_by_name = true) d
JOIN temp.lake_files f ON f.path = d.filename
