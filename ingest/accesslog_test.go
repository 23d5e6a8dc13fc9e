package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"reformindex/sql"
)

var testKey = []byte("a key of the tests, 32 bytes lo")

func openLogDB(t testing.TB) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "t.duckdb"), sql.Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, f := range sql.Files("ingest") {
		if strings.HasPrefix(f, "ingest/schema") {
			if err := db.Exec(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db
}

func loadLog(t *testing.T, db *sql.DB, path string, o AccessLogOptions) LogSummary {
	t.Helper()
	if o.Key == nil {
		o.Key = testKey
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	}
	s, err := AccessLog(context.Background(), db, path, o)
	if err != nil {
		t.Fatalf("AccessLog(%s): %v", path, err)
	}
	return s
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestAccessLogLoadsCombined(t *testing.T) {
	db := openLogDB(t)
	s := loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{})
	if s.Format != FormatCombined || s.Lines != 20 || s.Requests != 20 || s.Rejected != 0 || s.Skipped != 0 {
		t.Fatalf("summary %+v", s)
	}
	if s.First != time.Date(2015, 5, 17, 10, 5, 0, 0, time.UTC) || s.Clients != 1 {
		t.Errorf("first request at %v, %d clients", s.First, s.Clients)
	}
	for query, want := range map[string]int64{
		`SELECT count(*) FROM raw_access_log`:                                           20,
		`SELECT count(*) FROM access_requests`:                                          20,
		`SELECT count(DISTINCT client_hash) FROM raw_access_log`:                        1,
		`SELECT count(*) FROM raw_access_clients`:                                       1,
		`SELECT count(*) FROM raw_access_routes`:                                        20,
		`SELECT count(*) FROM raw_access_files WHERE requests = 20 AND lines = 20`:      1,
		`SELECT count(*) FROM load_files WHERE kind = 'logs' AND profile = 'combined'`:  1,
		`SELECT sum(bytes) FROM raw_access_log`:                                         2127211,
		`SELECT count(*) FROM access_requests WHERE referrer_host = 'semicomplete.com'`: 20,
	} {
		if got := count(t, db, query); got != want {
			t.Errorf("%s = %d, want %d", query, got, want)
		}
	}
	noClientsStored(t, db, "testdata/accesslog/combined.log")
}

// noClientsStored fails when any text column of the database holds a client address
// of the log file.
func noClientsStored(t *testing.T, db *sql.DB, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]bool{}
	for _, l := range strings.Split(string(b), "\n") {
		if c, _, ok := strings.Cut(l, " "); ok && len(c) > 2 {
			clients[c] = true
		}
	}
	rows, err := db.QuerySQL(context.Background(), `SELECT table_name, column_name FROM duckdb_columns()
		WHERE schema_name = 'main' AND data_type = 'VARCHAR' AND NOT internal`)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tb, c string
		rows.Scan(&tb, &c)
		cols = append(cols, [2]string{tb, c})
	}
	rows.Close()
	for _, c := range cols {
		q := fmt.Sprintf(`SELECT coalesce(string_agg(%s, '\n'), '') FROM %s`, sql.QuoteIdent(c[1]), sql.QuoteIdent(c[0]))
		var all string
		if err := db.QueryRow(context.Background(), q).Scan(&all); err != nil {
			t.Fatal(err)
		}
		for cl := range clients {
			if strings.Contains(all, cl) {
				t.Errorf("%s.%s holds the client %q", c[0], c[1], cl)
			}
		}
	}
}

