package transform

import (
	"context"
	"fmt"
	"testing"

	"reformindex/sql"
)

// portalSnapshot inserts one snapshot into the raw_portal_* tables as `reform ingest portal`
// writes it: units[0] is the parent; each unit is (code, level, fields).
type portalUnit struct {
	code, level string
	values      map[string]float64
}

func insertPortal(t *testing.T, db *sql.DB, fileID int, endpoint, period, captured string, units []portalUnit) {
	t.Helper()
	ctx := context.Background()
	var capturedAt any
	if captured != "" {
		capturedAt = captured
	}
	if err := db.ExecSQL(ctx, `INSERT INTO raw_portal_snapshots VALUES (?, ?, ?, NULL, 'root-id', 'H99', 'UBND tỉnh Phú Thọ', '25', CAST(? AS TIMESTAMPTZ))`,
		fileID, endpoint, period, capturedAt); err != nil {
		t.Fatal(err)
	}
	for i, u := range units {
		role := "child"
		var level any = u.level
		if i == 0 {
			role, level = "parent", nil
		}
		if err := db.ExecSQL(ctx, `INSERT INTO raw_portal_units VALUES (?, ?, ?, NULL, ?, ?, ?)`,
			fileID, i, role, u.code, "UBND "+u.code, level); err != nil {
			t.Fatal(err)
		}
		for f, v := range u.values {
			if err := db.ExecSQL(ctx, `INSERT INTO raw_portal_values VALUES (?, ?, ?, ?)`, fileID, i, f, v); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestRunReconcile puts hand-made portal snapshots for October 2026 beside octoberCase.
// The crosswalk maps H99.1 → 10001 and H99.2 → 10002; H99.3 matches no commune.
//
// Ours, October: 10001 has 6 dossiers in hand (1 carried over from September), 4 on time
// (66.67 %), 2 fee-bearing received (1 paid online), 5 received (2 online); 10002 has 1 in
// hand, on time, no fee-bearing dossier, 1 received online. One dossier of 10001 (d5,
// received 1 November 00:30) lies within a day of the period's end.
//
// Progress: H99.1 counts 5 dossiers, 4 on time: 6 − 1 carried over = 5 → carry_overs.
// H99.2 counts 1 dossier, 0 on time: same count, ratio 0 % against 100 % → on_time_rule.
// The province is compared on its communes' sum (5 + 1 + H99.3's 3 = 9; the parent's own 12 counts
// provincial departments too) against our 7: 2 more on the portal, more than the one edge
// dossier → missing_from_exports.
// Payment (no H99.2): H99.1 has 3 fee-bearing dossiers against our 2, a difference the edge
// dossier can explain → period_boundaries; 10002 has no unit in the snapshot → not_on_portal.
// Online: the parent counts 4 received against our 6 → not_synced; the children carry scores
// only: 10001's differs from ours (12 × 40/50 = 9.6 against 6) → no_portal_counts; 10002's
// equals ours (12) → not flagged.
func TestRunReconcile(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	if err := db.ExecSQL(ctx, `INSERT INTO ref_agency_units VALUES ('H99.1', '10001', now()), ('H99.2', '10002', now())`); err != nil {
		t.Fatal(err)
	}
	insertPortal(t, db, 101, "dvc-progress-tree", "2026-10", "", []portalUnit{
		{"H99", "", map[string]float64{"totalReceived": 12, "totalOnTime": 9, "score": 15, "maxScore": 20}},
		{"H99.1", "COMMUNE", map[string]float64{"totalReceived": 5, "totalOnTime": 4, "ratio": 80, "score": 16, "maxScore": 20}},
		{"H99.2", "COMMUNE", map[string]float64{"totalReceived": 1, "totalOnTime": 0, "ratio": 0, "score": 0, "maxScore": 20}},
		{"H99.3", "COMMUNE", map[string]float64{"totalReceived": 3, "totalOnTime": 3, "ratio": 100, "score": 20, "maxScore": 20}},
	})
	insertPortal(t, db, 102, "formality-online-payment-tree", "2026-10", "", []portalUnit{
		{"H99", "", map[string]float64{"totalDossierFinancialObligation": 13, "totalDossierOnlinePaymentSuccess": 6, "totalScore": 5, "totalMaxScore": 10}},
		{"H99.1", "COMMUNE", map[string]float64{"totalDossierFinancialObligation": 3, "totalDossierOnlinePaymentSuccess": 1,
			"totalFeeFormality": 4, "totalDossierOnlineFormalityPaymentSuccess": 1, "totalFeeDossierFormality": 1, "totalScore": 3.13, "totalMaxScore": 10}},
		{"H99.3", "COMMUNE", map[string]float64{"totalDossierFinancialObligation": 10, "totalDossierOnlinePaymentSuccess": 5, "totalScore": 3, "totalMaxScore": 10}},
	})
	insertPortal(t, db, 103, "provide-online-tree", "2026-10", "", []portalUnit{
		{"H99", "", map[string]float64{"channelTotalSum": 4, "channelOnlineSum": 3, "totalScore": 9, "totalMaxScore": 12}},
		{"H99.1", "COMMUNE", map[string]float64{"totalScore": 6, "totalMaxScore": 12, "ratio": 50}},
		{"H99.2", "COMMUNE", map[string]float64{"totalScore": 12, "totalMaxScore": 12, "ratio": 100}},
	})
	if _, err := Run(ctx, db, Options{}); err != nil {
		t.Fatal(err)
	}
	got := query(t, db, `SELECT endpoint, level, unit_code, portal_denominator, ours_denominator, portal_ratio, ours_ratio,
		portal_score, ours_score, flagged, likely_cause FROM reconcile ORDER BY endpoint, level DESC, unit_code`)
	want := []map[string]any{
		{"endpoint": "dvc-progress-tree", "level": "province", "unit_code": "25", "portal_denominator": 9.0, "ours_denominator": int64(7),
			"portal_ratio": 77.78, "flagged": true, "likely_cause": "missing_from_exports"},
		{"endpoint": "dvc-progress-tree", "level": "commune", "unit_code": "10001", "portal_denominator": 5.0, "ours_denominator": int64(6),
			"portal_ratio": 80.0, "ours_ratio": 66.67, "portal_score": 16.0, "ours_score": 13.33, "flagged": true, "likely_cause": "carry_overs"},
		{"endpoint": "dvc-progress-tree", "level": "commune", "unit_code": "10002", "portal_ratio": 0.0, "ours_ratio": 100.0,
			"flagged": true, "likely_cause": "on_time_rule"},
		{"endpoint": "formality-online-payment-tree", "level": "province", "unit_code": "25", "portal_denominator": 13.0, "ours_denominator": int64(2),
			"likely_cause": "missing_from_exports"},
		{"endpoint": "formality-online-payment-tree", "level": "commune", "unit_code": "10001", "portal_denominator": 3.0, "ours_denominator": int64(2),
			"portal_ratio": 33.33, "ours_ratio": 50.0, "likely_cause": "period_boundaries"},
		{"endpoint": "formality-online-payment-tree", "level": "commune", "unit_code": "10002", "portal_denominator": nil,
			"flagged": true, "likely_cause": "not_on_portal"},
		{"endpoint": "provide-online-tree", "level": "province", "unit_code": "25", "portal_denominator": 4.0, "ours_denominator": int64(6),
			"likely_cause": "not_synced"},
		{"endpoint": "provide-online-tree", "level": "commune", "unit_code": "10001", "portal_denominator": nil, "portal_score": 6.0,
			"likely_cause": "no_portal_counts"},
		{"endpoint": "provide-online-tree", "level": "commune", "unit_code": "10002", "portal_score": 12.0, "ours_score": 12.0,
			"flagged": false, "likely_cause": nil},
	}
	if len(got) != len(want) {
		t.Fatalf("reconcile has %d rows, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		check(t, got[i], want[i])
	}

	// The progress province row: the portal's own parent count, departments included, is kept beside.
	check(t, queryRow(t, db, `SELECT portal_parent_denominator FROM reconcile WHERE endpoint = 'dvc-progress-tree' AND level = 'province'`),
		map[string]any{"portal_parent_denominator": 12.0})
	// Our default index scores the portal's progress counts as the portal does: 20 × 4/5 = 16.
	check(t, queryRow(t, db, `SELECT score_from_counts, rate FROM portal_evaluation WHERE endpoint = 'dvc-progress-tree' AND department_code = 'H99.1'`),
		map[string]any{"score_from_counts": 16.0, "rate": 80.0})

	t.Run("a snapshot taken before the period ended", func(t *testing.T) {
		if err := db.ExecSQL(ctx, `UPDATE raw_portal_snapshots SET captured_at = '2026-10-26 18:14:00+00' WHERE file_id = 101`); err != nil {
			t.Fatal(err)
		}
		if _, err := Run(ctx, db, Options{}); err != nil {
			t.Fatal(err)
		}
		check(t, queryRow(t, db, `SELECT likely_cause FROM reconcile WHERE endpoint = 'dvc-progress-tree' AND unit_code = '10001'`),
			map[string]any{"likely_cause": "partial_period"})
	})

	t.Run("a later capture of the same snapshot replaces the earlier one", func(t *testing.T) {
		insertPortal(t, db, 104, "dvc-progress-tree", "2026-10", "2026-11-05 00:00:00+00", []portalUnit{
			{"H99", "", map[string]float64{"totalReceived": 7, "totalOnTime": 5, "score": 14.29, "maxScore": 20}},
			{"H99.1", "COMMUNE", map[string]float64{"totalReceived": 6, "totalOnTime": 4, "ratio": 66.67, "score": 13.33, "maxScore": 20}},
			{"H99.2", "COMMUNE", map[string]float64{"totalReceived": 1, "totalOnTime": 1, "ratio": 100, "score": 20, "maxScore": 20}},
		})
		if _, err := Run(ctx, db, Options{}); err != nil {
			t.Fatal(err)
		}
		check(t, queryRow(t, db, `SELECT portal_denominator, flagged, likely_cause FROM reconcile WHERE endpoint = 'dvc-progress-tree' AND unit_code = '10001'`),
			map[string]any{"portal_denominator": 6.0, "flagged": false, "likely_cause": nil})
	})
}

// TestAgencyUnitsLatest: an agency id goes to the unit of its latest crosswalk import; of
// imports stamped with the same time (SOURCE_DATE_EPOCH), to the one added last.
func TestAgencyUnitsLatest(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	err := db.ExecSQL(ctx, `INSERT INTO ref_agency_units VALUES
		('H1', '10001', TIMESTAMPTZ '2026-11-01 00:00:00+00'),
		('H1', '10002', TIMESTAMPTZ '2026-11-01 00:00:00+00'),
		('H2', '10003', TIMESTAMPTZ '2026-11-02 00:00:00+00'),
		('H2', '10004', TIMESTAMPTZ '2026-11-01 00:00:00+00')`)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, "config/macros.sql"); err != nil {
		t.Fatal(err)
	}
	got := query(t, db, `SELECT agency_code, unit_code FROM agency_units() ORDER BY agency_code`)
	want := []map[string]any{{"agency_code": "H1", "unit_code": "10002"}, {"agency_code": "H2", "unit_code": "10003"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("agency_units() = %v, want %v", got, want)
	}
}
