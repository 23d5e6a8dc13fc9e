package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"reformindex/reports"
)

func TestNewIngestLogsCmd(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		want  ingestLogsOptions
		usage string // a usage error containing this
	}{
		{name: "defaults", args: []string{"a.log", "b.log.gz"},
			want: ingestLogsOptions{Paths: []string{"a.log", "b.log.gz"}, Format: "auto", MaxRejectRate: 0.05}},
		{name: "every flag", args: []string{"--format", "vcombined", "--sites", "s.yaml", "--max-reject-rate", "0.2", "a.log"},
			want: ingestLogsOptions{Paths: []string{"a.log"}, Format: "vcombined", SitesPath: "s.yaml", MaxRejectRate: 0.2}},
		{name: "no file", args: nil, usage: "ingest logs needs at least one FILE"},
		{name: "unknown format", args: []string{"--format", "w3c", "a.log"}, usage: `--format must be auto, combined, vcombined, common, vcommon, json, not "w3c"`},
		{name: "reject rate above 1", args: []string{"--max-reject-rate", "2", "a.log"}, usage: "--max-reject-rate must be between 0 and 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *ingestLogsOptions
			c := newIngestLogsCmd(&globalOptions{}, func(_ context.Context, o *ingestLogsOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if tt.usage != "" {
				wantUsage(t, err, tt.usage)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(got.Paths, " ") != strings.Join(tt.want.Paths, " ") || got.Format != tt.want.Format ||
				got.SitesPath != tt.want.SitesPath || got.MaxRejectRate != tt.want.MaxRejectRate {
				t.Errorf("options %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestNewLogsStatsCmd(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		from, to string
		format   string
		usage    string
	}{
		{name: "defaults", args: nil, format: "table"},
		{name: "a window in JSON", args: []string{"--from", "2026-10-01", "--to", "2026-10-31", "--format", "json"}, from: "2026-10-01", to: "2026-10-31", format: "json"},
		{name: "not a date", args: []string{"--from", "2026-13-01"}, usage: `--from "2026-13-01" is not a date`},
		{name: "31 February", args: []string{"--to", "2026-02-31"}, usage: `--to "2026-02-31" is not a date`},
		{name: "to before from", args: []string{"--from", "2026-10-02", "--to", "2026-10-01"}, usage: "--to 2026-10-01 is before --from 2026-10-02"},
		{name: "csv", args: []string{"--format", "csv"}, usage: `--format must be table or json, not "csv"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *logsStatsOptions
			c := newLogsStatsCmd(&globalOptions{}, func(_ context.Context, o *logsStatsOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			c.SetOut(&bytes.Buffer{})
			c.SetErr(&bytes.Buffer{})
			err := c.Execute()
			if tt.usage != "" {
				wantUsage(t, err, tt.usage)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.From != tt.from || got.To != tt.to || got.Format != tt.format {
				t.Errorf("options %+v", *got)
			}
		})
	}
}

// logStats loads path into a fresh database and returns reform logs stats --format json.
func logStats(t *testing.T, path string, extra ...string) reports.LogStats {
	t.Helper()
	dir := t.TempDir()
	r := reformEnv(t, dir, nil, append([]string{"ingest", "logs", "--max-reject-rate", "1", path}, extra...)...)
	if r.code != 0 {
		t.Fatalf("ingest logs %s: exit %d\n%s%s", path, r.code, r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "logs", "stats", "--format", "json")
	if r.code != 0 {
		t.Fatalf("logs stats: exit %d\n%s", r.code, r.stderr)
	}
	var st reports.LogStats
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("logs stats --format json: %v\n%s", err, r.stdout)
	}
	return st
}

// goAccessGeneral runs GoAccess 1.7 on path with --log-format=COMBINED and returns its
// general panel. Without GoAccess the test is skipped, and fails under CI=true.
func goAccessGeneral(t *testing.T, path string) map[string]any {
	t.Helper()
	bin, err := exec.LookPath("goaccess")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("goaccess is not installed; CI must have it (make test installs it: see mk/logs.mk)")
		}
		t.Skip("goaccess is not installed (apt-get install goaccess)")
	}
	out := filepath.Join(t.TempDir(), "goaccess.json")
	c := exec.Command(bin, path, "--log-format=COMBINED", "--no-global-config", "--no-progress", "-o", out)
	if b, err := c.CombinedOutput(); err != nil {
		t.Fatalf("goaccess: %v\n%s", err, b)
	}
	if v, err := exec.Command(bin, "--version").Output(); err != nil || !strings.Contains(string(v), "GoAccess - 1.7") {
		t.Logf("goaccess is not 1.7: %s", v)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		General map[string]any `json:"general"`
	}
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	return report.General
}

// TestLogsStatsMatchGoAccess compares reform logs stats with GoAccess 1.7 on the real
// Apache log, the hand-written portal log and a sample month: total, valid and failed
// requests, unique visitors and bandwidth must be equal.
func TestLogsStatsMatchGoAccess(t *testing.T) {
	sampleDir := t.TempDir()
	r := reformEnv(t, sampleDir, nil, "sample", "--province", "25", "--months", "1", "--from", "2026-10",
		"--logs", "--requests-per-month", "20000", "--out", ".")
	if r.code != 0 {
		t.Fatalf("sample: exit %d: %s", r.code, r.stderr)
	}
	for _, path := range []string{
		abs(t, "access_logs/elastic_apache_combined_10k.log"),
		abs(t, "access_logs/portal_small.log"),
		filepath.Join(sampleDir, "access_25_2026-10.log"),
	} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ga := goAccessGeneral(t, path)
			st := logStats(t, path)
			num := func(k string) int64 { f, _ := ga[k].(float64); return int64(f) }
			for _, c := range []struct {
				name       string
				got, gaVal int64
			}{
				{"total_requests", st.TotalRequests, num("total_requests")},
				{"valid_requests", st.ValidRequests, num("valid_requests")},
				{"failed_requests", st.FailedRequests, num("failed_requests")},
				{"unique_visitors", st.UniqueVisitors, num("unique_visitors")},
				{"bandwidth", st.Bandwidth, num("bandwidth")},
			} {
				if c.got != c.gaVal {
					t.Errorf("%s: reform %d, GoAccess %d", c.name, c.got, c.gaVal)
				}
			}
			t.Logf("reform %+v; GoAccess %v–%v", st, ga["start_date"], ga["end_date"])
		})
	}
	// the Apache file's figures, as GoAccess 1.7 gave them when this test was written
	st := logStats(t, abs(t, "access_logs/elastic_apache_combined_10k.log"))
	want := reports.LogStats{TotalRequests: 10000, ValidRequests: 10000, UniqueVisitors: 2095, Bandwidth: 2747282740,
		StartDate: "2015-05-17", EndDate: "2015-05-20"}
	if st != want {
		t.Errorf("Apache sample: %+v, want %+v", st, want)
	}
}

// TestLogsStatsNASA checks the NASA trace (common log format, host names as clients)
// against counts made by hand with an independent script (testdata/access_logs/README.md);
// GoAccess refuses host names as clients.
func TestLogsStatsNASA(t *testing.T) {
	path := abs(t, "access_logs/nasa_http_aug95_first20k.log")
	dir := t.TempDir()
	r := reformEnv(t, dir, nil, "ingest", "logs", path)
	if r.code != 0 || !strings.Contains(r.stdout, "common, 20000 lines, 20000 requests") {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "logs", "stats")
	want := "total_requests   20000\nvalid_requests   20000\nfailed_requests  0\nunique_visitors  1642\n" +
		"bandwidth        321739411\nstart_date       1995-08-01\nend_date         1995-08-01\n"
	if r.code != 0 || r.stdout != want {
		t.Errorf("logs stats: exit %d\n%s\nwant:\n%s%s", r.code, r.stdout, want, r.stderr)
	}
	r = reformEnv(t, dir, nil, "query", "--format", "csv", `SELECT count(*) AS clients,
		count(*) FILTER (client_kind = 'host') AS hosts, count(*) FILTER (client_kind = 'ipv4') AS ipv4 FROM raw_access_clients`)
	if r.stdout != "clients,hosts,ipv4\n1656,1241,415\n" {
		t.Errorf("clients: %q %s", r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "query", "--format", "csv", `SELECT status // 100 AS class, count(*) AS n FROM raw_access_log GROUP BY 1 ORDER BY 1`)
	if r.stdout != "class,n\n2,18083\n3,1729\n4,188\n" {
		t.Errorf("status classes: %q %s", r.stdout, r.stderr)
	}
	// a window of log dates (-0400, as written): the whole file is on 1995-08-01
	r = reformEnv(t, dir, nil, "logs", "stats", "--from", "1995-08-02")
	if !strings.Contains(r.stdout, "total_requests   0\n") || !strings.Contains(r.stdout, "start_date       -\n") {
		t.Errorf("after the file: %s", r.stdout)
	}
}

func TestIngestLogsRun(t *testing.T) {
	dir := t.TempDir()
	path := abs(t, "access_logs/portal_small.log")
	r := reformEnv(t, dir, nil, "ingest", "logs", "--max-reject-rate", "0.01", path)
	if r.code != exitRejected || !strings.Contains(r.stdout, "combined, 21 lines, 20 requests") ||
		!strings.Contains(r.stderr, "portal_small.log: 4.8% of lines rejected (threshold 1.0%)") {
		t.Fatalf("exit %d, want %d (1 line of 21 rejected, above 1 %%)\n%s%s", r.code, exitRejected, r.stdout, r.stderr)
	}
	st, err := os.Stat(filepath.Join(dir, "reform.duckdb.secret"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secret beside the database: %v %v", st, err)
	}
	r = reformEnv(t, dir, nil, "ingest", "logs", path)
	if r.code != 0 || !strings.Contains(r.stdout, "already loaded (file #1), nothing changed") {
		t.Errorf("second load: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "rejects", "--format", "csv")
	if !strings.HasSuffix(r.stdout, "portal_small.log,19,request,GET /thu-tuc/1.00,malformed log line\n") || strings.Contains(r.stdout, "27.72.5.5") {
		t.Errorf("rejects:\n%s", r.stdout)
	}
	r = reformEnv(t, dir, []string{"REFORM_SECRET=another key that is long enough"}, "ingest", "logs",
		abs(t, "access_logs/elastic_apache_combined_10k.log"))
	if r.code != exitError || !strings.Contains(r.stderr, "secret key differs") {
		t.Errorf("a second key: exit %d %s", r.code, r.stderr)
	}
	r = reformEnv(t, t.TempDir(), []string{"REFORM_SECRET=short"}, "ingest", "logs", path)
	if r.code != exitUsage || !strings.Contains(r.stderr, "REFORM_SECRET must be at least 16 characters") {
		t.Errorf("a short REFORM_SECRET: exit %d %s", r.code, r.stderr)
	}
	other := t.TempDir()
	r = reformEnv(t, other, []string{"REFORM_SECRET=a key from the environment"}, "ingest", "logs", "--max-reject-rate", "0.1", path)
	if r.code != 0 {
		t.Errorf("REFORM_SECRET: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(other, "reform.duckdb.secret")); err == nil {
		t.Error("a secret file was written although REFORM_SECRET is set")
	}
	r = reformEnv(t, dir, nil, "ingest", "logs", "--sites", "missing.yaml", path)
	if r.code != exitError || !strings.Contains(r.stderr, "sites missing.yaml: open: no such file or directory") {
		t.Errorf("a missing sites file: exit %d %s", r.code, r.stderr)
	}
	r = reformEnv(t, dir, nil, "logs")
	if r.code != exitUsage || !strings.Contains(r.stderr, "logs needs a subcommand: stats") {
		t.Errorf("logs alone: exit %d %s", r.code, r.stderr)
	}
}

// TestPortalTables builds the portal tables from the hand-written portal log and the
// pipeline's dossiers, and checks them against counts worked out by hand (the
// comments name the lines of testdata/access_logs/portal_small.log).
func TestPortalTables(t *testing.T) {
	dir := t.TempDir()
	r := reformEnv(t, dir, nil, "ingest", "dossiers", "--max-reject-rate", "0.2",
		abs(t, "pipeline/input/dossiers_25_2026-09.csv"), abs(t, "pipeline/input/dossiers_25_2026-10.csv"))
	if r.code != 0 {
		t.Fatalf("ingest dossiers: %d %s", r.code, r.stderr)
	}
	r = reformEnv(t, dir, nil, "ingest", "logs", "--max-reject-rate", "0.1", abs(t, "access_logs/portal_small.log"))
	if r.code != 0 {
		t.Fatalf("ingest logs: %d %s", r.code, r.stderr)
	}
	r = reformEnv(t, dir, nil, "--tz", "Asia/Ho_Chi_Minh", "build")
	if r.code != 0 {
		t.Fatalf("build: %d %s", r.code, r.stderr)
	}
	q := func(sql, want string) {
		t.Helper()
		r := reformEnv(t, dir, nil, "--tz", "Asia/Ho_Chi_Minh", "query", "--format", "csv", sql)
		if r.code != 0 || r.stdout != want {
			t.Errorf("%s\n got: %q\nwant: %q %s", sql, r.stdout, want, r.stderr)
		}
	}
	// 04792: lines 1, 3–7 on 5 October, 16–18 on 6 October; 8 page views (not the 500 of
	// line 18), 6 of them on phones; 1 5xx of 9 requests; submissions on lines 5 and 7
	// (7 from the office network); visitors: 2 on each day.
	q(`SELECT portal_requests, portal_page_views, portal_mobile_share, portal_error_rate, portal_submissions,
		portal_assisted_submissions, portal_assisted_page_views, portal_visitors
		FROM portal_usage WHERE level = 'commune' AND unit_code = '04792' AND period = '2026-10'`,
		"portal_requests,portal_page_views,portal_mobile_share,portal_error_rate,portal_submissions,portal_assisted_submissions,portal_assisted_page_views,portal_visitors\n"+
			"9,8,75,11.11,2,1,2,4\n")
	// the province: 04792, 04795 (lines 8–10) and 04924 (lines 11–15)
	q(`SELECT portal_requests, portal_page_views, portal_submissions FROM portal_usage
		WHERE level = 'province' AND unit_code = '25' AND period = '2026-Q4'`,
		"portal_requests,portal_page_views,portal_submissions\n17,10,2\n")
	// the whole portal: 20 requests, 2 by bots; one outage of 20 minutes
	q(`SELECT portal_requests, portal_bot_requests, portal_outages, portal_outage_minutes FROM portal_usage
		WHERE level = 'portal' AND period = '2026-10'`,
		"portal_requests,portal_bot_requests,portal_outages,portal_outage_minutes\n20,2,1,20\n")
	// lines 11–14: four 5xx buckets from 10:00 to 10:20, then a success at 10:25
	q(`SELECT strftime(started_at, '%Y-%m-%d %H:%M') AS started, minutes, requests, errors_5xx, kind FROM portal_outages`,
		"started,minutes,requests,errors_5xx,kind\n2026-10-05 10:00,20,4,4,no_success\n")
	// the funnel of 1.001193 at 04792: page views on lines 3–7 and 17; visitor-days: two
	// on 5 October, one on 6 October; both submitters on 5 October
	q(`SELECT page_views, visitors, submitters, submissions, conversion_rate FROM portal_funnel
		WHERE level = 'commune' AND unit_code = '04792' AND procedure_code = '1.001193' AND period = '2026-10'`,
		"page_views,visitors,submitters,submissions,conversion_rate\n6,3,2,2,66.67\n")
	// the portal level counts the province-wide procedure page of line 20 too
	q(`SELECT page_views FROM portal_funnel WHERE level = 'portal' AND procedure_code = '1.001193' AND period = '2026-10'`,
		"page_views\n7\n")
	q(`SELECT hour, requests, errors_5xx, p95_response_ms FROM portal_hourly
		WHERE level = 'commune' AND unit_code = '04924' ORDER BY hour_at`,
		"hour,requests,errors_5xx,p95_response_ms\n10,5,4,48009.6\n")
	q(`SELECT device, count(*) AS n FROM portal_requests WHERE is_page_view GROUP BY ALL ORDER BY ALL`,
		"device,n\ndesktop,3\nmobile,7\ntablet,1\n")
}

// TestSampleLogsFollowDefaultSites writes a sample month of portal logs and loads it with
// the default sites file: every page of a commune maps, and there are bots, offices,
// submissions and 5xx.
func TestSampleLogsFollowDefaultSites(t *testing.T) {
	dir := t.TempDir()
	r := reformEnv(t, dir, nil, "sample", "--province", "25", "--months", "2", "--from", "2026-09",
		"--logs", "--requests-per-month", "8000", "--out", "ex")
	if r.code != 0 || !strings.Contains(r.stdout, "wrote 4 files") {
		t.Fatalf("sample: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "ingest", "logs", "ex/access_25_2026-09.log.gz", "ex/access_25_2026-10.log")
	if r.code != 0 || strings.Count(r.stdout, "combined, 8000 lines") != 2 {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = reformEnv(t, dir, nil, "query", "--format", "csv", `SELECT
		count(*) FILTER (path LIKE '/don-vi/%' AND unit_ref IS NULL) AS unmapped_commune_pages,
		count(*) FILTER (agent_class = 'bot') > 0 AND count(*) FILTER (office) > 0 AND count(*) FILTER (is_submission) > 0
		  AND count(*) FILTER (status >= 500) > 0 AND count(*) FILTER (device = 'mobile') > count(*) FILTER (device = 'tablet') AS varied,
		count(DISTINCT unit_ref) >= 140 AS most_communes,
		count(*) FILTER (unit_ref NOT IN (SELECT unit_code FROM ref_units WHERE province_code = '25')) AS unknown_units
		FROM access_requests`)
	if r.stdout != "unmapped_commune_pages,varied,most_communes,unknown_units\n0,true,true,0\n" {
		t.Errorf("sample logs under the default sites file: %q %s", r.stdout, r.stderr)
	}
}

// benchRun is one timed run of a command.
type benchRun struct {
	wall, cpu time.Duration
	rssKB     int64
}

func timed(t *testing.T, env []string, name string, args ...string) benchRun {
	t.Helper()
	c := exec.Command(name, args...)
	c.Env = append(os.Environ(), env...)
	var errb bytes.Buffer
	c.Stderr = &errb
	start := time.Now()
	if err := c.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errb.String())
	}
	r := benchRun{wall: time.Since(start), cpu: c.ProcessState.UserTime() + c.ProcessState.SystemTime()}
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rssKB = ru.Maxrss
	}
	return r
}

func fastest(runs []benchRun) benchRun {
	return slices.MinFunc(runs, func(a, b benchRun) int { return int(a.wall - b.wall) })
}

func median(runs []benchRun) benchRun {
	s := slices.Clone(runs)
	slices.SortFunc(s, func(a, b benchRun) int { return int(a.wall - b.wall) })
	return s[len(s)/2]
}

// TestBenchLogsAgainstGoAccess is the access-log benchmark of SPEC §7, run by make
// bench-logs (REFORM_BENCH_LOGS=1): GoAccess 1.7 and reform ingest logs on the same
// generated combined log, side by side, and the result written into the "Access-log
// ingest" section of BENCHMARKS.md.
func TestBenchLogsAgainstGoAccess(t *testing.T) {
	if os.Getenv("REFORM_BENCH_LOGS") == "" {
		t.Skip("a benchmark: run it with make bench-logs")
	}
	if reformBin == "" {
		t.Skip("needs the built binary (not under -short)")
	}
	lines, _ := strconv.Atoi(os.Getenv("BENCH_LOG_LINES"))
	if lines <= 0 {
		lines = 500000
	}
	rounds, _ := strconv.Atoi(os.Getenv("BENCH_LOG_ROUNDS"))
	if rounds <= 0 {
		rounds = 5
	}
	goaccess, err := exec.LookPath("goaccess")
	if err != nil {
		t.Fatal("goaccess is not installed (make goaccess)")
	}
	dir := t.TempDir()
	sampleCmd := []string{"sample", "--province", "25", "--months", "1", "--from", "2026-10", "--logs",
		"--requests-per-month", strconv.Itoa(lines), "--seed", "1", "--out", dir}
	if r := reformEnv(t, dir, nil, sampleCmd...); r.code != 0 {
		t.Fatalf("sample: %s", r.stderr)
	}
	log := filepath.Join(dir, "access_25_2026-10.log")
	st, err := os.Stat(log)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(log); err != nil { // into the page cache, for both tools alike
		t.Fatal(err)
	} else if n := bytes.Count(b, []byte("\n")); n != lines {
		t.Fatalf("%d lines generated, want %d", n, lines)
	}
	// a database that exists already (schema and registry loaded), copied for each round
	secret := []string{"REFORM_SECRET=benchmark key, not a secret"}
	template := filepath.Join(dir, "template.duckdb")
	empty := filepath.Join(dir, "empty.log")
	os.WriteFile(empty, nil, 0o644)
	if r := reformEnv(t, dir, secret, "--db", template, "ingest", "logs", empty); r.code != 0 {
		t.Fatalf("prepare: %s", r.stderr)
	}
	load1, _ := os.ReadFile("/proc/loadavg")
	var ga, rf []benchRun
	var gaJSON, db string
	for i := range rounds {
		gaJSON = filepath.Join(dir, fmt.Sprintf("goaccess-%d.json", i))
		ga = append(ga, timed(t, nil, goaccess, log, "--log-format=COMBINED", "--no-global-config", "--no-progress", "-o", gaJSON))
		db = filepath.Join(dir, fmt.Sprintf("bench-%d.duckdb", i))
		b, _ := os.ReadFile(template)
		os.WriteFile(db, b, 0o644)
		rf = append(rf, timed(t, secret, reformBin, "--db", db, "-q", "ingest", "logs", log))
	}
	fresh := filepath.Join(dir, "fresh.duckdb")
	cold := timed(t, secret, reformBin, "--db", fresh, "-q", "ingest", "logs", log)
	load2, _ := os.ReadFile("/proc/loadavg")

	// memory: the same command on a log four times as long
	bigDir := filepath.Join(dir, "big")
	if r := reformEnv(t, dir, nil, "sample", "--province", "25", "--months", "1", "--from", "2026-10", "--logs",
		"--requests-per-month", strconv.Itoa(4*lines), "--seed", "1", "--out", bigDir); r.code != 0 {
		t.Fatalf("sample: %s", r.stderr)
	}
	bigDB := filepath.Join(dir, "big.duckdb")
	tb, _ := os.ReadFile(template)
	os.WriteFile(bigDB, tb, 0o644)
	big := timed(t, secret, reformBin, "--db", bigDB, "-q", "ingest", "logs", filepath.Join(bigDir, "access_25_2026-10.log"))
	os.RemoveAll(bigDir)

	// both tools must agree before their times mean anything
	g := goAccessGeneral(t, log)
	r := reformEnv(t, dir, secret, "--db", db, "logs", "stats", "--format", "json")
	var stats reports.LogStats
	if err := json.Unmarshal([]byte(r.stdout), &stats); err != nil {
		t.Fatalf("logs stats: %v %s", err, r.stderr)
	}
	num := func(k string) int64 { f, _ := g[k].(float64); return int64(f) }
	if stats.TotalRequests != num("total_requests") || stats.ValidRequests != num("valid_requests") ||
		stats.UniqueVisitors != num("unique_visitors") || stats.Bandwidth != num("bandwidth") {
		t.Fatalf("reform %+v and GoAccess %v disagree", stats, g)
	}

	gm, rm := median(ga), median(rf)
	ratio := float64(gm.wall) / float64(rm.wall)
	best := float64(fastest(ga).wall) / float64(fastest(rf).wall)
	verdict := "met"
	if ratio < 20 {
		verdict = "**missed**"
	}
	tput := func(d time.Duration) string { return fmt.Sprintf("%.0f", float64(lines)/d.Seconds()) }
	row := func(name string, runs []benchRun) string {
		m := median(runs)
		walls := make([]string, len(runs))
		for i, x := range runs {
			walls[i] = fmt.Sprintf("%.2f", x.wall.Seconds())
		}
		return fmt.Sprintf("| %s | %s | %.2f s | %.2f s | %s | %d MB |\n", name, strings.Join(walls, ", "),
			m.wall.Seconds(), m.cpu.Seconds(), tput(m.wall), m.rssKB/1024)
	}
	gaVersion, _ := exec.Command(goaccess, "--version").Output()
	goVersion, _ := exec.Command("go", "version").Output()
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(strings.SplitN(l, ":", 2)[1])
				break
			}
		}
	}
	var sec strings.Builder
	fmt.Fprintf(&sec, "## Access-log ingest\n\n")
	fmt.Fprintf(&sec, "SPEC §7: `reform ingest logs` at least 20× GoAccess 1.7's throughput on the same log. "+
		"Target %s: **%.1f×** on median wall times (%.1f× fastest against fastest).\n\n", verdict, ratio, best)
	fmt.Fprintf(&sec, "Recorded by `make bench-logs` (part of `make bench`) on %s: %d-line combined log (%.1f MB) of the "+
		"sample province written by `reform %s` (148 communes, %d unique visitors, %d failed lines), in the page cache; "+
		"%d rounds, GoAccess and reform alternately.\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), lines,
		float64(st.Size())/1e6, strings.Join(sampleCmd[:len(sampleCmd)-2], " "), stats.UniqueVisitors, stats.FailedRequests, rounds)
	fmt.Fprintf(&sec, "| tool | wall per round | median wall | CPU (user+sys) | lines/s | peak RSS |\n|---|---|---|---|---|---|\n")
	sec.WriteString(row("GoAccess: `goaccess LOG --log-format=COMBINED --no-global-config --no-progress -o out.json`", ga))
	sec.WriteString(row("reform: `reform --db DB -q ingest logs LOG` (DB created beforehand)", rf))
	sec.WriteString(row("reform on a new DB (includes creating it and loading the unit registry)", []benchRun{cold}))
	fmt.Fprintf(&sec, "\nBoth give the same totals (checked in the run): %d requests, %d valid, %d unique visitors, %d bytes.\n\n",
		stats.TotalRequests, stats.ValidRequests, stats.UniqueVisitors, stats.Bandwidth)
	fmt.Fprintf(&sec, "Memory is bounded: on a log four times as long (%d lines) reform's peak RSS is %d MB (%.2f s), "+
		"against %d MB for %d lines; what grows is the per-file dictionaries (distinct clients, targets, agents) and "+
		"DuckDB's own memory for the file's table data; the lines themselves pass through fixed pools of blocks and "+
		"batches.\n\n",
		4*lines, big.rssKB/1024, big.wall.Seconds(), rm.rssKB/1024, lines)
	sec.WriteString(benchNotes)
	fmt.Fprintf(&sec, "Machine: %d CPUs (%s), load average before %s, after %s; %s; %s.\n",
		runtime.NumCPU(), cpu, strings.Join(strings.Fields(string(load1))[:3], " "), strings.Join(strings.Fields(string(load2))[:3], " "),
		strings.TrimSpace(strings.SplitN(string(gaVersion), "\n", 2)[0]), strings.TrimSpace(string(goVersion)))
	t.Log("\n" + sec.String())
	if err := replaceSection("../BENCHMARKS.md", "access-log-ingest", sec.String()); err != nil {
		t.Fatal(err)
	}
}

// benchNotes explains the access-log benchmark's result; its figures come from perf
// profiles and Go benchmarks of reform ingest logs on the 500,000-line sample log
// (2026-11-23).
const benchNotes = `How the load runs: a pipeline on every core. The file's SHA-256 (what makes a second
load of the same bytes a no-op) runs on its own goroutine from the start, while the database
opens; a reader cuts the file into 1 MiB blocks of whole lines; one parser per core turns
blocks into column batches of numbers plus the new dictionary entries; the loader hands each
batch to DuckDB's appender a 2,048-row data chunk at a time — one memory copy per column, no
Go value per field (sql.Tx.AppendColumns; BenchmarkAppend500k: 500,000 rows of 11 columns
appended and committed in 0.15 s, against 0.28 s row by row, idle, 2026-11-23) — while the next blocks are
parsed. During the load DuckDB runs on that one thread (more threads only spin while one
compresses) and writes each 122,880-row group as soon as it is full, so the commit and
checkpoint have little left.

Where the CPU goes now (perf, four runs; ≈ 0.6–0.7 s of CPU, against ≈ 1.0 s before the
column path): DuckDB 28 % — appending, statistics and compressing the row groups, then commit,
checkpoint, opening and closing the database; parsing lines and the dictionary lookups 27 %;
the SHA-256 of the 136 MB file 13 %; the kernel 22 % — page faults of the memory DuckDB and Go
take (10 %), reading the file (5 %: twice, for the hash and for the parse, from the page
cache), scheduling; the Go runtime 9 %. Serial, whatever the cores: starting the process and
opening the database (≈ 30 ms idle), the commit and checkpoint (≈ 60–100 ms).

What 20× takes: the whole load within a twentieth of GoAccess's wall time, ≈ 0.27 s for this
file on an idle machine (GoAccess 1.7 spends ≈ 5.3 s of CPU, on one core). The parts, each
measured alone on the idle machine (make bench-logs-parts; 2026-11-23): DuckDB appending and
committing the 500,000 rows of 11 columns 0.15 s (BenchmarkAppend500k, on one thread: one
appender per table); parsing the lines 0.14 s on one core (BenchmarkParseChunk); the SHA-256 of
the 136 MB file ≈ 0.08 s (Go, with the CPU's SHA instructions); starting the process, opening
and closing the database ≈ 0.05 s. With perfect overlap on two cores and nothing else running
that is ≥ 0.05 + max(0.15, (0.15 + 0.14 + 0.08) / 2) ≈ 0.24 s, before the kernel's share
(reading the file, page faults, switching threads: ≈ 28 % of the CPU in perf) and the serial
commit and checkpoint: the target asks for a nearly perfect pipeline on a machine that also
runs the tool it is compared with, and this shared virtual machine varies by ±25 % from run to
run. When other work shares the two cores, GoAccess (one thread) loses little while reform
loses its parallelism, and the ratio falls toward the ratio of CPU times (≈ 8–9×). Both tools
share the machine's load, given with each run. docs/decisions.md ("Speed targets") says what
would move it: a cheaper file identity than SHA-256, fewer stored columns per request.

`

// replaceSection replaces the section of a Markdown file between the comments
// <!-- name:start --> and <!-- name:end --> with text, or appends it with them; the
// other sections are kept as they are.
func replaceSection(path, name, text string) error {
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	doc := string(b)
	if doc == "" {
		doc = "# Benchmarks\n\nSide-by-side measurements on this project's 2-core machine; each section says its command.\n"
	}
	start, end := "<!-- "+name+":start -->", "<!-- "+name+":end -->"
	block := start + "\n" + strings.TrimRight(text, "\n") + "\n" + end
	i, j := strings.Index(doc, start), strings.Index(doc, end)
	if i >= 0 && j > i {
		doc = doc[:i] + block + doc[j+len(end):]
	} else {
		doc = strings.TrimRight(doc, "\n") + "\n\n" + block + "\n"
	}
	return os.WriteFile(path, []byte(doc), 0o644)
}
