package transform

import (
	"context"
	"math"
	"testing"
)

// TestRunExplain decomposes the change of commune 10001's index from September to October
// (octoberCase, default index).
//
// September: on-time 100 % → 20, online 0 % → 0, satisfaction 100 % → 6; 26 of 38 = 68.42.
// October: on-time 66.67 % → 13.334, online 40 % → 9.6, payment 50 % → 5, e-result 25 % → 1.5,
// satisfaction 50 % → 3.3333; 32.7673 of 54 = 60.68. Change −7.74.
// Contributions, 100 × (earned/54 − earned_prev/38):
//
//	tien_do                  13.334/54 − 20/38 → −27.94 (the largest loss)
//	dich_vu_cong_truc_tuyen  9.6/54            → +17.78
//	thanh_toan_truc_tuyen    5/54              → +9.26
//	ket_qua_dien_tu          1.5/54            → +2.78
//	so_hoa_ho_so             not measured      → 0
//	hai_long                 3.3333/54 − 6/38  → −9.62
//
// The loss in on-time comes from d2 (procedure 1.001, finished 12/10 08:00, due 10/10 end of
// day: 1.33 days late) and d3 (procedure 2.002, open, due 20/10 end of day: 11 days overdue on
// 1 November).
func TestRunExplain(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	got := query(t, db, `SELECT component, points_delta, index_contribution, index_change, loss_rank, is_focus, focus_reason
		FROM explain WHERE level = 'commune' AND period = '2026-10' AND unit_code = '10001' ORDER BY ord`)
	want := []map[string]any{
		{"component": "tien_do", "points_delta": -6.67, "index_contribution": -27.94, "index_change": -7.74,
			"loss_rank": int32(1), "is_focus": true, "focus_reason": "loss"},
		{"component": "dich_vu_cong_truc_tuyen", "points_delta": 9.6, "index_contribution": 17.78, "loss_rank": nil, "is_focus": false},
		{"component": "thanh_toan_truc_tuyen", "points_delta": 5.0, "index_contribution": 9.26},
		{"component": "ket_qua_dien_tu", "points_delta": 1.5, "index_contribution": 2.78},
		{"component": "so_hoa_ho_so", "points_delta": 0.0, "index_contribution": 0.0},
		{"component": "hai_long", "points_delta": -2.67, "index_contribution": -9.62, "loss_rank": int32(2), "is_focus": false},
	}
	if len(got) != len(want) {
		t.Fatalf("explain rows = %v", got)
	}
	var sum float64
	for i := range want {
		check(t, got[i], want[i])
		sum += got[i]["index_contribution"].(float64)
	}
	if math.Abs(sum-(-7.74)) > 0.03 {
		t.Errorf("contributions add up to %v, want the index change −7.74", sum)
	}

	procs := query(t, db, `SELECT reason, procedure_code, dossiers, share, max_days_late FROM explain_procedures
		WHERE level = 'commune' AND period = '2026-10' AND unit_code = '10001' ORDER BY reason, procedure_code`)
	wantProcs := []map[string]any{
		{"reason": "finished_late", "procedure_code": "1.001", "dossiers": int64(1), "share": 50.0, "max_days_late": 1.33},
		{"reason": "open_overdue", "procedure_code": "2.002", "dossiers": int64(1), "share": 50.0, "max_days_late": 11.0},
	}
	if len(procs) != len(wantProcs) {
		t.Fatalf("explain_procedures = %v", procs)
	}
	for i := range wantProcs {
		check(t, procs[i], wantProcs[i])
	}
	// The province's dossiers behind its own focus, by procedure, are there too.
	if got := query(t, db, `SELECT * FROM explain_procedures WHERE level = 'province' AND period = '2026-10'`); len(got) == 0 {
		t.Error("no explain_procedures rows for the province")
	}

	dossiers := query(t, db, `SELECT dossier_rank, dossier_code, reason, dossiers_total, days_late FROM explain_dossiers
		WHERE period = '2026-10' AND unit_code = '10001' ORDER BY dossier_rank`)
	wantDossiers := []map[string]any{
		{"dossier_rank": int32(1), "dossier_code": "d3", "reason": "open_overdue", "dossiers_total": int64(2), "days_late": 11.0},
		{"dossier_rank": int32(2), "dossier_code": "d2", "reason": "finished_late", "days_late": 1.33},
	}
	if len(dossiers) != len(wantDossiers) {
		t.Fatalf("explain_dossiers = %v", dossiers)
	}
	for i := range wantDossiers {
		check(t, dossiers[i], wantDossiers[i])
	}

	// 10002 has no September: no change to explain, and nothing short of full points.
	check(t, queryRow(t, db, `SELECT count(*) FILTER (index_contribution IS NOT NULL) AS moved, count(*) FILTER (is_focus) AS focus
		FROM explain WHERE level = 'commune' AND period = '2026-10' AND unit_code = '10002'`),
		map[string]any{"moved": int64(0), "focus": int64(0)})
}

