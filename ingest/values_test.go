package ingest

import (
	"errors"
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	local := func(y int, m time.Month, d, h, min, s int) time.Time { return time.Date(y, m, d, h, min, s, 0, hcm) }
	tests := []struct {
		name     string
		in       string
		want     time.Time
		dateOnly bool
		err      error
	}{
		{"ISO with offset", "2026-10-01T08:00:00+07:00", local(2026, 10, 1, 8, 0, 0), false, nil},
		{"ISO in UTC crossing local midnight", "2026-10-31T17:30:00Z", local(2026, 11, 1, 0, 30, 0), false, nil},
		{"ISO with compact offset", "2026-10-01T01:00:00+0000", local(2026, 10, 1, 8, 0, 0), false, nil},
		{"ISO without offset is local", "2026-10-01T08:00:00", local(2026, 10, 1, 8, 0, 0), false, nil},
		{"ISO with a space and fractions", "2026-10-01 08:00:00.5", local(2026, 10, 1, 8, 0, 0).Add(500 * time.Millisecond), false, nil},
		{"ISO bare date", "2026-10-01", local(2026, 10, 1, 0, 0, 0), true, nil},
		{"national sync format", "20261001080000", local(2026, 10, 1, 8, 0, 0), false, nil},
		{"dd/MM/yyyy", "05/10/2026", local(2026, 10, 5, 0, 0, 0), true, nil},
		{"dd/MM/yyyy HH:mm", "05/10/2026 14:30", local(2026, 10, 5, 14, 30, 0), false, nil},
		{"dd/MM/yyyy HH:mm:ss", "5/10/2026 14:30:15", local(2026, 10, 5, 14, 30, 15), false, nil},
		{"31 February", "31/02/2026", time.Time{}, false, ErrBadDate},
		{"month 13 in sync format", "20261301080000", time.Time{}, false, ErrBadDate},
		{"words", "hôm qua", time.Time{}, false, ErrBadDate},
		{"US order", "10/31/2026", time.Time{}, false, ErrBadDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, dateOnly, err := parseTime(tt.in, hcm)
			if !errors.Is(err, tt.err) {
				t.Fatalf("parseTime(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if err != nil {
				return
			}
			if !got.Equal(tt.want) || dateOnly != tt.dateOnly {
				t.Errorf("parseTime(%q) = %v, %v; want %v, %v", tt.in, got, dateOnly, tt.want, tt.dateOnly)
			}
		})
	}
}

func TestParseCodes(t *testing.T) {
	for in, want := range map[string]int8{"1": 1, "truc_tiep": 1, "DIRECT": 1, "2": 2, "Truc_Tuyen": 2, "online": 2, "3": 3, "buu_chinh": 3, "postal": 3} {
		if got, err := parseChannel(in); err != nil || got != want {
			t.Errorf("parseChannel(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := parseChannel("fax"); !errors.Is(err, ErrUnknownChan) {
		t.Errorf("parseChannel(fax) error = %v", err)
	}
	names := []string{"registered", "received", "not_received", "processing", "supplement_requested",
		"awaiting_payment", "withdrawn", "stopped", "finished", "returned"}
	for i, n := range names {
		if got, err := parseStatus(n); err != nil || got != int8(i+1) {
			t.Errorf("parseStatus(%q) = %d, %v; want %d", n, got, err, i+1)
		}
	}
	if got, err := parseStatus("10"); err != nil || got != 10 {
		t.Errorf("parseStatus(10) = %d, %v", got, err)
	}
	if _, err := parseStatus("11"); !errors.Is(err, ErrUnknownStatus) {
		t.Errorf("parseStatus(11) error = %v", err)
	}
	for in, want := range map[string]string{"toan_trinh": "toan_trinh", "4": "toan_trinh", "MOT_PHAN": "mot_phan", "3": "mot_phan"} {
		if got, err := parseServiceLevel(in); err != nil || got != want {
			t.Errorf("parseServiceLevel(%q) = %q, %v", in, got, err)
		}
	}
	if got := normalizeUnitCode("4792"); got != "04792" {
		t.Errorf("normalizeUnitCode(4792) = %q", got)
	}
	if got := normalizeUnitCode("H44.104"); got != "H44.104" {
		t.Errorf("normalizeUnitCode(H44.104) = %q", got)
	}
}
