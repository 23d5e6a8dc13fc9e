package cmd

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"reformindex/sql"
)

var update = flag.Bool("update", false, "rewrite golden files from current output")

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// reformBin is the real binary, built once by TestMain.
var reformBin string

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if testing.Short() {
			return m.Run()
		}
		dir, err := os.MkdirTemp("", "reform-bin")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		reformBin = filepath.Join(dir, "reform")
		build := exec.Command("go", "build", "-o", reformBin, "reformindex/cmd/reform")
		build.Stderr = os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "build reform:", err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// reform runs the built binary with args in dir (see reformEnv).
func reform(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return reformEnv(t, dir, nil, args...)
}

// reformEnv runs the built binary with args in dir, in UTC, with the extra environment
// variables env. REFORM_DB, REFORM_SECRET and SOURCE_DATE_EPOCH are not passed on from
// the environment of the tests: a test that wants one sets it in env.
func reformEnv(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	if reformBin == "" {
		t.Skip("whole-CLI test (skipped under -short)")
	}
	c := exec.Command(reformBin, args...)
	c.Dir = dir
	c.Env = os.Environ()
	for _, name := range []string{"REFORM_DB", "REFORM_SECRET", "SOURCE_DATE_EPOCH"} {
		c.Env = filterEnv(c.Env, name)
	}
	c.Env = append(append(c.Env, "TZ=UTC"), env...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

// wantUsage fails the test unless err is a usage error (exit 2) whose message holds want.
func wantUsage(t *testing.T, err error, want string) {
	t.Helper()
	var ue *usageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want a usage error with %q", err, want)
	}
}

func filterEnv(env []string, name string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, name+"=") {
			out = append(out, e)
		}
	}
	return out
}

