// Package transform runs the SQL transforms that turn raw_* tables into the metric
// tables reports read.
//
// [Run] loads the index configuration ([ParseIndexConfig]; the embedded default is
// SPEC §4.1 in index.yaml) into cfg_* tables, then runs sql/transform/*.sql in lexical
// order, each file in its own transaction, and checks that each created the table it is
// named after. The output is stg_dossiers, periods, unit_metrics, index_components,
// unit_index, unit_ranks and scorecard. It does not read files or render anything.
package transform
