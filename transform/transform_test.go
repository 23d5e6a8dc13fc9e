package transform

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reformindex/sql"
)

// dossier is one raw_dossiers row; timestamps are DuckDB TIMESTAMPTZ literals, "" = NULL.
type dossier struct {
	code, unit                        string
	channel, status                   int
	received, due, finished, returned string
	updated                           string
	fee                               any    // float64 or nil
	paid, eResult, digitized, complnt any    // int/bool or nil
	proc, submitted                   string // procedure_code, submitted_at; "" = NULL
}

func openTestDB(t *testing.T) *sql.DB {
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
	for _, q := range []string{
		`INSERT INTO ref_units VALUES ('25', 'Tỉnh Phú Thọ', '10001', 'Xã Ân Thi', 'Xã'), ('25', 'Tỉnh Phú Thọ', '10002', 'Xã Bình An', 'Xã')`,
		// old 09001 → 10001 only; old 09002 split between 10002 (listed first) and 10001
		`INSERT INTO ref_unit_conversion VALUES ('09001', '10001', 1), ('09002', '10002', 1), ('09002', '10001', 2)`,
	} {
		if err := db.ExecSQL(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func insertDossiers(t *testing.T, db *sql.DB, ds []dossier) {
	t.Helper()
	ts := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for i, d := range ds {
		err := db.ExecSQL(context.Background(), `INSERT INTO raw_dossiers BY NAME SELECT
			1 AS file_id, ? AS line, 's' AS source, ? AS dossier_code, ? AS unit_code,
			? AS channel, ? AS status, CAST(? AS TIMESTAMPTZ) AS received_at, CAST(? AS TIMESTAMPTZ) AS due_at,
			CAST(? AS TIMESTAMPTZ) AS finished_at, CAST(? AS TIMESTAMPTZ) AS returned_at,
			CAST(? AS TIMESTAMPTZ) AS updated_at, CAST(? AS DOUBLE) AS fee_amount, CAST(? AS TINYINT) AS paid_online,
			CAST(? AS BOOLEAN) AS e_result, CAST(? AS BOOLEAN) AS digitized, CAST(? AS BOOLEAN) AS complaint,
			? AS procedure_code, CAST(? AS TIMESTAMPTZ) AS submitted_at`,
			i+2, d.code, d.unit, d.channel, d.status, d.received, ts(d.due), ts(d.finished), ts(d.returned),
			ts(d.updated), d.fee, d.paid, d.eResult, d.digitized, d.complnt, ts(d.proc), ts(d.submitted))
		if err != nil {
			t.Fatalf("insert %s: %v", d.code, err)
		}
	}
}

// row reads one scorecard row as column → value.
func row(t *testing.T, db *sql.DB, level, period, unit string) map[string]any {
	t.Helper()
	got := query(t, db, `SELECT * FROM scorecard WHERE level = ? AND period = ? AND unit_code = ?`, level, period, unit)
	if len(got) != 1 {
		t.Fatalf("%d scorecard rows for %s %s %s, want 1", len(got), level, period, unit)
	}
	return got[0]
}

// query reads every row of a query as column → value.
func query(t *testing.T, db *sql.DB, q string, args ...any) []map[string]any {
	t.Helper()
	rows, err := db.QuerySQL(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []map[string]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		m := map[string]any{}
		for i, c := range cols {
			m[c] = vals[i]
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// queryRow reads the one row of a query.
func queryRow(t *testing.T, db *sql.DB, q string, args ...any) map[string]any {
	t.Helper()
	got := query(t, db, q, args...)
	if len(got) != 1 {
		t.Fatalf("%s %v: %d rows, want 1", q, args, len(got))
	}
	return got[0]
}

// check compares the columns of got named in want.
func check(t *testing.T, got, want map[string]any) {
	t.Helper()
	for k, w := range want {
		if g, ok := got[k]; !ok {
			t.Errorf("no column %s", k)
		} else if g != w {
			t.Errorf("%s = %#v, want %#v", k, g, w)
		}
	}
}

// The October 2026 case, worked out by hand (times are local, +07:00).
//
// Commune 10001:
//
//	d1 received 20/9 09:00, due 5/10 (bare date → end of day), finished 3/10 10:00: a carry-over, finished early in October
//	d2 online, received 2/10 08:00, due 10/10, finished 12/10 08:00: late
//	d3 direct, received 15/10, due 20/10, still open: open and overdue at the end of October
//	d4 online, received 20/10, due 5/11, still open: on time (not yet due)
//	d5 online, received 2026-10-31T17:30Z = 1/11 00:30 local: November, not October
//	d6 status 1 and d7 status 3: not eligible
//	d8 postal, received 6/10 09:00, no due date, finished 8/10 09:00: never late
//	d9 direct, carrying the pre-2025 code 09001, received 7/10 08:00, due 7/10, finished 7/10 15:00: on time
//
// Commune 10002:
//
//	d10 online via the split pre-2025 code 09002 (first target 10002), received 10/10, due 20/10, finished 15/10; digitised
//
// Procedures: d2 and d4 (the two fee-bearing dossiers, one paid online) are procedure 1.001,
// d3 is 2.002, the others 3.003.
func octoberCase() []dossier {
	return []dossier{
		{code: "d1", proc: "3.003", unit: "10001", channel: 1, status: 10, received: "2026-09-20 09:00:00+07", due: "2026-10-05 23:59:59.999999+07",
			finished: "2026-10-03 10:00:00+07", eResult: true, complnt: false},
		{code: "d2", proc: "1.001", unit: "10001", channel: 2, status: 9, received: "2026-10-02 08:00:00+07", due: "2026-10-10 23:59:59.999999+07",
			finished: "2026-10-12 08:00:00+07", fee: 50000.0, paid: 1, eResult: false, complnt: false},
		{code: "d3", proc: "2.002", unit: "10001", channel: 1, status: 4, received: "2026-10-15 08:00:00+07", due: "2026-10-20 23:59:59.999999+07", complnt: true},
		{code: "d4", proc: "1.001", unit: "10001", channel: 2, status: 4, received: "2026-10-20 08:00:00+07", due: "2026-11-05 23:59:59.999999+07",
			fee: 20000.0, paid: 0, complnt: false},
		{code: "d5", proc: "3.003", unit: "10001", channel: 2, status: 2, received: "2026-10-31 17:30:00+00", complnt: false},
		{code: "d6", proc: "3.003", unit: "10001", channel: 2, status: 1, received: "2026-10-05 08:00:00+07"},
		{code: "d7", proc: "3.003", unit: "10001", channel: 1, status: 3, received: "2026-10-05 08:00:00+07"},
		{code: "d8", proc: "3.003", unit: "10001", channel: 3, status: 10, received: "2026-10-06 09:00:00+07", finished: "2026-10-08 09:00:00+07", complnt: false},
		{code: "d9", proc: "3.003", unit: "09001", channel: 1, status: 10, received: "2026-10-07 08:00:00+07", due: "2026-10-07 23:59:59.999999+07",
			finished: "2026-10-07 15:00:00+07", complnt: false},
		{code: "d10", proc: "3.003", unit: "09002", channel: 2, status: 9, received: "2026-10-10 08:00:00+07", due: "2026-10-20 23:59:59.999999+07",
			finished: "2026-10-15 08:00:00+07", digitized: true},
	}
}

func TestRunMetrics(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                string
		level, period, unit string
		want                map[string]any
	}{
		{"commune with carry-over, late, open and overdue dossiers", "commune", "2026-10", "10001", map[string]any{
			"received": int64(5), "received_online": int64(2), "received_direct": int64(2), "received_postal": int64(1),
			"online_rate": 40.0, "processed": int64(6), "processed_on_time": int64(4), "ontime_rate": 66.67,
			"finished": int64(4), "finished_early": int64(1), "finished_on_time": int64(2), "finished_late": int64(1),
			"ontime_rate_finished": 75.0, "open_overdue": int64(1), "avg_processing_days": 6.33,
			"online_payment_rate": 50.0, "e_result_rate": 25.0, "digitization_rate": nil, "satisfaction": 50.0,
			// 20×0.6667 + 12×40/50 + 10×0.5 + 6×0.25 + 6×50/90 = 32.767 of 54 (digitisation not measured)
			"index_score": 60.68, "points_available": 54.0, "not_measured": "digitization_rate",
			"rank": int32(2), "rank_change": int32(-1), "band": "Trung bình", "low_volume": true, "split_mapped": int64(0),
			"unit_name": "Xã Ân Thi",
		}},
		{"commune reached only through a split pre-2025 code", "commune", "2026-10", "10002", map[string]any{
			"received": int64(1), "online_rate": 100.0, "ontime_rate": 100.0, "finished_early": int64(1),
			"online_payment_rate": nil, "e_result_rate": nil, "digitization_rate": 100.0, "satisfaction": nil,
			"index_score": 100.0, "points_available": 36.0, "rank": int32(1), "rank_change": nil, "band": "Xuất sắc",
			"split_mapped": int64(1),
		}},
		{"September: the carry-over open at month end and not yet due is on time; a 0 rate is 0, not empty", "commune", "2026-09", "10001", map[string]any{
			"received": int64(1), "online_rate": 0.0, "processed": int64(1), "processed_on_time": int64(1), "ontime_rate": 100.0,
			"finished": int64(0), "ontime_rate_finished": nil, "avg_processing_days": nil, "e_result_rate": nil,
			"satisfaction": 100.0, "index_score": 68.42, "rank": int32(1), "open_overdue": int64(0),
		}},
		{"November: a timestamp at 17:30 UTC on 31 October is local November", "commune", "2026-11", "10001", map[string]any{
			"received": int64(1), "received_online": int64(1),
			// d3 (overdue) and d4 (due 5/11, still open at the end of November) are carried over
			"processed": int64(3), "processed_on_time": int64(1), "open_overdue": int64(2),
		}},
		{"province level sums its communes", "province", "2026-10", "25", map[string]any{
			"received": int64(6), "received_online": int64(3), "processed": int64(7), "processed_on_time": int64(5),
			"unit_name": "Tỉnh Phú Thọ", "rank": nil,
		}},
		{"quarter Q4 covers October and November", "commune", "2026-Q4", "10001", map[string]any{
			"period_kind": "quarter", "received": int64(6), "processed": int64(7),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := row(t, db, tt.level, tt.period, tt.unit)
			for k, want := range tt.want {
				if g, ok := got[k]; !ok {
					t.Errorf("no column %s", k)
				} else if g != want {
					t.Errorf("%s = %#v, want %#v", k, g, want)
				}
			}
		})
	}
}

func TestRunPeriods(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{Through: "2026-10"}); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QuerySQL(ctx, `SELECT string_agg(period || ':' || prev_period, ' ' ORDER BY period_kind, period) FROM periods`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	rows.Next()
	var got string
	rows.Scan(&got)
	want := "2026-09:2026-08 2026-10:2026-09 2026-Q3:2026-Q2 2026-Q4:2026-Q3 2026:2025 2026-ytd-09:2026-ytd-08 2026-ytd-10:2026-ytd-09"
	if got != want {
		t.Errorf("periods = %q, want %q", got, want)
	}
}

func TestRunWithoutData(t *testing.T) {
	db, err := sql.Open(context.Background(), filepath.Join(t.TempDir(), "empty.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := Run(context.Background(), db, Options{}); err == nil {
		t.Fatal("Run on an empty database succeeded")
	}
}

// TestRunSteps: Run reports each transform with the table it built, its rows and its time.
func TestRunSteps(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	var called []string
	res, err := Run(ctx, db, Options{Step: func(table string, _ time.Duration) { called = append(called, table) }})
	if err != nil {
		t.Fatal(err)
	}
	files := sql.Files("transform")
	if len(res.Steps) != len(files) || len(res.Tables) != len(files) || len(called) != len(files) {
		t.Fatalf("%d steps, %d tables, %d callbacks for %d transforms", len(res.Steps), len(res.Tables), len(called), len(files))
	}
	for i, s := range res.Steps {
		if s.File != files[i] || s.Table != TableOf(files[i]) || res.Tables[i] != s.Table || called[i] != s.Table {
			t.Errorf("step %d = %+v, table %s, callback %s; want file %s", i, s, res.Tables[i], called[i], files[i])
		}
		var n int64
		if err := db.QueryRow(ctx, "SELECT count(*) FROM "+sql.QuoteIdent(s.Table)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if s.Rows != n || s.Duration <= 0 {
			t.Errorf("step %s: rows %d (table has %d), duration %v", s.Table, s.Rows, n, s.Duration)
		}
	}
}
