package cmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
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

// TestBuildFromLake: two provinces export their lakes, a ministry copies the province=
// folders side by side and rebuilds from them: every metric, index, rank and pre-2025 table is
// the same as in the provinces' own databases, and the merged report lists both provinces.
func TestBuildFromLake(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []struct{ province, from, months string }{{"25", "2025-04", "5"}, {"01", "2026-08", "2"}} {
		db := "p" + p.province + ".duckdb"
		if r := reform(t, dir, "sample", "--province", p.province, "--months", p.months, "--from", p.from,
			"--dossiers-per-month", "12", "--out", "in"+p.province); r.code != 0 {
			t.Fatalf("sample: exit %d: %s", r.code, r.stderr)
		}
		files, err := filepath.Glob(filepath.Join(dir, "in"+p.province, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("sample wrote nothing: %v", err)
		}
		steps := [][]string{
			append([]string{"--db", db, "ingest", "dossiers", "--max-reject-rate", "1"}, files...),
			{"--db", db, "build"},
			{"--db", db, "export", "--parquet", "lake" + p.province},
		}
		for _, args := range steps {
			if r := reform(t, dir, args...); r.code != 0 {
				t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
			}
		}
		// the ministry's copy: only the dossier folders travel
		src := filepath.Join(dir, "lake"+p.province, "dossiers", "province="+p.province)
		if err := os.CopyFS(filepath.Join(dir, "national", "dossiers", "province="+p.province), os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
	}
	r := reform(t, dir, "--db", "national.duckdb", "build", "--from-lake", "national")
	if r.code != 0 {
		t.Fatalf("build --from-lake: exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "files of national (7 province-months; provinces 01, 25)") {
		t.Errorf("summary: %q", r.stdout)
	}
	for _, p := range []string{"25", "01"} {
		// Compared on the months of the province's own build: a quarter, a year and a trend
		// window end with the last month built, which the other province's later months move.
		// scorecard_pre2025 is keyed by the old province.
		months := " AND period IN (SELECT period FROM periods WHERE period_kind = 'month')"
		for _, c := range []struct{ table, where string }{
			{"scorecard", "province_code = '" + p + "'"},
			{"scorecard_pre2025", "province_code_2025 = '" + p + "'"},
			{"explain", "province_code = '" + p + "'"},
			{"unit_trends", "province_code = '" + p + "'"},
			{"integrity_flags", "province_code = '" + p + "'"},
		} {
			q := "ATTACH 'national.duckdb' AS n (READ_ONLY); SELECT (SELECT count(*) FROM " + c.table + " WHERE true" + months + "), " +
				"(SELECT count(*) FROM (SELECT * FROM " + c.table + " WHERE true" + months + " EXCEPT ALL SELECT * FROM n." + c.table + " WHERE " + c.where + months + ")), " +
				"(SELECT count(*) FROM (SELECT * FROM n." + c.table + " WHERE " + c.where + months + " EXCEPT ALL SELECT * FROM " + c.table + " WHERE true" + months + "))"
			r := reform(t, dir, "--db", "p"+p+".duckdb", "query", "--format", "csv", q)
			if r.code != 0 {
				t.Fatalf("compare %s: %s", c.table, r.stderr)
			}
			rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
			got := rows[len(rows)-1]
			if f := strings.Split(got, ","); len(f) != 3 || f[1] != "0" || f[2] != "0" || (f[0] == "0" && c.table != "integrity_flags" && (c.table != "scorecard_pre2025" || p == "25")) {
				t.Errorf("province %s, %s: rows, rows only in the province's build, rows only in the lake's = %s", p, c.table, got)
			}
		}
	}
	// Loading again replaces the lake's rows rather than doubling them.
	if r = reform(t, dir, "--db", "national.duckdb", "build", "--from-lake", "national"); r.code != 0 {
		t.Fatalf("second build --from-lake: exit %d: %s", r.code, r.stderr)
	}
	a := reform(t, dir, "--db", "p25.duckdb", "query", "--format", "csv", "SELECT count(*) FROM stg_dossiers")
	b := reform(t, dir, "--db", "national.duckdb", "query", "--format", "csv", "SELECT count(*) FROM stg_dossiers WHERE province_code = '25'")
	if a.stdout != b.stdout || a.code != 0 || b.code != 0 {
		t.Errorf("dossiers of 25 after a second load: %q, want %q (%s%s)", b.stdout, a.stdout, a.stderr, b.stderr)
	}
	// A database with ingested dossiers is refused, not double counted; a folder without a lake is named.
	r = reform(t, dir, "--db", "p25.duckdb", "build", "--from-lake", "national")
	if r.code != exitError || !strings.Contains(r.stderr, "the database already holds dossiers loaded by reform ingest dossiers") {
		t.Errorf("lake into an ingested database: exit %d, %q", r.code, r.stderr)
	}
	r = reform(t, dir, "--db", "empty.duckdb", "build", "--from-lake", "in25")
	if r.code != exitError || !strings.Contains(r.stderr, "no Parquet files under in25/dossiers") {
		t.Errorf("not a lake: exit %d, %q", r.code, r.stderr)
	}
}
