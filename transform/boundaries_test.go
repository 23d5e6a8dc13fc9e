package transform

import (
	"context"
	"testing"

	"reformindex/sql"
)

// reorganisationCase adds the pre-2025 communes of an old province 98 to the test registry
// and dossiers either side of the reorganisation of 1 July 2025.
//
// Old communes (province 98): district 901 has 09001 and 09002, district 902 has 10001 and
// 09003. Conversion: 09001 → 10001; 09002 split → 10002 (listed first), 10001; 09003 → 10002;
// old 10001 split → 10001 (kept its code), 10002. 10002 was no commune before.
//
//	j1 09001, direct, received 10/6/2025, due 12/6, finished 11/6: on time
//	j2 09002, online, received 11/6, due 13/6, finished 16/6: late; counted on 10002 through a split commune
//	j3 10001 (the old commune), online, received 12/6, finished 12/6: on time; split, kept its code
//	j4 09003, direct, received 13/6, due 20/6, still open: overdue at the end of June, carried into July
//	j5 10002, online, received 14/6: a code that named no commune then (not attributable to an old one)
//	k1 10001, online, received 5/7/2025 (the new commune), finished 6/7
//	k2 09001, direct, received 6/7 under the old code, finished 7/7: on 10001, no old commune after July
func reorganisationCase(t *testing.T) *sql.DB {
	t.Helper()
	db := openTestDB(t)
	for _, q := range []string{
		`INSERT INTO ref_units_pre2025 VALUES
			('98', 'Tỉnh Cũ', '901', 'Huyện Một', '09001', 'Xã Một', 'Xã'),
			('98', 'Tỉnh Cũ', '901', 'Huyện Một', '09002', 'Xã Hai', 'Xã'),
			('98', 'Tỉnh Cũ', '902', 'Huyện Hai', '10001', 'Xã Ân Thi', 'Xã'),
			('98', 'Tỉnh Cũ', '902', 'Huyện Hai', '09003', 'Xã Ba', 'Xã')`,
		`INSERT INTO ref_unit_conversion VALUES ('09003', '10002', 1), ('10001', '10001', 1), ('10001', '10002', 2)`,
	} {
		if err := db.ExecSQL(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	insertDossiers(t, db, []dossier{
		{code: "j1", unit: "09001", channel: 1, status: 10, received: "2025-06-10 08:00:00+07", due: "2025-06-12 23:59:59.999999+07", finished: "2025-06-11 08:00:00+07"},
		{code: "j2", unit: "09002", channel: 2, status: 10, received: "2025-06-11 08:00:00+07", due: "2025-06-13 23:59:59.999999+07", finished: "2025-06-16 08:00:00+07"},
		{code: "j3", unit: "10001", channel: 2, status: 10, received: "2025-06-12 08:00:00+07", finished: "2025-06-12 15:00:00+07"},
		{code: "j4", unit: "09003", channel: 1, status: 4, received: "2025-06-13 08:00:00+07", due: "2025-06-20 23:59:59.999999+07"},
		{code: "j5", unit: "10002", channel: 2, status: 2, received: "2025-06-14 08:00:00+07"},
		{code: "k1", unit: "10001", channel: 2, status: 10, received: "2025-07-05 08:00:00+07", finished: "2025-07-06 08:00:00+07"},
		{code: "k2", unit: "09001", channel: 1, status: 10, received: "2025-07-06 08:00:00+07", finished: "2025-07-07 08:00:00+07"},
	})
	return db
}

func TestRunAcrossReorganisation(t *testing.T) {
	ctx := context.Background()
	db := reorganisationCase(t)
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}

	t.Run("each dossier keeps its old commune before July and lands on a 2025 commune", func(t *testing.T) {
		var got string
		if err := db.QueryRow(ctx, `SELECT string_agg(dossier_code || '>' || unit_code || ':' || coalesce(old_unit_code, '-') || ':' ||
			coalesce(old_district_code, '-') || ':' || coalesce(split_from, '-'), ' ' ORDER BY dossier_code) FROM stg_dossiers`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		want := "j1>10001:09001:901:- j2>10002:09002:901:09002 j3>10001:10001:902:10001 j4>10002:09003:902:- " +
			"j5>10002:-:-:- k1>10001:-:-:- k2>10001:-:-:-"
		if got != want {
			t.Errorf("stg_dossiers =\n%s\nwant\n%s", got, want)
		}
	})

	t.Run("trends do not break at the reorganisation", func(t *testing.T) {
		// 10001: j1, j3 in June, k1, k2 in July. 10002: j2, j4, j5 in June.
		check(t, row(t, db, "commune", "2025-06", "10001"), map[string]any{"received": int64(2), "split_mapped": int64(1)})
		check(t, row(t, db, "commune", "2025-07", "10001"), map[string]any{"received": int64(2), "split_mapped": int64(0)})
		check(t, row(t, db, "commune", "2025-06", "10002"), map[string]any{"received": int64(3), "split_mapped": int64(1), "open_overdue": int64(1)})
		// j4 and j5, both still open, are carried into July
		check(t, row(t, db, "commune", "2025-07", "10002"), map[string]any{"received": int64(0), "processed": int64(2), "carried_over": int64(2)})
		got := query(t, db, `SELECT month, received FROM unit_trends
			WHERE level = 'commune' AND unit_code = '10001' AND period = '2025-07' AND month_no >= 11 ORDER BY month_no`)
		if len(got) != 2 || got[0]["received"] != int64(2) || got[1]["received"] != int64(2) {
			t.Errorf("10001 trend June–July 2025 = %v, want 2 received in each", got)
		}
	})

	t.Run("data-quality notes: split communes and dossiers with no old commune", func(t *testing.T) {
		got := query(t, db, `SELECT unit_code, note, old_code, split_between, dossiers FROM data_quality
			WHERE period = '2025-06' ORDER BY unit_code, note`)
		want := []map[string]any{
			{"unit_code": "10001", "note": "split_commune", "old_code": "10001", "split_between": "10001 Xã Ân Thi; 10002 Xã Bình An", "dossiers": int64(1)},
			{"unit_code": "10002", "note": "not_attributable_pre2025", "old_code": "10002", "split_between": nil, "dossiers": int64(1)},
			{"unit_code": "10002", "note": "split_commune", "old_code": "09002", "split_between": "10002 Xã Bình An; 10001 Xã Ân Thi", "dossiers": int64(1)},
		}
		if len(got) != len(want) {
			t.Fatalf("data_quality June 2025 = %v", got)
		}
		for i := range want {
			check(t, got[i], want[i])
		}
		// July: no dossier came through a split commune; the pre-2025 view has no July.
		if got := query(t, db, `SELECT * FROM data_quality WHERE period = '2025-07'`); len(got) != 0 {
			t.Errorf("data_quality July 2025 = %v, want none", got)
		}
	})

	// June 2025 on the old communes (default index; only on-time and online are measured,
	// 32 points): 09001 on time, direct → 20/32 = 62.5; 09002 late, online → 12/32 = 37.5;
	// old 10001 on time, online → 100; 09003 overdue, direct → 0. District 901 (j1, j2):
	// 50 % on time, 50 % online → (10 + 12)/32 = 68.75; district 902 (j3, j4) the same.
	t.Run("the pre-2025 view ranks old communes within their district and province", func(t *testing.T) {
		got := query(t, db, `SELECT unit_code, unit_name, district_name, index_score, rank_in_district, rank_in_province,
			rank_in_province_2025, province_code_2025 FROM scorecard_pre2025
			WHERE level = 'commune' AND period = '2025-06' ORDER BY unit_code`)
		want := []map[string]any{
			{"unit_code": "09001", "unit_name": "Xã Một", "district_name": "Huyện Một", "index_score": 62.5,
				"rank_in_district": int32(1), "rank_in_province": int32(2), "rank_in_province_2025": int32(2), "province_code_2025": "25"},
			{"unit_code": "09002", "index_score": 37.5, "rank_in_district": int32(2), "rank_in_province": int32(3)},
			{"unit_code": "09003", "index_score": 0.0, "rank_in_district": int32(2), "rank_in_province": int32(4)},
			{"unit_code": "10001", "unit_name": "Xã Ân Thi", "index_score": 100.0, "rank_in_district": int32(1), "rank_in_province": int32(1)},
		}
		if len(got) != len(want) {
			t.Fatalf("scorecard_pre2025 June communes = %v", got)
		}
		for i := range want {
			check(t, got[i], want[i])
		}
		districts := query(t, db, `SELECT unit_code, unit_name, received, index_score, district_rank_in_province
			FROM scorecard_pre2025 WHERE level = 'district' AND period = '2025-06' ORDER BY unit_code`)
		if len(districts) != 2 {
			t.Fatalf("districts = %v", districts)
		}
		check(t, districts[0], map[string]any{"unit_code": "901", "unit_name": "Huyện Một", "received": int64(2), "index_score": 68.75, "district_rank_in_province": int32(1)})
		check(t, districts[1], map[string]any{"unit_code": "902", "index_score": 68.75, "district_rank_in_province": int32(1)})
		// the old province: j5 has no old commune
		check(t, queryRow(t, db, `SELECT * FROM scorecard_pre2025 WHERE level = 'province' AND period = '2025-06'`),
			map[string]any{"unit_code": "98", "unit_name": "Tỉnh Cũ", "received": int64(4)})
		// only periods that end by 1 July 2025
		var periods string
		if err := db.QueryRow(ctx, `SELECT string_agg(DISTINCT period, ' ' ORDER BY period) FROM scorecard_pre2025`).Scan(&periods); err != nil {
			t.Fatal(err)
		}
		if want := "2025-06 2025-Q2 2025-ytd-06"; periods != want {
			t.Errorf("pre-2025 periods = %q, want %q", periods, want)
		}
	})
}
