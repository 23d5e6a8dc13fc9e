package reports

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"reformindex/sql"
)

// ytdCase is the small case with its September and October rows copied as the years to
// date 2026-ytd-09 and 2026-ytd-10, and a periods table naming prev as the period shown
// before 2026-ytd-10.
func ytdCase(t *testing.T, prev string) *sql.DB {
	t.Helper()
	db := openCase(t, "small")
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO scorecard SELECT * REPLACE (replace(period, '2026-', '2026-ytd-') AS period, 'ytd' AS period_kind)
		 FROM scorecard WHERE period IN ('2026-09', '2026-10')`,
		`INSERT INTO index_components SELECT * REPLACE (replace(period, '2026-', '2026-ytd-') AS period)
		 FROM index_components WHERE period IN ('2026-09', '2026-10')`,
		`CREATE TABLE periods (period VARCHAR, period_kind VARCHAR, prev_period VARCHAR)`,
		`INSERT INTO periods VALUES ('2026-ytd-10', 'ytd', ` + sql.QuoteString(prev) + `)`,
	} {
		if err := db.ExecSQL(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestWriteYearToDate(t *testing.T) {
	db := ytdCase(t, "2026-ytd-09")
	for _, tc := range []struct{ lang, title, prev string }{
		{"vi", "Lũy kế tháng 1–10/2026", "so với Lũy kế tháng 1–9/2026"},
		{"en", "January–October 2026 (year to date)", "vs January–September 2026 (year to date)"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			dir := t.TempDir()
			res, err := Write(context.Background(), db, dir, Options{Period: "2026-ytd-10", Lang: tc.lang, Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			root := filepath.Join(dir, "2026-ytd-10")
			if res.Index != filepath.Join(root, "index.html") {
				t.Errorf("Index = %s", res.Index)
			}
			index := read(t, res.Index)
			for _, want := range []string{tc.title, tc.prev} {
				if !strings.Contains(index, want) {
					t.Errorf("index.html lacks %q", want)
				}
			}
			lines := strings.Split(strings.TrimSpace(read(t, filepath.Join(root, "metrics.csv"))), "\n")
			if len(lines) < 2 {
				t.Fatalf("metrics.csv has %d lines", len(lines))
			}
			for _, l := range lines[1:] {
				if !strings.HasPrefix(l, "2026-ytd-10,") {
					t.Errorf("metrics.csv row %q does not start with the period", l)
				}
			}
		})
	}
}

func TestPreviousPeriodFromPeriodsTable(t *testing.T) {
	// An odd prev_period on purpose: the table, not arithmetic, decides for a year to date.
	db := ytdCase(t, "2025-ytd-12")
	ctx := context.Background()
	p, _ := parsePeriod("2026-ytd-10")
	got, err := previousPeriod(ctx, db, p)
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != "2025-ytd-12" {
		t.Errorf("previousPeriod(2026-ytd-10) = %s, want 2025-ytd-12 from periods", got)
	}
	m, _ := parsePeriod("2026-10")
	if got, err := previousPeriod(ctx, db, m); err != nil || got.String() != "2026-09" {
		t.Errorf("previousPeriod(2026-10) = %s, %v", got, err)
	}
	// Without a row for the period: arithmetic.
	q, _ := parsePeriod("2026-ytd-01")
	if got, err := previousPeriod(ctx, db, q); err != nil || got.String() != "2025-ytd-12" {
		t.Errorf("previousPeriod(2026-ytd-01) = %s, %v", got, err)
	}
}
