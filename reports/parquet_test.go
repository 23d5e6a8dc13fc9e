package reports

import (
	"context"
	"path/filepath"
	"testing"

	"reformindex/sql"
)

func TestWriteParquet(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{})
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "read.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct {
		file string
		want string
	}{
		// The province row and its four communes with data in 2026-10, every scorecard column.
		{"scorecard.parquet", "5 37 11953"},
		// The components of the case: two of Phố Hiến, six of Ân Thi.
		{"index_components.parquet", "8 11 11953"},
	} {
		path := filepath.Join(dir, "2026-10", "data", tc.file)
		q := `SELECT count(*) || ' ' || (SELECT count(*) FROM (DESCRIBE SELECT * FROM read_parquet(` + sql.QuoteString(path) + `))) || ' ' ||
			min(unit_code) FROM read_parquet(` + sql.QuoteString(path) + `)`
		var got string
		if err := db.QueryRow(ctx, q).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("%s: rows, columns, first unit = %q, want %q", tc.file, got, tc.want)
		}
	}
}