// TestRunExplainShortfall: without a previous period, explanations point at the component
// furthest from full points. Commune 10001 in September (its first month): online 0 % is
// 12 points short, the most of any component; d1 (procedure 3.003) is its one direct dossier.
func TestRunExplainShortfall(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	check(t, queryRow(t, db, `SELECT component, shortfall, focus_reason FROM explain
		WHERE level = 'commune' AND period = '2026-09' AND unit_code = '10001' AND is_focus`),
		map[string]any{"component": "dich_vu_cong_truc_tuyen", "shortfall": 12.0, "focus_reason": "shortfall"})
	check(t, queryRow(t, db, `SELECT procedure_code, reason, dossiers FROM explain_procedures
		WHERE level = 'commune' AND period = '2026-09' AND unit_code = '10001'`),
		map[string]any{"procedure_code": "3.003", "reason": "direct", "dossiers": int64(1)})
	// a direct dossier is not one to chase: explain_dossiers lists timeliness and complaints only
	if got := query(t, db, `SELECT * FROM explain_dossiers WHERE period = '2026-09' AND unit_code = '10001'`); len(got) != 0 {
		t.Errorf("explain_dossiers for an online-rate shortfall = %v, want none", got)
	}
}

// TestRunExplainMaxDossiers: explain_dossiers keeps explain_max_dossiers per commune and
// period, open overdue first; dossiers_total still counts them all.
func TestRunExplainMaxDossiers(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	b, _ := Preset("default")
	cfg, err := ParseIndexConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	*cfg.ExplainMaxDossiers = 1
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	check(t, queryRow(t, db, `SELECT dossier_code, dossiers_total FROM explain_dossiers WHERE period = '2026-10' AND unit_code = '10001'`),
		map[string]any{"dossier_code": "d3", "dossiers_total": int64(2)})
}

// TestRunExplainDossiersMatchProcedures: explain_procedures counts (from unit_procedure_counts)
// and explain_dossiers lists (dossier by dossier) apply the same rule: with no cap, they agree
// for every commune, period, reason and procedure whose focus explain_dossiers lists, under
// either preset.
func TestRunExplainDossiersMatchProcedures(t *testing.T) {
	for _, preset := range []string{"default", "766-portal"} {
		t.Run(preset, func(t *testing.T) {
			ctx := context.Background()
			db := openTestDB(t)
			insertDossiers(t, db, octoberCase())
			b, _ := Preset(preset)
			cfg, err := ParseIndexConfig(b)
			if err != nil {
				t.Fatal(err)
			}
			*cfg.ExplainMaxDossiers = 1000
			if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
				t.Fatal(err)
			}
			check(t, queryRow(t, db, `WITH p AS (
					SELECT period, unit_code, reason, coalesce(procedure_code, '') AS procedure_code, dossiers
					FROM explain_procedures WHERE level = 'commune'
					  AND metric IN ('ontime_rate', 'ontime_rate_finished', 'satisfaction')),
				d AS (
					SELECT period, unit_code, reason, coalesce(procedure_code, '') AS procedure_code, count(*) AS dossiers
					FROM explain_dossiers GROUP BY ALL)
				SELECT count(*) AS keys, count(*) FILTER (p.dossiers IS DISTINCT FROM d.dossiers) AS differ
				FROM p FULL JOIN d USING (period, unit_code, reason, procedure_code)`),
				map[string]any{"differ": int64(0)})
			if n := query(t, db, `SELECT * FROM explain_dossiers`); len(n) == 0 {
				t.Error("no explain_dossiers rows")
			}
		})
	}
}
