package cmd

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"reformindex/sql"
)

// TestExportLake writes the lake from the pipeline fixture and reads it back the way Spark
// or Trino would: Hive partitions province=/month=, plain Parquet types.
func TestExportLake(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "ingest", "dossiers", "--max-reject-rate", "0.2",
		abs(t, "pipeline/input/dossiers_25_2026-09.csv"), abs(t, "pipeline/input/dossiers_25_2026-10.csv"))
	if r.code != 0 {
		t.Fatalf("ingest: %s", r.stderr)
	}
	if r = reform(t, dir, "build"); r.code != 0 {
		t.Fatalf("build: %s", r.stderr)
	}
	if r = reform(t, dir, "export", "--parquet", "lake"); r.code != 0 {
		t.Fatalf("export: exit %d: %s", r.code, r.stderr)
	}
	for _, p := range []string{"dossiers/province=25/month=2026-10", "metrics/province=25/month=2026-09", "index/province=25/month=2026-11"} {
		if _, err := os.Stat(filepath.Join(dir, "lake", p)); err != nil {
			t.Errorf("lake lacks %s: %v", p, err)
		}
	}
	// Exporting again replaces the lake rather than failing or doubling it.
	if r = reform(t, dir, "export", "--parquet", "lake"); r.code != 0 {
		t.Fatalf("second export: exit %d: %s", r.code, r.stderr)
	}
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "read.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	lake := filepath.Join(dir, "lake")
	checks := []struct {
		query string
		want  string
	}{
		{`SELECT count(*)::VARCHAR FROM read_parquet(` + sql.QuoteString(lake+"/dossiers/**/*.parquet") + `, hive_partitioning = true)`, "11"},
		{`SELECT string_agg(DISTINCT month, ',' ORDER BY month) FROM read_parquet(` + sql.QuoteString(lake+"/dossiers/**/*.parquet") + `, hive_partitioning = true)`, "2026-09,2026-10,2026-11"},
		{`SELECT online_rate::VARCHAR FROM read_parquet(` + sql.QuoteString(lake+"/metrics/**/*.parquet") + `, hive_partitioning = true) WHERE month = '2026-10' AND unit_code = '04792'`, "100.0"},
		{`SELECT count(*)::VARCHAR FROM read_parquet(` + sql.QuoteString(lake+"/index/**/*.parquet") + `, hive_partitioning = true) WHERE month = '2026-10' AND level = 'commune'`, "24"},
		// types a Spark or Trino reader maps directly: no HUGEINT, UNION, MAP or ENUM
		{`SELECT count(*)::VARCHAR FROM parquet_schema(` + sql.QuoteString(lake+"/metrics/province=25/month=2026-10/part_0.parquet") + `) WHERE type IN ('FIXED_LEN_BYTE_ARRAY') OR logical_type LIKE '%UNKNOWN%'`, "0"},
	}
	for _, c := range checks {
		var got string
		if err := db.QueryRow(ctx, c.query).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got != c.want {
			t.Errorf("%s = %s, want %s", c.query, got, c.want)
		}
	}
}
