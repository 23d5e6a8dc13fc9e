package ingest

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"reformindex/sql"
)

// jsonReader reads a JSON array of dossier objects, or one object per line (NDJSON),
// with DuckDB's read_json. Only the keys the profile maps are read; list fields (such as
// DanhSachLePhi) are kept as JSON text for the profile's sum or nonempty rule. The line of
// a row is its record number (for NDJSON, its line).
type jsonReader struct {
	in    *input
	m     *mapping
	keys  []string
	types map[string]string
}

func (r *jsonReader) readJSON(columns string) string {
	format := "array"
	if r.in.format == "ndjson" {
		format = "newline_delimited"
	}
	s := fmt.Sprintf("read_json(%s, format = %s, maximum_object_size = %d", sql.QuoteString(r.in.plain), sql.QuoteString(format), 64<<20)
	if columns != "" {
		s += ", columns = " + columns
	} else {
		s += ", sample_size = -1"
	}
	return s + ")"
}

func newJSONReader(ctx context.Context, db *sql.DB, in *input, profile *Profile) (*jsonReader, error) {
	r := &jsonReader{in: in}
	keys, types, err := describe(ctx, db, "SELECT * FROM "+r.readJSON(""))
	if err != nil {
		return nil, fmt.Errorf("json: %w", duckMessage(in, err))
	}
	r.keys, r.types = keys, types
	if r.m, err = mapHeader(keys, profile); err != nil {
		return nil, fmt.Errorf("record 1: %w", err)
	}
	r.m.at = "record 1"
	return r, nil
}

// describe returns the columns and types of a query.
func describe(ctx context.Context, db *sql.DB, query string) ([]string, map[string]string, error) {
	rows, err := db.QuerySQL(ctx, "DESCRIBE "+query)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var names []string
	types := map[string]string{}
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		name, typ := fmt.Sprint(vals[0]), fmt.Sprint(vals[1])
		names = append(names, name)
		types[name] = typ
	}
	return names, types, rows.Err()
}

// duckMessage keeps the first line of a DuckDB error about in, naming the file as given
// rather than its temporary plain copy.
func duckMessage(in *input, err error) error {
	first, _, _ := strings.Cut(err.Error(), "\n")
	first = strings.TrimPrefix(strings.TrimSpace(first), "Invalid Input Error: ")
	return errors.New(strings.ReplaceAll(first, in.plain, in.path))
}

func (r *jsonReader) mapping() *mapping { return r.m }
func (r *jsonReader) trims() bool       { return true }
func (r *jsonReader) close() error      { return nil }

// nested reports whether a DuckDB type is a list, struct or map (kept as JSON text).
func nested(typ string) bool {
	return strings.HasSuffix(typ, "]") || strings.HasPrefix(typ, "STRUCT") || strings.HasPrefix(typ, "MAP") || typ == "JSON"
}

func (r *jsonReader) load(ctx context.Context, tx *sql.Tx, l *loader) (int64, error) {
	var cols, sel strings.Builder
	cols.WriteString("{")
	sel.WriteString("SELECT ordinality, NULL")
	for _, name := range canonical {
		i, ok := r.m.index[name]
		if !ok {
			sel.WriteString(", NULL")
			continue
		}
		key := r.keys[i]
		typ := "VARCHAR" // numbers and strings alike, as text
		if spec := r.m.profile.Columns[name]; spec.Sum != "" || spec.NonEmpty {
			typ = "JSON"
		}
		fmt.Fprintf(&cols, "%s: %s, ", sql.QuoteString(key), sql.QuoteString(typ))
		fmt.Fprintf(&sel, ", CAST(%s AS VARCHAR)", sql.QuoteIdent(key))
	}
	cols.WriteString("}")
	r.in.progress.start(phaseLoad, 1)
	q := "INSERT INTO stage_text " + sel.String() + " FROM " + r.readJSON(cols.String()) + " WITH ORDINALITY"
	if err := tx.ExecSQL(ctx, q); err != nil {
		return 0, fmt.Errorf("json: %w", duckMessage(r.in, err))
	}
	r.in.progress.report(1)
	var read int64
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM stage_text`).Scan(&read); err != nil {
		return 0, err
	}
	return read, l.loadStaged(ctx, tx)
}
