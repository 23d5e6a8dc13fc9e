package sql

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestTransformNames(t *testing.T) {
	re := regexp.MustCompile(`^transform/\d{3}_[a-z][a-z0-9_]*\.sql$`)
	seen := map[string]string{}
	files := Files("transform")
	if len(files) == 0 {
		t.Fatal("no transforms embedded")
	}
	for _, f := range files {
		if !re.MatchString(f) {
			t.Errorf("%s: transform names must match NNN_table.sql", f)
			continue
		}
		num := strings.TrimPrefix(f, "transform/")[:3]
		if other, dup := seen[num]; dup {
			t.Errorf("%s and %s share the number %s", other, f, num)
		}
		seen[num] = f
		table := strings.TrimSuffix(strings.TrimPrefix(f, "transform/")[4:], ".sql")
		text := File(f)
		if !strings.HasPrefix(text, "-- "+table+": ") {
			t.Errorf("%s: line 1 must state grain and inputs as `-- %s: ...`", f, table)
		}
		if !strings.Contains(text, "CREATE OR REPLACE TABLE "+table+" AS") {
			t.Errorf("%s does not create table %s", f, table)
		}
	}
}

func TestReportQueriesAreOrdered(t *testing.T) {
	for _, f := range Files("reports") {
		text := strings.TrimSpace(File(f))
		text = strings.TrimSuffix(text, ";")
		if i := strings.LastIndex(text, "ORDER BY"); i < 0 {
			t.Errorf("%s does not end with ORDER BY over its full key", f)
		}
	}
}

func TestQuote(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), `it's a "dir"`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := Open(ctx, filepath.Join(dir, "t.duckdb"), Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	table := `odd "name" it's`
	if err := db.ExecSQL(ctx, `CREATE TABLE `+QuoteIdent(table)+` AS SELECT 1 AS n`); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, `out's "file".csv`)
	if err := db.ExecSQL(ctx, `COPY `+QuoteIdent(table)+` TO `+QuoteString(out)+` (HEADER)`); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil || string(b) != "n\n1\n" {
		t.Fatalf("COPY wrote %q, %v", b, err)
	}
	var tz string
	if err := db.QueryRow(ctx, `SELECT current_setting('TimeZone')`).Scan(&tz); err != nil || tz != "Asia/Ho_Chi_Minh" {
		t.Errorf("TimeZone = %q, %v", tz, err)
	}
	var autoinstall string
	if err := db.QueryRow(ctx, `SELECT current_setting('autoinstall_known_extensions')::VARCHAR`).Scan(&autoinstall); err != nil || autoinstall != "false" {
		t.Errorf("autoinstall_known_extensions = %q, %v", autoinstall, err)
	}
}

// TestOpenLocked holds the database in a child process and checks that a second
// writer gets a LockedError naming the file, not a raw driver error.
func TestOpenLocked(t *testing.T) {
	if os.Getenv("REFORM_HOLD_DB") != "" {
		db, err := Open(context.Background(), os.Getenv("REFORM_HOLD_DB"), Options{})
		if err != nil {
			os.Exit(3)
		}
		defer db.Close()
		os.Stdout.WriteString("held\n")
		buf := make([]byte, 1)
		os.Stdin.Read(buf) // until the parent closes stdin
		return
	}
	path := filepath.Join(t.TempDir(), "locked.duckdb")
	child := exec.Command(os.Args[0], "-test.run=^TestOpenLocked$")
	child.Env = append(os.Environ(), "REFORM_HOLD_DB="+path)
	stdin, _ := child.StdinPipe()
	stdout, _ := child.StdoutPipe()
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); child.Wait() }()
	buf := make([]byte, 5)
	if _, err := stdout.Read(buf); err != nil || string(buf) != "held\n" {
		t.Fatalf("child did not hold the database: %q %v", buf, err)
	}
	_, err := Open(context.Background(), path, Options{})
	var le *LockedError
	if !errors.As(err, &le) {
		t.Fatalf("Open of a held database: %v, want *LockedError", err)
	}
	if le.Path != path || !strings.Contains(err.Error(), "locked by another process") {
		t.Errorf("error = %q", err)
	}
	t.Logf("message: %v", err)
}

func TestOpenOptions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "o.duckdb")
	db, err := Open(ctx, path, Options{TZ: "UTC", MemoryLimit: "1GB", Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	var limit, tz string
	var threads int
	err = db.QueryRow(ctx, `SELECT current_setting('memory_limit'), current_setting('TimeZone'), current_setting('threads')`).Scan(&limit, &tz, &threads)
	if err != nil {
		t.Fatal(err)
	}
	if limit != "953.6 MiB" || tz != "UTC" || threads != 1 {
		t.Errorf("memory_limit %q, TimeZone %q, threads %d; want 953.6 MiB, UTC, 1", limit, tz, threads)
	}
	db.Close()
	ro, err := Open(ctx, path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.ExecSQL(ctx, `CREATE TABLE t (x INT)`); err == nil || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("a write on a read-only database: %v", err)
	}
	if _, err := Open(ctx, filepath.Join(t.TempDir(), "bad.duckdb"), Options{MemoryLimit: "lots"}); err == nil {
		t.Error("memory limit \"lots\" was accepted")
	}
}

// TestInclude: an "-- include:" line is replaced by the shared file's body, in every
// query that has one.
func TestInclude(t *testing.T) {
	for _, dir := range []string{"config", "ingest", "transform", "reports"} {
		for _, f := range Files(dir) {
			if text := File(f); strings.Contains(text, includeMark) {
				t.Errorf("%s: an include line is left", f)
			}
		}
	}
	text := File("reports/communes.sql")
	body := strings.SplitN(File("reports/parts/figures.sql"), "\n", 2)[1]
	if !strings.Contains(text, "AS has_data,\n"+body+"    sc.rank,\n") {
		t.Errorf("reports/communes.sql does not hold the figure columns in place:\n%s", text)
	}
}
