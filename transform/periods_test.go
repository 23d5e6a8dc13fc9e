package transform

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestRunYearToDate checks the year-to-date periods on the October 2026 case (see octoberCase).
//
// 2026-ytd-10 is 1 January to 1 November 2026. Commune 10001 holds d1, d2, d3, d4, d8 and d9
// (d5 is local November): 6 received, 2 online (d2, d4) → 33.33 %; 6 in hand, on time d1, d4,
// d8, d9 → 66.67 %; d3 open and overdue on 1 November. Index: 20 × 0.6667 + 12 × 33.33/50 +
// 10 × 0.5 (d2 paid of d2, d4) + 10 × 0 (procedure 1.001 of {1.001} paid online: the default
// does not score it) + 6 × 0.25 (e-result: d1 of d1, d2, d8, d9) + 6 × 50/90 (satisfaction
// (4 − 1 complaint) / 6) = 13.334 + 7.9992 + 5 + 1.5 + 3.3333 = 31.1665 of 54 = 57.72.
// 2026-ytd-09 holds d1 only (on time), where 10001 ranks 1 of 1; in 2026-ytd-10 10002
// (d10, all on time and online) ranks 1 and 10001 2: a rank change of −1.
func TestRunYearToDate(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	check(t, queryRow(t, db, `SELECT * FROM periods WHERE period = '2026-ytd-10'`), map[string]any{
		"period_kind": "ytd", "prev_period": "2026-ytd-09", "yoy_period": "2025-ytd-10", "last_month": "2026-10",
		"months": int32(10), "months_built": int32(2),
	})
	check(t, row(t, db, "commune", "2026-ytd-10", "10001"), map[string]any{
		"period_kind": "ytd", "received": int64(6), "received_online": int64(2), "online_rate": 33.33,
		"processed": int64(6), "processed_on_time": int64(4), "ontime_rate": 66.67, "open_overdue": int64(1),
		"finished_late": int64(1), "index_score": 57.72, "rank": int32(2), "rank_change": int32(-1),
		"prev_period": "2026-ytd-09", "prev_rank": int32(1), "index_prev": 68.42, "index_change": -10.7,
	})
	check(t, row(t, db, "commune", "2026-ytd-10", "10002"), map[string]any{
		"rank": int32(1), "rank_change": nil, "prev_rank": nil,
	})
	// 2026-ytd-11 adds November: d5 received; d3 still overdue, d4 (due 5/11) now overdue too.
	check(t, row(t, db, "commune", "2026-ytd-11", "10001"), map[string]any{
		"received": int64(7), "processed": int64(7), "processed_on_time": int64(4), "open_overdue": int64(2),
		"prev_period": "2026-ytd-10",
	})
}

