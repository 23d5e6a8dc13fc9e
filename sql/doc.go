// Package sql owns every SQL statement of reform and the DuckDB connection.
//
// The statements live in embedded, numbered files: ingest/*.sql (the schema and
// the loading steps), transform/*.sql (one table per file, run in lexical order by
// package transform) and reports/*.sql (the read queries of package reports).
// [Open] opens a DuckDB file with extension auto-install and auto-load off and the
// time zone set on every connection; [DB.Exec] and [DB.Query] run a file by name
// and prefix DuckDB's errors with it. [DB.Tx] runs work in one transaction on one
// connection, with an [Appender] for rows that Go builds itself. [QuoteIdent] and
// [QuoteString] quote what cannot be bound as a parameter.
//
// It is the only package that imports database/sql and the DuckDB driver.
package sql