func abs(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // a regexp the first line of stderr must match
	}{
		{"unknown flag is a usage error", []string{"build", "--nope"}, exitUsage, `^reform: unknown flag: --nope$`},
		{"report without a period", []string{"report"}, exitUsage, `^reform: --period is required`},
		{"malformed period", []string{"report", "--period", "2026-13"}, exitUsage, `is not a month`},
		{"ingest without files", []string{"ingest", "dossiers"}, exitUsage, `needs at least one FILE`},
		{"bad time zone", []string{"--tz", "Mars/Olympus", "status"}, exitUsage, `is not a known time zone`},
		{"missing file names it in one line", []string{"ingest", "dossiers", "missing.csv"}, exitError,
			`^reform: ingest missing.csv: open: no such file or directory$`},
		{"reject share above the threshold", []string{"ingest", "dossiers", abs(t, "cli/rejects_over.csv")}, exitRejected,
			`rejects_over.csv: 60.0% of rows rejected \(threshold 5.0%\)$`},
		{"report before any data", []string{"--db", "none.duckdb", "report", "--period", "2026-10"}, exitError,
			`^reform: database none.duckdb does not exist$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := reform(t, dir, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			if tt.code == exitRejected {
				first = strings.SplitN(r.stderr, "\n", 2)[0]
			}
			if !regexp.MustCompile(tt.stderr).MatchString(first) {
				t.Errorf("stderr first line %q does not match %q\nfull stderr: %s", first, tt.stderr, r.stderr)
			}
		})
	}
}

func TestLockedDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "held.duckdb")
	db, err := sql.Open(context.Background(), path, sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := reform(t, dir, "--db", path, "ingest", "dossiers", abs(t, "pipeline/input/dossiers_25_2026-09.csv"))
	if r.code != exitLocked {
		t.Fatalf("exit code %d, want %d; stderr: %s", r.code, exitLocked, r.stderr)
	}
	if !strings.Contains(r.stderr, "database "+path+" is locked by another process") || !strings.Contains(r.stderr, "PID") {
		t.Errorf("stderr = %q, want it to name the database and the other process", r.stderr)
	}
}

// TestPipeline runs ingest → build → report on two hand-written monthly exports and
// compares metrics.csv with its golden file.
func TestPipeline(t *testing.T) {
	dir := t.TempDir()
	sep := abs(t, "pipeline/input/dossiers_25_2026-09.csv")
	oct := abs(t, "pipeline/input/dossiers_25_2026-10.csv")
	r := reform(t, dir, "ingest", "dossiers", "--max-reject-rate", "0.2", sep, oct)
	if r.code != 0 {
		t.Fatalf("ingest: exit %d: %s", r.code, r.stderr)
	}
	wantIngest := sep + ": 6 rows read, 6 new, 0 updated, 0 unchanged, 0 rejected\n" +
		sep + ": columns not read: ChuHoSo, SoDienThoai\n" +
		oct + ": 9 rows read, 6 new, 2 updated, 0 unchanged, 1 rejected\n" +
		oct + ": columns not read: ChuHoSo, SoDienThoai\n"
	if diff := cmp.Diff(wantIngest, r.stdout); diff != "" {
		t.Errorf("ingest output (-want +got):\n%s", diff)
	}
	r = reform(t, dir, "ingest", "dossiers", sep)
	if r.code != 0 || !strings.Contains(r.stdout, "already loaded (file #1), nothing changed") {
		t.Errorf("second ingest of the same file: exit %d, %q", r.code, r.stdout)
	}
	r = reform(t, dir, "build")
	if r.code != 0 || !strings.Contains(r.stdout, "2 months (2026-09 to 2026-11)") && !strings.Contains(r.stdout, "3 months (2026-09 to 2026-11)") {
		t.Fatalf("build: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "report")
	r = reform(t, dir, "report", "--period", "2026-10", "--out", out)
	if r.code != 0 {
		t.Fatalf("report: exit %d: %s", r.code, r.stderr)
	}
	if got := strings.TrimSpace(r.stdout); got != filepath.Join(out, "2026-10", "index.html") {
		t.Errorf("report printed %q", got)
	}
	b, err := os.ReadFile(filepath.Join(out, "2026-10", "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, abs(t, "pipeline/want/metrics.csv"), b)
	for _, p := range []string{"index.html", "communes/04792.html", "communes/04924.html", "assets/echarts.min.js"} {
		if _, err := os.Stat(filepath.Join(out, "2026-10", p)); err != nil {
			t.Errorf("bundle lacks %s: %v", p, err)
		}
	}

	r = reform(t, dir, "rejects")
	if r.code != 0 || !strings.Contains(r.stdout, "unit_code  00000  unknown unit") {
		t.Errorf("rejects: exit %d\n%s", r.code, r.stdout)
	}
	r = reform(t, dir, "query", "--format", "csv",
		"SELECT unit_code, received, online_rate, rank FROM scorecard WHERE period = '2026-10' AND level = 'commune' ORDER BY unit_code")
	wantQuery := "unit_code,received,online_rate,rank\n04792,1,100,3\n04795,1,0,4\n04924,1,100,1\n07894,1,100,1\n"
	if r.code != 0 || r.stdout != wantQuery {
		t.Errorf("query: exit %d, stdout %q, want %q; stderr %s", r.code, r.stdout, wantQuery, r.stderr)
	}
	r = reform(t, dir, "query", "DELETE FROM raw_dossiers")
	if r.code != exitError || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("a write through query: exit %d, stderr %q", r.code, r.stderr)
	}
	r = reform(t, dir, "status")
	if r.code != 0 || !strings.Contains(r.stdout, "dossiers: 12 (latest states)") {
		t.Errorf("status: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestUnitsList(t *testing.T) {
	r := reform(t, t.TempDir(), "units", "list", "--province", "25")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 149 {
		t.Fatalf("units list --province 25: exit %d, %d lines, want header + 148", r.code, len(lines))
	}
	if !strings.Contains(r.stdout, "Phường Tân Hòa") || !strings.Contains(r.stderr, "148 communes") {
		t.Errorf("units list output lacks a known commune or the count:\n%s", r.stderr)
	}
}

// TestDemo runs the whole demo as a user would, on a fresh folder.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	start := time.Now()
	r := reform(t, dir, "demo", "--out", "demo")
	if r.code != 0 {
		t.Fatalf("demo: exit %d\nstderr: %s", r.code, r.stderr)
	}
	t.Logf("demo took %s", time.Since(start))
	index := strings.TrimSpace(r.stdout)
	if !strings.HasSuffix(index, "index.html") {
		t.Fatalf("demo printed %q, want the path of index.html", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, index)); err != nil {
		t.Fatal(err)
	}
	csvb, err := os.ReadFile(filepath.Join(filepath.Dir(filepath.Join(dir, index)), "metrics.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(csvb), "\n"); n != 149 {
		t.Errorf("demo metrics.csv has %d lines, want header + 148 communes", n)
	}
}