// TestRunYearToDateJanuary: January's year to date is compared with the whole year before,
// the ranking the office saw a month earlier.
func TestRunYearToDateJanuary(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, []dossier{
		{code: "a", unit: "10001", channel: 2, status: 2, received: "2025-12-15 08:00:00+07"},
	})
	if _, err := Run(ctx, db, Options{Through: "2026-01"}); err != nil {
		t.Fatal(err)
	}
	var got string
	if err := db.QueryRow(ctx, `SELECT string_agg(period || ':' || prev_period || ':' || yoy_period, ' ' ORDER BY period)
		FROM periods WHERE period_kind = 'ytd'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "2025-ytd-12:2025-ytd-11:2024-ytd-12 2026-ytd-01:2025-ytd-12:2025-ytd-01"; got != want {
		t.Errorf("ytd periods = %q, want %q", got, want)
	}
	// The dossier, open since 15 December, is in hand in January's year to date.
	check(t, row(t, db, "commune", "2026-ytd-01", "10001"), map[string]any{
		"received": int64(0), "processed": int64(1), "carried_over": int64(1), "rank_change": int32(0),
	})
}

// TestRunTrends: unit_trends gives the 12 months ending with a period's last month, for a
// month, a quarter or a year to date alike.
func TestRunTrends(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{Through: "2026-10"}); err != nil {
		t.Fatal(err)
	}
	for _, period := range []string{"2026-10", "2026-Q4", "2026-ytd-10"} {
		got := query(t, db, `SELECT month_no, month, has_data, received, rank FROM unit_trends
			WHERE level = 'commune' AND unit_code = '10001' AND period = ? ORDER BY month_no`, period)
		if len(got) != 12 {
			t.Fatalf("%s: %d trend months, want 12", period, len(got))
		}
		check(t, got[0], map[string]any{"month_no": int64(1), "month": "2025-11", "has_data": false, "received": nil})
		check(t, got[10], map[string]any{"month": "2026-09", "has_data": true, "received": int64(1), "rank": int32(1)})
		check(t, got[11], map[string]any{"month": "2026-10", "has_data": true, "received": int64(5), "rank": int32(2)})
	}
	// The province has its trend too, for the comparison line.
	if got := query(t, db, `SELECT * FROM unit_trends WHERE level = 'province' AND period = '2026-10'`); len(got) != 12 {
		t.Errorf("province trend: %d months, want 12", len(got))
	}
}

// yearCase is a year of varied dossiers (December 2025 to December 2026, with dossiers
// carried into January, late, overdue and open ones, fees, complaints, a split code),
// generated deterministically.
func yearCase() []dossier {
	var ds []dossier
	seed := uint32(7)
	next := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	start := time.Date(2025, 12, 1, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	units := []string{"10001", "10002", "09002"}
	procs := []string{"1.001", "2.002", "3.003"}
	for i := 0; i < 400; i++ {
		recv := start.Add(time.Duration(next(395*24)) * time.Hour)
		d := dossier{
			code: fmt.Sprintf("y%03d", i), unit: units[next(3)], proc: procs[next(3)],
			channel: 1 + next(3), status: 4, received: recv.Format("2006-01-02 15:04:05-07"),
			complnt: next(5) == 0, eResult: next(2) == 0, digitized: next(3) == 0,
		}
		if next(4) > 0 {
			d.due = recv.Add(time.Duration(24*(1+next(20))) * time.Hour).Format("2006-01-02 15:04:05-07")
		}
		if next(5) > 0 {
			d.status = 10
			d.finished = recv.Add(time.Duration(1+next(40*24)) * time.Hour).Format("2006-01-02 15:04:05-07")
		}
		if next(2) == 0 {
			d.fee, d.paid = 20000.0, next(3)
		}
		ds = append(ds, d)
	}
	return ds
}

// TestRunYearToDateFromMonths: years to date are counted from the months each dossier was
// received, finished and due in, like quarters and years; they must equal the periods that
// cover the same days — 2026-ytd-01 is January, 2026-ytd-03 the first quarter, 2026-ytd-12
// the year — in every count, for every commune and procedure.
func TestRunYearToDateFromMonths(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, yearCase())
	if _, err := Run(ctx, db, Options{Through: "2026-12"}); err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"2026-ytd-01", "2026-01"}, {"2026-ytd-03", "2026-Q1"}, {"2026-ytd-12", "2026"}} {
		t.Run(pair[0]+" = "+pair[1], func(t *testing.T) {
			got := queryRow(t, db, `WITH a AS (SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = ?),
				b AS (SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = ?)
				SELECT (SELECT count(*) FROM a) AS rows,
				       (SELECT count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM b)) AS only_ytd,
				       (SELECT count(*) FROM (SELECT * FROM b EXCEPT SELECT * FROM a)) AS only_other`, pair[0], pair[1])
			if got["only_ytd"] != int64(0) || got["only_other"] != int64(0) || got["rows"] == int64(0) {
				t.Errorf("%v", got)
			}
			// and so are the rates and ranks built from them
			got = queryRow(t, db, `WITH a AS (SELECT level, unit_code, received, processed, processed_on_time, open_overdue,
					online_rate, ontime_rate, satisfaction, index_score, rank FROM scorecard WHERE period = ?),
				b AS (SELECT level, unit_code, received, processed, processed_on_time, open_overdue,
					online_rate, ontime_rate, satisfaction, index_score, rank FROM scorecard WHERE period = ?)
				SELECT (SELECT count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM b)) +
				       (SELECT count(*) FROM (SELECT * FROM b EXCEPT SELECT * FROM a)) AS differ`, pair[0], pair[1])
			if got["differ"] != int64(0) {
				t.Errorf("scorecard rows differ: %v", got)
			}
		})
	}
}

// TestRunFinishBeforeReceipt: a dossier whose finish time F (here its return time) lies in an
// earlier month than its receipt. d1 was received on 10 February 2026 and returned on 20
// January, due 20 February; d2 received 5 January, finished 6 January, due 10 January.
// February holds d1 received but not in hand (F before February); January does not hold d1
// at all (received after January). The first quarter, and the year to date to March that
// covers the same days, hold both received, in hand and finished on time (and early).
func TestRunFinishBeforeReceipt(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, []dossier{
		{code: "d1", unit: "10001", channel: 2, status: 10, received: "2026-02-10 09:00:00+07",
			due: "2026-02-20 17:00:00+07", returned: "2026-01-20 10:00:00+07", proc: "1.001"},
		{code: "d2", unit: "10001", channel: 1, status: 10, received: "2026-01-05 09:00:00+07",
			due: "2026-01-10 17:00:00+07", finished: "2026-01-06 10:00:00+07", proc: "1.001"},
	})
	if _, err := Run(ctx, db, Options{Through: "2026-03"}); err != nil {
		t.Fatal(err)
	}
	check(t, row(t, db, "commune", "2026-02", "10001"), map[string]any{
		"received": int64(1), "processed": int64(0), "finished": int64(0),
	})
	check(t, row(t, db, "commune", "2026-01", "10001"), map[string]any{
		"received": int64(1), "processed": int64(1), "finished": int64(1),
	})
	for _, period := range []string{"2026-Q1", "2026-ytd-03", "2026-ytd-02"} {
		check(t, row(t, db, "commune", period, "10001"), map[string]any{
			"received": int64(2), "processed": int64(2), "processed_on_time": int64(2), "finished": int64(2),
			"finished_early": int64(2), "finished_late": int64(0), "carried_over": int64(0),
		})
	}
	got := queryRow(t, db, `SELECT
		(SELECT count(*) FROM (SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = '2026-ytd-03'
		                       EXCEPT SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = '2026-Q1')) +
		(SELECT count(*) FROM (SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = '2026-Q1'
		                       EXCEPT SELECT * EXCLUDE (period) FROM unit_procedure_counts WHERE period = '2026-ytd-03')) AS differ`)
	if got["differ"] != int64(0) {
		t.Errorf("2026-ytd-03 and 2026-Q1 differ: %v", got)
	}
}
