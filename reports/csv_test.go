package reports

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
)

// readMetrics renders a case and returns its metrics.csv as header and records by unit_code.
func readMetrics(t *testing.T, name string) (raw string, records [][]string) {
	t.Helper()
	dir, _ := writeCase(t, name, Options{})
	raw = read(t, filepath.Join(dir, "2026-10", "metrics.csv"))
	records, err := csv.NewReader(strings.NewReader(raw)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != strings.Join(metricsHeader, ",") {
		t.Fatalf("header = %s", got)
	}
	return raw, records[1:]
}

func column(name string) int {
	for i, c := range metricsHeader {
		if c == name {
			return i
		}
	}
	panic("no column " + name)
}

func TestMetricsCSVFormat(t *testing.T) {
	raw, records := readMetrics(t, "small")
	if bytes.HasPrefix([]byte(raw), []byte("\xef\xbb\xbf")) {
		t.Error("metrics.csv starts with a BOM")
	}
	if strings.Contains(raw, "\r") {
		t.Error("metrics.csv has \\r line ends")
	}
	var codes []string
	for _, r := range records {
		codes = append(codes, r[column("unit_code")])
	}
	// Every registry commune; tied rank 2 in Vietnamese order (Ân before Tân); no data last.
	if got, want := strings.Join(codes, " "), "11953 12142 11977 11992 11995"; got != want {
		t.Errorf("unit codes = %s, want %s", got, want)
	}

	noData := records[4]
	for _, c := range []string{"received", "received_online", "processed", "finished", "open_overdue"} {
		if v := noData[column(c)]; v != "0" {
			t.Errorf("no-data commune: %s = %q, want 0", c, v)
		}
	}
	for _, c := range []string{"online_rate", "ontime_rate", "avg_processing_days", "satisfaction",
		"index_score", "rank", "rank_change", "band", "low_volume"} {
		if v := noData[column(c)]; v != "" {
			t.Errorf("no-data commune: %s = %q, want empty", c, v)
		}
	}
	anThi := records[1]
	if v := anThi[column("online_payment_rate")]; v != "" {
		t.Errorf("unmeasured online_payment_rate = %q, want empty", v)
	}
	if v := anThi[column("low_volume")]; v != "true" {
		t.Errorf("low_volume = %q, want true", v)
	}
	if v := anThi[column("rank_change")]; v != "2" {
		t.Errorf("rank_change = %q, want 2", v)
	}
}

func TestMetricsCSVVietnameseOrder(t *testing.T) {
	_, records := readMetrics(t, "tied_ranks")
	var names []string
	for _, r := range records {
		names = append(names, r[column("rank")]+" "+r[column("unit_name")])
	}
	want := []string{
		"1 Dương Minh",
		"2 An Bình", "2 Ân Thi", "2 Ấp Bắc", "2 Bình An", // tied: Vietnamese collation, not byte order
		"6 Yên Mỹ",
		" Đông Hòa",           // data but no index
		" Ái Quốc", " An Lạc", // no data
	}
	if got := strings.Join(names, "|"); got != strings.Join(want, "|") {
		t.Errorf("order:\n got %s\nwant %s", got, strings.Join(want, "|"))
	}
}
