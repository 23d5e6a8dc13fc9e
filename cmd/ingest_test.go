package cmd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestIngestBadInput loads each file of the bad-input corpus (testdata/ingest) together
// with a good file: each bad one gives one message naming the file and the line, and the
// good one still loads.
func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	good := abs(t, "pipeline/input/dossiers_25_2026-09.csv")
	header := "dossier_code,unit_code,channel,status,received_at,updated_at\n"
	row := "H25.1-261001-%04d,04792,2,2,2026-10-01T08:00:00+07:00,2026-10-01T08:00:00+07:00\n"
	bigLine := filepath.Join(dir, "one_10MB_line.csv")
	if err := os.WriteFile(bigLine, bytes.Repeat([]byte("x"), 10<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	longRow := filepath.Join(dir, "a_10MB_line_among_good_ones.csv")
	var b strings.Builder
	b.WriteString(header)
	b.WriteString(strings.Replace(row, "%04d", "0001", 1))
	b.WriteString("H25.1-261001-0002,04792,2,2," + strings.Repeat("9", 10<<20) + ",\n")
	b.WriteString(strings.Replace(row, "%04d", "0003", 1))
	if err := os.WriteFile(longRow, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		file    string
		args    []string
		code    int
		message string // regexp matched against stderr
		rejects string // regexp matched against `reform rejects --file FILE` when set
	}{
		{"empty file", abs(t, "ingest/empty.csv"), nil, exitError, `ingest .*empty.csv: empty file: no header row`, ""},
		{"header only", abs(t, "ingest/header_only.csv"), nil, exitError, `ingest .*header_only.csv: line 1: no data rows below the header`, ""},
		{"truncated gzip", abs(t, "ingest/truncated.csv.gz"), nil, exitError, `ingest .*truncated.csv.gz: line \d+: truncated file: the compressed data ends early`, ""},
		{"binary garbage", abs(t, "ingest/binary_garbage.csv"), nil, exitError, `ingest .*binary_garbage.csv: line 1: binary data, not a text export`, ""},
		{"one 10 MB line", bigLine, nil, exitError, `ingest .*one_10MB_line.csv: line 1: no header row: the first line is 10.0 MB long`, ""},
		{"a 10 MB line among good ones", longRow, nil, exitRejected, `a_10MB_line_among_good_ones.csv: 33.3% of rows rejected`,
			`a_10MB_line_among_good_ones.csv\s+3\s+record too long: 10.0 MB`},
		{"wrong delimiter", abs(t, "ingest/wrong_delimiter.csv"), nil, exitError,
			`ingest .*wrong_delimiter.csv: line 2: the rows are not separated like the header: 1 field\(s\) where the header \(line 1\) has 6 separated by ","`, ""},
		{"Windows-1258 read as UTF-8", abs(t, "ingest/windows1258.csv"), []string{"--encoding", "utf-8"}, exitError,
			`ingest .*windows1258.csv: line 2: not valid text in its encoding \(UTF-8\): .*\nhint: .*--encoding windows-1258`, ""},
		{"mojibake", abs(t, "ingest/mojibake.csv"), nil, exitError,
			`ingest .*mojibake.csv: line 2: mojibake: Vietnamese text decoded with the wrong code page: "H25.1-261001-0001,04792,Ä`, ""},
		{"malformed JSON", abs(t, "ingest/malformed.json"), nil, exitError,
			`ingest .*malformed.json: json: Malformed JSON in file ".*malformed.json", at byte \d+ in record/value \d+`, ""},
		{"dates in the future", abs(t, "ingest/future_dates.csv"), nil, exitRejected, `future_dates.csv: 66.7% of rows rejected`,
			`future_dates.csv\s+3\s+received_at\s+2036-10-01T08:00:00\+07:00\s+date in the future(.|\n)*future_dates.csv\s+4\s+updated_at\s+2099-01-01T00:00:00\+07:00\s+date in the future`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "t.duckdb")
			args := append([]string{"--db", db, "ingest", "dossiers"}, tt.args...)
			r := reform(t, dir, append(args, tt.file, good)...)
			if r.code != tt.code {
				t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !regexp.MustCompile(tt.message).MatchString(r.stderr) {
				t.Errorf("stderr %q does not match %q", r.stderr, tt.message)
			}
			if n := strings.Count(r.stderr, "reform: "); n != 1 {
				t.Errorf("%d messages, want one:\n%s", n, r.stderr)
			}
			if !strings.Contains(r.stdout, good+": 6 rows read, 6 new") {
				t.Errorf("the good file did not load:\n%s", r.stdout)
			}
			if tt.rejects != "" {
				rj := reform(t, dir, "--db", db, "rejects", "--file", tt.file)
				if !regexp.MustCompile(tt.rejects).MatchString(rj.stdout) {
					t.Errorf("rejects %q do not match %q", rj.stdout, tt.rejects)
				}
			}
		})
	}
}

