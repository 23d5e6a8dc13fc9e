package ingest

import (
	"context"
	"fmt"
	"strings"

	"reformindex/sql"
)

// parquetReader reads a Parquet file with DuckDB's read_parquet. Only the columns the
// profile maps are read, as text (timestamps as ISO text, lists and structs as JSON);
// the line of a row is its row number in the file.
type parquetReader struct {
	in    *input
	m     *mapping
	names []string
	types map[string]string
}

func newParquetReader(ctx context.Context, db *sql.DB, in *input, profile *Profile) (*parquetReader, error) {
	r := &parquetReader{in: in}
	names, types, err := describe(ctx, db, "SELECT * FROM read_parquet("+sql.QuoteString(in.plain)+")")
	if err != nil {
		return nil, fmt.Errorf("parquet: %w", duckMessage(in, err))
	}
	r.names, r.types = names, types
	if r.m, err = mapHeader(names, profile); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	r.m.at = "the schema"
	return r, nil
}

func (r *parquetReader) mapping() *mapping { return r.m }
func (r *parquetReader) trims() bool       { return true }
func (r *parquetReader) close() error      { return nil }

func (r *parquetReader) load(ctx context.Context, tx *sql.Tx, l *loader) (int64, error) {
	var sel strings.Builder
	sel.WriteString("SELECT file_row_number + 1, NULL")
	for _, name := range canonical {
		i, ok := r.m.index[name]
		if !ok {
			sel.WriteString(", NULL")
			continue
		}
		col := sql.QuoteIdent(r.names[i])
		if r.types[r.names[i]] == "JSON" { // a JSON scalar: its text without quotes
			fmt.Fprintf(&sel, ", CASE WHEN json_type(%[1]s) = 'VARCHAR' THEN json_extract_string(%[1]s, '$') ELSE CAST(%[1]s AS VARCHAR) END", col)
		} else if nested(r.types[r.names[i]]) {
			fmt.Fprintf(&sel, ", CAST(to_json(%s) AS VARCHAR)", col)
		} else {
			fmt.Fprintf(&sel, ", CAST(%s AS VARCHAR)", col)
		}
	}
	r.in.progress.start(phaseLoad, 1)
	q := "INSERT INTO stage_text " + sel.String() + " FROM read_parquet(" + sql.QuoteString(r.in.plain) + ", file_row_number = true)"
	if err := tx.ExecSQL(ctx, q); err != nil {
		return 0, fmt.Errorf("parquet: %w", duckMessage(r.in, err))
	}
	r.in.progress.report(1)
	var read int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM stage_text`).Scan(&read); err != nil {
		return 0, err
	}
	return read, l.loadStaged(ctx, tx)
}
