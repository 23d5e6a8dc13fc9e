// Package ingest loads source files into DuckDB raw_* tables.
//
// [Prepare] creates the schema and loads the embedded official unit registry
// (ref_units, ref_units_pre2025, ref_unit_conversion). [ImportCrosswalk] stores an
// agency-id → GSO-code crosswalk.
//
// [Dossiers] loads one dossier export under the loading rules of SPEC §3.2: one
// transaction per file, files identified by the SHA-256 of their bytes, the latest state
// of each dossier in raw_dossiers and every other version in raw_dossier_superseded (the
// view raw_dossier_history is both), bad rows kept in raw_rejects with their line, column,
// value and reason, and personal columns never read past the header.
//
//   - Formats, one file each: csv.go (CSV/TSV, any of , ; tab |), xlsx.go (excelize's
//     streaming rows), json.go (arrays and NDJSON), parquet.go; source.go gunzips and
//     transcodes (encoding.go: UTF-16, Windows-1258 → UTF-8 NFC) into a temporary copy.
//   - Profiles (profile.go, profiles/*.yaml): generic, vn-headers and dvcqg map vendor
//     columns and values onto the canonical ones; [LoadProfile] reads user profile files.
//   - Typing and checks are SQL (sql/ingest/dossier_typed.sql, expressions built in
//     typed.go), the same for every format. A regular UTF-8 CSV is read by DuckDB's
//     read_csv in parallel straight into raw_dossiers; Go only scans it first (quoting,
//     padding, mojibake), writing a temporary copy whose first column is each record's
//     line number, and re-reads the lines that did not load to say why. Everything
//     else is staged as text in a temporary table (stage_text) by Go with the
//     Appender, or by DuckDB's JSON and Parquet readers.
//   - The merge (sql/ingest/dossier_merge.sql) then keeps one row per dossier.
//
// It checks shape and types and reports bad input with its location; it does not
// clean or aggregate (that is package transform's job).
package ingest