func TestAccessLogSameFileTwice(t *testing.T) {
	db := openLogDB(t)
	first := loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{})
	second := loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{})
	if !second.AlreadyLoaded || second.FileID != first.FileID {
		t.Errorf("second load: %+v", second)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_access_log`); n != 20 {
		t.Errorf("%d requests after loading the same file twice, want 20", n)
	}
	if n := count(t, db, `SELECT count(*) FROM load_files`); n != 1 {
		t.Errorf("%d files recorded, want 1", n)
	}
	// a copy under another name is the same bytes
	cp := filepath.Join(t.TempDir(), "copy.log")
	b, _ := os.ReadFile("testdata/accesslog/combined.log")
	os.WriteFile(cp, b, 0o644)
	if s := loadLog(t, db, cp, AccessLogOptions{}); !s.AlreadyLoaded {
		t.Errorf("a copy of a loaded file loaded again: %+v", s)
	}
}

func TestAccessLogGzip(t *testing.T) {
	db := openLogDB(t)
	b, _ := os.ReadFile("testdata/accesslog/combined.log")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	path := filepath.Join(t.TempDir(), "access.log.1.gz")
	os.WriteFile(path, z.Bytes(), 0o644)
	s := loadLog(t, db, path, AccessLogOptions{})
	if s.Format != FormatCombined || s.Requests != 20 {
		t.Errorf("gzip: %+v", s)
	}
}

func TestAccessLogTruncatedGzip(t *testing.T) {
	db := openLogDB(t)
	b, _ := os.ReadFile("testdata/accesslog/combined.log")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	path := filepath.Join(t.TempDir(), "access.log.2.gz")
	os.WriteFile(path, z.Bytes()[:z.Len()-30], 0o644) // cut while being compressed
	_, err := AccessLog(context.Background(), db, path, AccessLogOptions{Key: testKey})
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("a truncated gzip file: %v, want an error", err)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_access_log`); n != 0 {
		t.Errorf("%d requests of a truncated file loaded", n)
	}
}

