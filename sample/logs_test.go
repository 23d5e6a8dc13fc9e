package sample

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func testLogOptions() LogOptions {
	return LogOptions{Province: "25", Months: 2, From: "2026-09", RequestsPerMonth: 3000, Seed: 3, Gzip: true, Host: "dichvucong.phutho.gov.vn"}
}

// readLog returns the lines of a log, gunzipped when its name ends in .gz.
func readLog(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	var lines []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}

var combinedD = regexp.MustCompile(`^(\S+) - - \[(\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d \+0700)\] "(GET|POST|HEAD) (\S+) HTTP/1\.1" (\d{3}) (\d+|-) "([^"]*)" "([^"]*)" (\d+)$`)

func TestWriteLogs(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteLogs(dir, testUnits(), testLogOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "access_25_2026-09.log.gz"), filepath.Join(dir, "access_25_2026-10.log")}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Fatalf("paths %v, want %v", paths, want)
	}
	seen := map[string]int{}
	for i, p := range paths {
		lines := readLog(t, p)
		if len(lines) != 3000 {
			t.Errorf("%s: %d lines, want 3000", p, len(lines))
		}
		var last time.Time
		for n, l := range lines {
			m := combinedD.FindStringSubmatch(l)
			if m == nil {
				seen["broken"]++
				continue
			}
			at, err := time.Parse("02/Jan/2006:15:04:05 -0700", m[2])
			if err != nil {
				t.Fatal(err)
			}
			if at.Before(last) {
				t.Fatalf("%s line %d goes back in time", p, n+1)
			}
			last = at
			if at.Month() != time.Month(9+i) {
				t.Errorf("%s line %d is in %v", p, n+1, at.Month())
			}
			client, method, target, status, agent := m[1], m[3], m[4], m[5], m[8]
			switch {
			case strings.HasPrefix(client, "10.25."):
				seen["office"]++
			case strings.Contains(client, ":"):
				seen["ipv6"]++
			}
			if method == "POST" && strings.HasSuffix(target, "/nop-ho-so") && status == "302" {
				seen["submission"]++
			}
			if status[0] == '5' {
				seen["5xx"]++
			}
			if strings.Contains(strings.ToLower(agent), "bot") {
				seen["bot"]++
			}
			if strings.Contains(agent, "iPhone") || strings.Contains(agent, "Mobile Safari") {
				seen["mobile"]++
			}
			if strings.HasPrefix(target, "/static/") {
				seen["static"]++
			}
			if m[7] != "-" && strings.HasPrefix(m[7], "https://dichvucong.phutho.gov.vn/") {
				seen["own referrer"]++
			}
		}
	}
	for _, k := range []string{"office", "ipv6", "submission", "5xx", "bot", "mobile", "static", "own referrer"} {
		if seen[k] == 0 {
			t.Errorf("no %s line in the sample logs (%v)", k, seen)
		}
	}
	if seen["broken"] > 3 {
		t.Errorf("%d truncated lines in 6000", seen["broken"])
	}
}

func TestWriteLogsDeterministic(t *testing.T) {
	sum := func(o LogOptions) [32]byte {
		dir := t.TempDir()
		paths, err := WriteLogs(dir, testUnits(), o)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		for _, p := range paths {
			h.Write([]byte(strings.Join(readLog(t, p), "\n")))
		}
		return [32]byte(h.Sum(nil))
	}
	o := testLogOptions()
	a, b := sum(o), sum(o)
	if a != b {
		t.Error("the same options gave different logs")
	}
	o.Seed++
	if sum(o) == a {
		t.Error("another seed gave the same logs")
	}
}

func TestWriteLogsErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name  string
		units []Unit
		edit  func(*LogOptions)
		want  string
	}{
		{"no units", nil, func(*LogOptions) {}, "no units"},
		{"no months", testUnits(), func(o *LogOptions) { o.Months = 0 }, "months must be between 1"},
		{"bad month", testUnits(), func(o *LogOptions) { o.From = "2026-13" }, `from "2026-13" is not a month`},
		{"bad province", testUnits(), func(o *LogOptions) { o.Province = "../x" }, "is not a province code"},
		{"negative volume", testUnits(), func(o *LogOptions) { o.RequestsPerMonth = -1 }, "requests per month must be between"},
		{"bad unit code", []Unit{{Code: "a b", Name: "x"}}, func(*LogOptions) {}, "is not a commune code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testLogOptions()
			tt.edit(&o)
			if _, err := WriteLogs(dir, tt.units, o); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("failed writes left %d files", len(entries))
	}
}
