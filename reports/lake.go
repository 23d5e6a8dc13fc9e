package reports

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"reformindex/sql"
)

// lakeTables are the tables of the Parquet lake: folder name → query (docs/lake.md).
var lakeTables = []struct{ dir, query string }{
	{"dossiers", "reports/lake_dossiers.sql"},
	{"metrics", "reports/lake_metrics.sql"},
	{"index", "reports/lake_index.sql"},
}

// ExportLake writes the dossier, metric and index tables as a Hive-partitioned Parquet
// lake, dir/<table>/province=<code>/month=<YYYY-MM>/*.parquet, replacing what dir held for
// those tables. It needs a built database (reform build).
func ExportLake(ctx context.Context, db *sql.DB, dir string) ([]string, error) {
	if ok, err := db.TableExists(ctx, "scorecard"); err != nil {
		return nil, err
	} else if !ok {
		return nil, fmt.Errorf("no metrics in %s\n%s", db.Path, "hint: run reform build first")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, t := range lakeTables {
		target := filepath.Join(dir, t.dir)
		query := strings.TrimSuffix(strings.TrimSpace(sql.File(t.query)), ";")
		copyTo := "COPY (" + query + ") TO " + sql.QuoteString(target) +
			" (FORMAT parquet, PARTITION_BY (province, month), OVERWRITE, FILENAME_PATTERN 'part_{i}')"
		if err := db.ExecSQL(ctx, copyTo); err != nil {
			return written, fmt.Errorf("%s: %w", t.query, err)
		}
		written = append(written, target)
	}
	return written, nil
}
