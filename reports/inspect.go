package reports

import (
	"context"
	"fmt"
	"time"

	"reformindex/sql"
)

// LoadedFile is one file in load_files.
type LoadedFile struct {
	ID                                    int64
	Kind, Path, Source                    string
	LoadedAt                              time.Time
	Read, New, Updated, Unchanged, Reject int64
}

// Status is what the database holds.
type Status struct {
	Files                 []LoadedFile
	Dossiers, Versions    int64 // latest states, and every state loaded
	Rejects               int64
	FirstMonth, LastMonth string // months of received_at
	LastLoaded, DataUntil time.Time
	Periods               []string // months built by reform build; empty before a build
}

// ReadStatus reads the load history, totals and built periods.
func ReadStatus(ctx context.Context, db *sql.DB) (Status, error) {
	var s Status
	var err error
	if s.Files, err = loadFiles(ctx, db); err != nil {
		return s, err
	}
	var first, last sql.NullString
	var loaded, until sql.NullTime
	trows, err := db.Query(ctx, "reports/status_totals.sql")
	if err != nil {
		return s, err
	}
	defer trows.Close()
	if trows.Next() {
		if err := trows.Scan(&s.Dossiers, &s.Versions, &s.Rejects, &first, &last, &loaded, &until); err != nil {
			return s, err
		}
	}
	s.FirstMonth, s.LastMonth, s.LastLoaded, s.DataUntil = first.String, last.String, loaded.Time, until.Time
	if ok, err := db.TableExists(ctx, "periods"); err != nil {
		return s, err
	} else if ok {
		prows, err := db.QuerySQL(ctx, `SELECT period FROM periods WHERE period_kind = 'month' ORDER BY period`)
		if err != nil {
			return s, err
		}
		defer prows.Close()
		for prows.Next() {
			var p string
			if err := prows.Scan(&p); err != nil {
				return s, err
			}
			s.Periods = append(s.Periods, p)
		}
		return s, prows.Err()
	}
	return s, nil
}

// loadFiles reads load_files, oldest first.
func loadFiles(ctx context.Context, db *sql.DB) ([]LoadedFile, error) {
	var files []LoadedFile
	err := query(ctx, db, "reports/status_files.sql", nil, func(rows *sql.Rows) error {
		var f LoadedFile
		if err := rows.Scan(&f.ID, &f.Kind, &f.Path, &f.Source, &f.LoadedAt, &f.Read, &f.New, &f.Updated, &f.Unchanged, &f.Reject); err != nil {
			return err
		}
		files = append(files, f)
		return nil
	})
	return files, err
}

// Reject is one rejected value.
type Reject struct {
	Path   string
	Line   int64
	Column string // empty when the whole row was at fault
	Value  string
	Reason string
}

// Rejects lists rejected values, of one file when path is not empty, at most limit.
func Rejects(ctx context.Context, db *sql.DB, path string, limit int) ([]Reject, error) {
	var p any
	if path != "" {
		p = path
	}
	rows, err := db.Query(ctx, "reports/rejects.sql", p, p, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		var col, val sql.NullString
		if err := rows.Scan(&r.Path, &r.Line, &col, &val, &r.Reason); err != nil {
			return nil, err
		}
		r.Column, r.Value = col.String, val.String
		out = append(out, r)
	}
	return out, rows.Err()
}

// Table is the result of [Query]: column names and rows of driver values.
type Table struct {
	Columns []string
	Rows    [][]any
}

// Query runs one read-only SQL statement typed by the user.
func Query(ctx context.Context, db *sql.DB, q string) (Table, error) {
	var t Table
	rows, err := db.QuerySQL(ctx, q)
	if err != nil {
		return t, err
	}
	defer rows.Close()
	if t.Columns, err = rows.Columns(); err != nil {
		return t, err
	}
	for rows.Next() {
		vals := make([]any, len(t.Columns))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return t, err
		}
		t.Rows = append(t.Rows, vals)
	}
	if err := rows.Err(); err != nil {
		return t, fmt.Errorf("query: %w", err)
	}
	return t, nil
}