func TestAccessLogRejects(t *testing.T) {
	db := openLogDB(t)
	s := loadLog(t, db, "testdata/accesslog/goaccess_edge_cases.log", AccessLogOptions{})
	if s.Lines != 26 || s.Requests != 16 || s.Rejected != 10 || s.Skipped != 2 {
		t.Fatalf("summary %+v; want 26 lines (as GoAccess), 16 requests, 10 rejected, 2 skipped", s)
	}
	rows, err := db.QuerySQL(context.Background(), `SELECT line, coalesce(column_name, ''), coalesce(raw_value, ''), reason FROM raw_rejects ORDER BY line`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	ip := regexp.MustCompile(`1\.2\.3\.\d+`)
	for rows.Next() {
		var line int64
		var col, val, reason string
		rows.Scan(&line, &col, &val, &reason)
		got = append(got, fmt.Sprintf("%d %s %s", line, col, reason))
		if ip.MatchString(val) {
			t.Errorf("line %d: the reject keeps the client: %q", line, val)
		}
	}
	want := []string{ // the lines GoAccess 1.7 lists with --invalid-requests
		"5 status HTTP status is not a number from 100 to 599",  // 999
		"6 status HTTP status is not a number from 100 to 599",  // 20x
		"9 time unparseable date",                               // 32/May
		"10 line malformed log line",                            // no referrer nor user agent
		"12 line malformed log line",                            // garbage
		"21 status HTTP status is not a number from 100 to 599", // 099
		"23 time unparseable date",                              // no UTC offset
		"24 time unparseable date",                              // hour 25
		"27 status HTTP status is not a number from 100 to 599", // 600
		"28 status HTTP status is not a number from 100 to 599", // status and size merged
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestAccessLogChunkBoundaries loads the same lines with blocks of a few hundred bytes
// and one to four goroutines: lines cut by block ends, a line too long, a last line
// without a line break; every load must give the same rows.
func TestAccessLogChunkBoundaries(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "10.%d.%d.%d - - [05/Oct/2026:08:%02d:%02d +0700] \"GET /don-vi/%05d/thu-tuc/1.00%d HTTP/1.1\" %d %d \"-\" \"%s\" %d\n",
			i%3, i%7, i%11, i/60, i%60, 4792+i%5, i%4, []int{200, 304, 404, 503}[i%4], 1000+i, testUA, 50000+i)
		switch i {
		case 17:
			b.WriteString("\n# a comment\n")
		case 100:
			b.WriteString("1.1.1.1 - - [" + strings.Repeat("x", 700) + "\n") // longer than a quarter block: too long
		case 200:
			b.WriteString("broken line\r\n")
		}
	}
	b.WriteString(`9.9.9.9 - - [05/Oct/2026:09:00:00 +0700] "GET /last HTTP/1.1" 200 1 "-" "UA"`)
	path := filepath.Join(t.TempDir(), "cut.log")
	os.WriteFile(path, []byte(b.String()), 0o644)
	var want string
	for _, tc := range []struct{ chunk, workers int }{{2800, 1}, {1024, 1}, {1024, 4}, {2000, 2}, {1500, 3}} {
		db := openLogDB(t)
		s := loadLog(t, db, path, AccessLogOptions{chunkSize: tc.chunk, Workers: tc.workers})
		var got string
		err := db.QueryRow(context.Background(), `SELECT string_agg(line || ':' || status || ':' || coalesce(bytes, -1) || ':' || response_us, ' ' ORDER BY line)
			|| ' | ' || (SELECT string_agg(line || ':' || reason, ' ' ORDER BY line) FROM raw_rejects) FROM raw_access_log`).Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		got = fmt.Sprintf("%d lines, %d requests, %d rejected, %d skipped: %s", s.Lines, s.Requests, s.Rejected, s.Skipped, got)
		if want == "" {
			want = got
			if s.Requests != 301 || s.Rejected != 2 || s.Skipped != 2 {
				t.Fatalf("whole file: %s", got)
			}
			continue
		}
		if got != want {
			t.Errorf("blocks of %d bytes, %d goroutines:\n%s\nwant:\n%s", tc.chunk, tc.workers, got, want)
		}
	}
	if !strings.HasSuffix(want, " | 104:line too long (over 256 KiB) 205:malformed log line") {
		t.Errorf("rejects: %s", want[strings.LastIndex(want, "|"):])
	}
}

func TestAccessLogFormats(t *testing.T) {
	tests := []struct {
		file, format       string
		requests, rejected int64
		check              string // a query that must give 1
	}{
		{"common_hostnames.log", FormatCommon, 20, 0,
			`SELECT count(*) = 20 AND count(*) FILTER (c.client_kind = 'host') = 19 AND bool_and(a.agent_class = 'unknown')
			 FROM raw_access_log l JOIN raw_access_clients c USING (file_id, client_hash) JOIN raw_access_agents a USING (file_id, agent_hash)`},
		{"vcombined.log", FormatVCombined, 3, 0,
			`SELECT count(*) = 3 AND count(*) FILTER (host = 'dichvucong.phutho.gov.vn' AND unit_ref = '04792') = 2 FROM access_requests`},
		{"json_nginx.log", FormatJSON, 2, 2,
			`SELECT count(*) FILTER (method = 'POST' AND path = '/don-vi/04792/thu-tuc/1.001193/nop-ho-so' AND is_submission) = 1
			 AND count(*) FILTER (path = '/don-vi/04792' AND response_us = 61000 AND referrer_host = 'zalo.me') = 1 FROM access_requests`},
		{"json_caddy.log", FormatJSON, 1, 0,
			`SELECT count(*) FILTER (device = 'tablet' AND referrer_host = 'www.google.com' AND response_us = 64100) FROM access_requests`},
		{"response_time.log", FormatCombined, 4, 0,
			`SELECT list(response_us ORDER BY line) = [52311, 52000, NULL, 52000] FROM raw_access_log`},
		{"crlf.log", FormatCombined, 2, 0,
			`SELECT list(a.user_agent ORDER BY line) = ['UA', 'UA'] FROM raw_access_log l JOIN raw_access_agents a USING (file_id, agent_hash)`},
		{"malformed_line_8899.log", FormatCombined, 1, 0,
			`SELECT count(*) FILTER (agent_class = 'bot' AND family = 'Googlebot') FROM access_requests`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			db := openLogDB(t)
			s := loadLog(t, db, filepath.Join("testdata/accesslog", tt.file), AccessLogOptions{})
			if s.Format != tt.format || s.Requests != tt.requests || s.Rejected != tt.rejected {
				t.Errorf("summary %+v; want %s, %d requests, %d rejected", s, tt.format, tt.requests, tt.rejected)
			}
			var ok bool
			if err := db.QueryRow(context.Background(), tt.check).Scan(&ok); err != nil || !ok {
				t.Errorf("%s: %v, %v", tt.check, ok, err)
			}
		})
	}
}