// TestIngestSameDossierTwice: within one file the later updated_at wins, else the later line.
func TestIngestSameDossierTwice(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "ingest", "dossiers", abs(t, "ingest/same_dossier_twice.csv"))
	if r.code != 0 || !strings.Contains(r.stdout, "4 rows read, 2 new, 0 updated, 2 unchanged, 0 rejected") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = reform(t, dir, "query", "--format", "csv", "SELECT dossier_code, status, line FROM raw_dossiers ORDER BY 1")
	want := "dossier_code,status,line\nH25.1-261001-0001,9,2\nH25.1-261001-0002,4,5\n"
	if r.stdout != want {
		t.Errorf("latest states:\n%s\nwant:\n%s", r.stdout, want)
	}
	r = reform(t, dir, "query", "--format", "csv", "SELECT count(*) AS versions FROM raw_dossier_history")
	if r.stdout != "versions\n4\n" {
		t.Errorf("history: %q, want 4 versions", r.stdout)
	}
}

// TestIngestSourceDateEpoch: SOURCE_DATE_EPOCH is the load time written into the
// database, as it is the "generated at" time of a bundle, so that two loads of the same
// files give the same database.
func TestIngestSourceDateEpoch(t *testing.T) {
	dir := t.TempDir()
	r := reformEnv(t, dir, []string{runEpoch}, "ingest", "dossiers", abs(t, "ingest/same_dossier_twice.csv"))
	if r.code != 0 {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = reform(t, dir, "query", "--format", "csv", "SELECT epoch(loaded_at)::BIGINT AS loaded_at FROM load_files")
	if want := "loaded_at\n1793491200\n"; r.stdout != want {
		t.Errorf("load time %q, want %q (SOURCE_DATE_EPOCH)", r.stdout, want)
	}
}

// TestIngestKilled kills `reform ingest` with SIGKILL in the middle of loading a large
// file, checks that a second writer meanwhile got exit 4 naming the database and the
// other process, then loads the file again: the counts equal those of a clean load.
func TestIngestKilled(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "sample", "--province", "25", "--months", "1", "--from", "2026-10",
		"--dossiers-per-month", "5000", "--seed", "3", "--out", "exports") // 770k rows, 250 MB
	if r.code != 0 {
		t.Fatalf("sample: %s", r.stderr)
	}
	csvs, _ := filepath.Glob(filepath.Join(dir, "exports", "*.csv"))
	if len(csvs) != 1 {
		t.Fatalf("sample wrote %v", csvs)
	}
	file := csvs[0]
	counts := func(db string) string {
		r := reform(t, dir, "--db", db, "query", "--format", "csv", `SELECT
			(SELECT count(*) FROM load_files) AS files,
			(SELECT sum(rows_read) || '/' || sum(rows_new) || '/' || sum(rows_rejected) FROM load_files) AS summary,
			(SELECT count(*) FROM raw_dossiers) AS dossiers,
			(SELECT count(*) FROM raw_dossier_history) AS versions,
			(SELECT count(*) FROM raw_rejects) AS rejects,
			(SELECT count(DISTINCT dossier_code) FROM raw_dossiers) AS codes`)
		if r.code != 0 {
			t.Fatalf("query %s: %s", db, r.stderr)
		}
		return r.stdout
	}
	ref := filepath.Join(dir, "ref.duckdb")
	if r := reform(t, dir, "--db", ref, "ingest", "dossiers", "--max-reject-rate", "1", file); r.code != 0 {
		t.Fatalf("clean load: %s", r.stderr)
	}
	want := counts(ref)

	db := filepath.Join(dir, "killed.duckdb")
	c := exec.Command(reformBin, "--db", db, "ingest", "dossiers", "--max-reject-rate", "1", file)
	c.Dir = dir
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the load is writing the file's rows into the database file (DuckDB
	// writes full row groups of a large insert before the commit).
	deadline := time.Now().Add(5 * time.Minute)
	for {
		st, err := os.Stat(db)
		if err == nil && st.Size() > 4<<20 {
			break
		}
		if time.Now().After(deadline) {
			c.Process.Kill()
			t.Fatal("the load never started writing")
		}
		time.Sleep(20 * time.Millisecond)
	}
	second := reform(t, dir, "--db", db, "ingest", "dossiers", file)
	if second.code != exitLocked || !strings.Contains(second.stderr, "database "+db+" is locked by another process") ||
		!regexp.MustCompile(`PID \d+`).MatchString(second.stderr) {
		t.Errorf("second writer: exit %d, stderr %q; want exit 4 naming the database and the other process", second.code, second.stderr)
	}
	if err := c.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := c.Wait()
	if ws, ok := c.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the load finished before it was killed (%v): make the file larger", err)
	}
	r = reform(t, dir, "--db", db, "ingest", "dossiers", "--max-reject-rate", "1", file)
	if r.code != 0 || !strings.Contains(r.stdout, "rows read") {
		t.Fatalf("load after the kill: exit %d (want a full load, not %q): %s", r.code, r.stdout, r.stderr)
	}
	if got := counts(db); got != want {
		t.Errorf("after kill -9 and a second load:\n%s\nwant (a clean load):\n%s", got, want)
	}
	// The next load removed the temporary files the killed one left.
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("reform-ingest-%d-*", c.Process.Pid))); len(left) > 0 {
		t.Errorf("temporary files of the killed load are left: %v", left)
	}
	if r := reform(t, dir, "--db", db, "ingest", "dossiers", file); !strings.Contains(r.stdout, "already loaded") {
		t.Errorf("third load: %s", r.stdout)
	}
	if got := counts(db); got != want {
		t.Errorf("after a third load:\n%s\nwant:\n%s", got, want)
	}
}
