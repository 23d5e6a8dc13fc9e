// Package ingest loads source files into DuckDB raw_* tables.
//
// [Prepare] creates the schema and loads the embedded official unit registry
// (ref_units, ref_units_pre2025, ref_unit_conversion). [Dossiers] loads one dossier
// export in the canonical `generic` CSV layout (SPEC §3.1) under the loading rules of
// SPEC §3.2: one transaction per file, files identified by content hash, latest state
// wins, history kept, bad rows kept in raw_rejects with their position and reason, and
// personal columns never read past the header. [ImportCrosswalk] stores an agency-id →
// GSO-code crosswalk.
//
// It checks shape and types and reports bad input with its location; it does not
// clean or aggregate (that is package transform's job).
package ingest
