// Package transform runs the SQL transforms that turn raw_* tables into the metric
// tables reports read.
//
// [Run] loads the index configuration into cfg_* tables and the shared SQL macros
// (sql/config/*.sql), then runs sql/transform/*.sql in lexical order, each file in its own
// transaction, and checks that each created the table it is named after; it returns each
// transform's table, rows and time ([Step]).
//
// The index configuration is YAML ([ParseIndexConfig] validates it and names the group,
// component or setting at fault): scored components in groups, with their metric, points,
// scoring (linear, threshold, capped), N/A policy (omit, full, zero) and target; bands; the
// low-volume threshold; the thresholds of the reconciliation with the national portal and of
// the integrity flags. Two are embedded ([Preset]): "default", SPEC §4.1 (index.yaml), and
// "766-portal", the portal's six groups (presets/766-portal.yaml). docs/index.md gives every
// formula and its source; docs/periods.md the periods.
//
// The tables, in run order: stg_dossiers (each dossier on its 2025 commune, and its pre-2025
// commune before 1 July 2025), periods (month, quarter, year, year to date),
// unit_procedure_counts (one pass over the dossiers: SPEC §4 counts per commune, period and
// procedure, on the 2025 and the pre-2025 units), unit_metrics_all (their sums and rates per
// commune, district and province), unit_metrics, index_components, unit_index,
// unit_ranks, scorecard, unit_trends (rolling 12 months), data_quality, explain,
// explain_procedures, explain_dossiers (why an index moved), scorecard_pre2025, portal_evaluation,
// reconcile (the portal's figures beside ours), integrity_flags. It does not read files or
// render anything.
package transform
