package cmd

import (
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewReportCmd(t *testing.T) {
	var got *reportOptions
	c := newReportCmd(&globalOptions{}, func(_ context.Context, o *reportOptions) error { got = o; return nil })
	c.SetArgs([]string{"--period", "2026-10", "--lang", "en", "--targets", "t.yaml"})
	c.SetOut(io.Discard)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2026-10" || got.Lang != "en" || got.Targets != "t.yaml" || got.Out != "report" || got.Units != "2025" {
		t.Errorf("options = %+v", got)
	}
}

func TestNewReportCmdUnits(t *testing.T) {
	for _, tt := range []struct {
		name  string
		args  []string
		usage string // a usage error containing this; empty: accepted
	}{
		{name: "a month before July 2025", args: []string{"--period", "2025-06", "--units", "pre2025"}},
		{name: "a quarter before July 2025", args: []string{"--period", "2025-Q2", "--units", "pre2025"}},
		{name: "a year to date to June 2025", args: []string{"--period", "2025-ytd-06", "--units", "pre2025"}},
		{name: "the 2025 units any time", args: []string{"--period", "2024-03", "--units", "2025"}},
		{name: "July 2025", args: []string{"--period", "2025-07", "--units", "pre2025"},
			usage: "--units pre2025 needs a period that ends by June 2025 (the communes and districts were reorganised on 1 July 2025); 2025-07 ends later"},
		{name: "the year 2025", args: []string{"--period", "2025", "--units", "pre2025"}, usage: "; 2025 ends later"},
		{name: "a quarter across July 2025", args: []string{"--period", "2025-Q3", "--units", "pre2025"}, usage: "; 2025-Q3 ends later"},
		{name: "unknown units", args: []string{"--period", "2025-03", "--units", "old"}, usage: `--units must be 2025 or pre2025, not "old"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got *reportOptions
			c := newReportCmd(&globalOptions{}, func(_ context.Context, o *reportOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(io.Discard)
			c.SetErr(io.Discard)
			err := c.Execute()
			if tt.usage != "" {
				wantUsage(t, err, tt.usage)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Units != tt.args[3] {
				t.Errorf("Units = %q", got.Units)
			}
		})
	}
}

func TestReportBadTargets(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(bad, []byte("targets:\n  - {metric: happiness, at_least: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := reform(t, dir, "report", "--period", "2026-10", "--targets", bad)
	want := "reform: " + bad + ": target 1: metric \"happiness\" is not one of"
	if r.code != exitError || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("exit %d, stderr %q, want it to start with %q", r.code, r.stderr, want)
	}
}

func TestReportPeriodSyntax(t *testing.T) {
	for _, p := range []string{"2026-10", "2026-Q3", "2026", "2026-ytd-10", "2026-ytd-01", "2026-ytd-12"} {
		if !periodRE.MatchString(p) {
			t.Errorf("periodRE rejects %q", p)
		}
	}
	for _, p := range []string{"2026-ytd-13", "2026-ytd-00", "2026-ytd-1", "2026-ytd", "2026-YTD-10"} {
		if periodRE.MatchString(p) {
			t.Errorf("periodRE accepts %q", p)
		}
	}
}

// readCSV reads a rendered CSV file.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return records
}

// TestReportPortal renders the pipeline's dossiers with the hand-written portal log: the
// bundle has portal.html, linked from the overview, and metrics.csv the portal columns.
func TestReportPortal(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"ingest", "dossiers", "--max-reject-rate", "0.2", abs(t, "pipeline/input/dossiers_25_2026-09.csv"), abs(t, "pipeline/input/dossiers_25_2026-10.csv")},
		{"ingest", "logs", "--max-reject-rate", "0.1", abs(t, "access_logs/portal_small.log")},
		{"build"},
		{"report", "--period", "2026-10", "--out", "report"},
	} {
		if r := reformEnv(t, dir, nil, args...); r.code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", args[0], r.code, r.stdout, r.stderr)
		}
	}
	bundle := filepath.Join(dir, "report", "2026-10")
	index, err := os.ReadFile(filepath.Join(bundle, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(index), `href="portal.html"`) {
		t.Error("index.html does not link portal.html")
	}
	portal, err := os.ReadFile(filepath.Join(bundle, "portal.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{`id="portal_daily"`, `id="portal_errors"`, `src="assets/echarts.min.js"`, "10:00 05/10/2026"} {
		if !strings.Contains(string(portal), s) {
			t.Errorf("portal.html lacks %s", s)
		}
	}
	records := readCSV(t, filepath.Join(bundle, "metrics.csv"))
	header := strings.Join(records[0], ",")
	if !strings.HasSuffix(header, ",low_volume,portal_visitors,portal_page_views,portal_mobile_share,portal_error_rate,portal_submissions") {
		t.Errorf("metrics.csv header %s", header)
	}
	for _, r := range records[1:] {
		if r[2] == "04792" {
			if got := strings.Join(r[len(r)-5:], ","); got != "4,8,75,11.11,2" {
				t.Errorf("04792 portal columns %s, want 4,8,75,11.11,2", got)
			}
		}
	}
}

// TestReportPre2025 renders March 2025 of a sample Phú Thọ on the old units, and refuses
// July 2025 with a usage error before opening any database.
func TestReportPre2025(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "report", "--period", "2025-07", "--units", "pre2025")
	if r.code != exitUsage || !strings.HasPrefix(r.stderr, "reform: --units pre2025 needs a period that ends by June 2025") ||
		!strings.Contains(r.stderr, "hint: pick a month up to 2025-06") {
		t.Errorf("July 2025 on the old units: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, args := range [][]string{
		{"sample", "--province", "25", "--months", "2", "--from", "2025-02", "--dossiers-per-month", "5", "--seed", "2", "--out", "ex"},
		{"ingest", "dossiers", "--max-reject-rate", "1", "ex/dossiers_25_2025-02.csv", "ex/dossiers_25_2025-03.csv"},
		{"build"},
	} {
		if r := reform(t, dir, args...); r.code != 0 {
			t.Fatalf("%s: exit %d\n%s%s", args[0], r.code, r.stdout, r.stderr)
		}
	}
	r = reform(t, dir, "report", "--period", "2025-03", "--units", "pre2025", "--province", "26", "--out", "report")
	root := filepath.Join("report", "2025-03", "pre2025")
	if r.code != 0 || strings.TrimSpace(r.stdout) != filepath.Join(root, "index.html") {
		t.Fatalf("report --units pre2025: exit %d, stdout %q\n%s", r.code, r.stdout, r.stderr)
	}
	records := readCSV(t, filepath.Join(dir, root, "metrics.csv"))
	if got := strings.Join(records[0][28:], ","); got != "district_code,district_name,rank_in_district,rank_in_province,province_code_2025,rank_in_province_2025" {
		t.Errorf("metrics.csv columns after low_volume: %s", got)
	}
	if len(records)-1 != 121 { // the communes of Vĩnh Phúc before July 2025
		t.Errorf("metrics.csv has %d communes, want 121", len(records)-1)
	}
	for _, r := range records[1:] {
		if r[1] != "26" || r[32] != "" && r[32] != "25" {
			t.Errorf("row %v: not an old commune of Vĩnh Phúc now in Phú Thọ", r[:4])
			break
		}
	}
	r = reform(t, dir, "report", "--period", "2025-03", "--units", "pre2025", "--province", "01")
	if r.code != exitError || !strings.Contains(r.stderr, `no metrics for pre-2025 province "01" in period 2025-03`) {
		t.Errorf("an old province without data: exit %d, stderr %q", r.code, r.stderr)
	}
}