func TestAccessLogForcedFormat(t *testing.T) {
	db := openLogDB(t)
	s := loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{Format: FormatCommon})
	if s.Format != FormatCommon || s.Requests != 20 {
		t.Errorf("combined read as common: %+v", s)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_access_agents WHERE agent_class = 'unknown'`); n != 1 {
		t.Errorf("read as common, the agents are unknown: %d", n)
	}
	if _, err := AccessLog(context.Background(), db, "testdata/accesslog/combined.log", AccessLogOptions{Key: testKey, Format: "w3c"}); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func TestAccessLogKeyMismatch(t *testing.T) {
	db := openLogDB(t)
	loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{})
	_, err := AccessLog(context.Background(), db, "testdata/accesslog/vcombined.log", AccessLogOptions{Key: []byte("another key, also long enough")})
	if !errors.Is(err, ErrSecretMismatch) {
		t.Errorf("a second key: %v, want ErrSecretMismatch", err)
	}
	if _, err := AccessLog(context.Background(), db, "testdata/accesslog/vcombined.log", AccessLogOptions{Key: []byte("short")}); !errors.Is(err, ErrWeakSecret) {
		t.Errorf("a short key: %v, want ErrWeakSecret", err)
	}
}

func TestAccessLogEmptyAndUnknown(t *testing.T) {
	db := openLogDB(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.log")
	os.WriteFile(empty, nil, 0o644)
	if s := loadLog(t, db, empty, AccessLogOptions{}); s.Lines != 0 || s.AlreadyLoaded {
		t.Errorf("empty file: %+v", s)
	}
	if s := loadLog(t, db, empty, AccessLogOptions{}); !s.AlreadyLoaded {
		t.Errorf("empty file again: %+v", s)
	}
	csv := filepath.Join(dir, "dossiers.csv")
	os.WriteFile(csv, []byte("dossier_code,unit_code\nA,04792\n"), 0o644)
	if _, err := AccessLog(context.Background(), db, csv, AccessLogOptions{Key: testKey}); !errors.Is(err, ErrNoLogFormat) {
		t.Errorf("a CSV file: %v, want ErrNoLogFormat", err)
	}
	if n := count(t, db, `SELECT count(*) FROM load_files`); n != 1 {
		t.Errorf("%d files recorded, want the empty one only", n)
	}
}

func TestMaskAddresses(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<client> - - [17/May/2015:10:05:03 +0000] "GET /a`, `<client> - - [17/May/2015:10:05:03 +0000] "GET /a`},
		{`{"remote_addr":"14.160.1.1","x":"2402:800:6001:1::5"}`, `{"remote_addr":"<ip>","x":"<ip>"}`},
		{`GET /thu-tuc/1.001193 from ::1.`, `GET /thu-tuc/1.001193 from <ip>.`},
		{`Chrome/140.0.0.0 Safari/537.36`, `Chrome/<ip> Safari/537.36`},
		{`abc deadbeef 10:05:03 2015:10:05:03`, `abc deadbeef 10:05:03 2015:10:05:03`},
	}
	for _, tt := range tests {
		if got := maskAddresses(tt.in); got != tt.want {
			t.Errorf("maskAddresses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRejectWithoutClient: a line that is not laid out as its format says may hold its
// client anywhere (found by FuzzParseLine: a JSON line read as vcombined kept it).
func TestRejectWithoutClient(t *testing.T) {
	json := readLines(t, "testdata/accesslog/json_nginx.log")[0]
	for _, format := range LogFormats() {
		p, _ := newLogParser(format, time.UTC)
		var f logFields
		field, value, err := p.parse(json, &f)
		if err == nil {
			if format != FormatJSON {
				t.Errorf("%s: a JSON line parsed", format)
			}
			continue
		}
		re := logReject(7, field, value, json, p, err)
		if strings.Contains(re.Value, "14.160.1.1") {
			t.Errorf("%s: the reject keeps the client: %q", format, re.Value)
		}
	}
	p, _ := newLogParser(FormatCombined, time.UTC)
	line := []byte(`in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET /a HTTP/1.0" 200 1839`)
	field, value, err := p.parse(line, &logFields{})
	re := logReject(1, field, value, line, p, err)
	if re.Value != `<client> - - [01/Aug/1995:00:00:01 -0400] "GET /a HTTP/1.0" 200 1839` {
		t.Errorf("a common line read as combined: %q (%v)", re.Value, err)
	}
}

// TestAccessLogRestoresSettings: a load runs DuckDB on one thread and flushes each row
// group as it fills, then gives the database its settings back.
func TestAccessLogRestoresSettings(t *testing.T) {
	db := openLogDB(t)
	ctx := context.Background()
	if err := db.ExecSQL(ctx, `SET threads = 3`); err != nil {
		t.Fatal(err)
	}
	settings := func() string {
		var s string
		err := db.QueryRow(ctx, `SELECT current_setting('threads') || ' ' || current_setting('write_buffer_row_group_count')`).Scan(&s)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := settings()
	loadLog(t, db, "testdata/accesslog/combined.log", AccessLogOptions{})
	if after := settings(); after != before {
		t.Errorf("settings after a load: %s, before: %s", after, before)
	}
}

// TestAccessLogChangedFile: a file written to after its hash began is refused, not
// loaded under a hash of other bytes; the hash given by the caller is used as it is.
func TestAccessLogChangedFile(t *testing.T) {
	db := openLogDB(t)
	ctx := context.Background()
	b, _ := os.ReadFile("testdata/accesslog/combined.log")
	path := filepath.Join(t.TempDir(), "access.log")
	os.WriteFile(path, b, 0o644)
	h := HashFile(path)
	sum, err := h.Wait(ctx)
	if err != nil || len(sum) != 64 {
		t.Fatalf("hash %q, %v", sum, err)
	}
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.Write(b[:200])
	f.Close()
	_, err = AccessLog(ctx, db, path, AccessLogOptions{Key: testKey, Hash: h})
	if !errors.Is(err, ErrLogChanged) {
		t.Errorf("a file grown after its hash: %v, want ErrLogChanged", err)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_access_log`); n != 0 {
		t.Errorf("%d requests loaded from a changed file", n)
	}
	// a fresh hash of the file as it is now loads it, under that hash
	s := loadLog(t, db, path, AccessLogOptions{Hash: HashFile(path)})
	var stored string
	db.QueryRow(ctx, `SELECT sha256 FROM load_files WHERE file_id = ?`, s.FileID).Scan(&stored)
	now, _ := HashFile(path).Wait(ctx)
	if s.Lines != 21 || stored != now || stored == sum { // 20 lines and a cut copy of the first
		t.Errorf("reloaded: %+v, sha256 %s (file %s, before %s)", s, stored, now, sum)
	}
	// a missing file
	if _, err := AccessLog(ctx, db, filepath.Join(t.TempDir(), "none.log"), AccessLogOptions{Key: testKey}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestAccessLogCancel: a load cancelled halfway stops, and leaves nothing behind.
func TestAccessLogCancel(t *testing.T) {
	db := openLogDB(t)
	var b strings.Builder
	for i := range 60000 {
		fmt.Fprintf(&b, "10.0.%d.%d - - [05/Oct/2026:08:%02d:%02d +0700] \"GET /don-vi/%05d/thu-tuc/1.00%d HTTP/1.1\" 200 %d \"-\" \"%s\" 5000\n",
			i/250%250, i%250, i/60%60, i%60, 4792+i%50, i%7, 1000+i, testUA)
	}
	path := filepath.Join(t.TempDir(), "big.log")
	os.WriteFile(path, []byte(b.String()), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := AccessLog(ctx, db, path, AccessLogOptions{Key: testKey, chunkSize: 64 << 10,
		Progress: func(done, total int64) {
			if done > total/3 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled load: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM raw_access_log`) + count(t, db, `SELECT count(*) FROM load_files`); n != 0 {
		t.Errorf("%d rows left by a cancelled load", n)
	}
	// the same file loads in full afterwards
	if s := loadLog(t, db, path, AccessLogOptions{}); s.Requests != 60000 {
		t.Errorf("after the cancelled load: %+v", s)
	}
}
