package reports

import (
	"strings"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		in, prev, first, last string
	}{
		{"2026-10", "2026-09", "2025-11", "2026-10"},
		{"2026-01", "2025-12", "2025-02", "2026-01"},
		{"2026-Q3", "2026-Q2", "2025-10", "2026-09"},
		{"2026-Q1", "2025-Q4", "2025-04", "2026-03"},
		{"2026", "2025", "2026-01", "2026-12"},
		{"2026-ytd-10", "2026-ytd-09", "2025-11", "2026-10"},
		{"2026-ytd-01", "2025-ytd-12", "2025-02", "2026-01"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			p, err := parsePeriod(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if p.String() != tc.in {
				t.Errorf("String() = %s", p)
			}
			if got := p.previous().String(); got != tc.prev {
				t.Errorf("previous = %s, want %s", got, tc.prev)
			}
			m := p.months()
			if len(m) != 12 || m[0] != tc.first || m[11] != tc.last {
				t.Errorf("months = %s", strings.Join(m, " "))
			}
		})
	}
	for _, bad := range []string{"", "2026-00", "2026-13", "2026-Q5", "2026-1", "26-10", "2026-10-01", "oct", "2026-ytd-13", "2026-ytd-00", "2026-ytd-1", "2026-YTD-10"} {
		if _, err := parsePeriod(bad); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("parsePeriod(%q) error = %v, want one naming it", bad, err)
		}
	}
}

func TestYearToDateBounds(t *testing.T) {
	p, err := parsePeriod("2026-ytd-10")
	if err != nil {
		t.Fatal(err)
	}
	if s, e := p.bounds(); s != "2026-01-01" || e != "2026-11-01" {
		t.Errorf("bounds = %s, %s", s, e)
	}
	for lang, want := range map[string]string{"vi": "Lũy kế tháng 1–10/2026", "en": "January–October 2026 (year to date)"} {
		w, _ := wordsFor(lang)
		if got := w.period(p); got != want {
			t.Errorf("%s: period = %q, want %q", lang, got, want)
		}
	}
}

func TestPre2025Period(t *testing.T) {
	for s, want := range map[string]bool{
		"2025-06": true, "2025-Q2": true, "2024": true, "2025-ytd-06": true, "2019-01": true,
		"2025-07": false, "2025-Q3": false, "2025": false, "2025-ytd-07": false, "2026-10": false,
	} {
		if got, err := Pre2025Period(s); err != nil || got != want {
			t.Errorf("Pre2025Period(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	if _, err := Pre2025Period("2025-13"); err == nil {
		t.Error("Pre2025Period accepts month 13")
	}
}
