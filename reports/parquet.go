package reports

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reformindex/sql"
)

// parquetTables are the metric tables a bundle carries as data/<name>.parquet.
var parquetTables = []string{"scorecard", "index_components"}

// writeParquet writes dir/<table>.parquet for each metric table with DuckDB's COPY: every
// column of the province's rows in the period, in a fixed order (reports/parquet_<table>.sql).
func writeParquet(ctx context.Context, db *sql.DB, dir, period, province string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, t := range parquetTables {
		file := "reports/parquet_" + t + ".sql"
		path := filepath.Join(dir, t+".parquet")
		q := strings.TrimSuffix(strings.TrimSpace(sql.File(file)), ";")
		if err := db.ExecSQL(ctx, "COPY ("+q+") TO "+sql.QuoteString(path)+" (FORMAT parquet)", period, province); err != nil {
			return fmt.Errorf("%s: write %s: %w", file, path, err)
		}
	}
	return nil
}
