package transform

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseIndexConfigDefault(t *testing.T) {
	c, err := ParseIndexConfig(DefaultIndexConfig())
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	for _, comp := range c.Components {
		total += comp.Points
	}
	if len(c.Components) != 6 || total != 58 || c.LowVolumeBelow != 30 || len(c.Bands) != 5 {
		t.Errorf("default config: %d components, %v points, low volume %d, %d bands; want 6, 58, 30, 5",
			len(c.Components), total, c.LowVolumeBelow, len(c.Bands))
	}
	if *c.Integrity.OnlineJumpPoints != 40 || *c.Reconcile.CountTolerancePct != 2 || *c.ExplainMaxDossiers != 50 {
		t.Errorf("default checks: online jump %v, count tolerance %v, explain %v", *c.Integrity.OnlineJumpPoints,
			*c.Reconcile.CountTolerancePct, *c.ExplainMaxDossiers)
	}
}

// The 766-portal preset follows the portal's six groups: 18 + 20 + 12 + 10 + 22 + 18 = 100.
func TestParseIndexConfigPreset766(t *testing.T) {
	if names := strings.Join(PresetNames(), ","); names != "default,766-portal" {
		t.Errorf("presets = %s", names)
	}
	b, ok := Preset("766-portal")
	if !ok {
		t.Fatal("no 766-portal preset")
	}
	c, err := ParseIndexConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"cong_khai": 18, "tien_do": 20, "dich_vu_cong_truc_tuyen": 12,
		"thanh_toan_truc_tuyen": 10, "so_hoa": 22, "hai_long": 18}
	var total float64
	for _, g := range c.Groups {
		if want[g.Key] != g.Points {
			t.Errorf("group %s: %v points, want %v", g.Key, g.Points, want[g.Key])
		}
		total += g.Points
	}
	if len(c.Groups) != 6 || total != 100 {
		t.Errorf("%d groups, %v points; want 6, 100", len(c.Groups), total)
	}
	for _, name := range []string{"", "../index", "nope", "Default"} {
		if _, ok := Preset(name); ok {
			t.Errorf("Preset(%q) found", name)
		}
	}
}

// comp is a one-component configuration with the given extra fields, and one band.
func comp(extra string) string {
	return "components:\n  - {key: a, label_vi: A, metric: online_rate, points: 5, " + extra + "}\nbands: [{min: 0, label: Yếu}]\n"
}

func TestParseIndexConfigErrors(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want string
	}{
		{"unknown metric", "components:\n  - {key: a, label_vi: A, metric: happiness, points: 5, scoring: linear}\nbands: [{min: 0, label: Yếu}]\n",
			`component 1 ("a"): metric "happiness" is not one of`},
		{"threshold without full_at", "components:\n  - {key: a, label_vi: A, metric: online_rate, points: 5, scoring: threshold}\nbands: [{min: 0, label: Yếu}]\n",
			`component 1 ("a"): scoring threshold needs full_at in (0, 100]`},
		{"negative points and duplicate key", "components:\n  - {key: a, label_vi: A, metric: online_rate, points: 5, scoring: linear}\n  - {key: a, label_vi: B, metric: ontime_rate, points: -1, scoring: linear}\nbands: [{min: 0, label: Yếu}]\n",
			`component 2 ("a"): duplicate key`},
		{"bands not starting at 0", "components:\n  - {key: a, label_vi: A, metric: online_rate, points: 5, scoring: linear}\nbands: [{min: 50, label: Khá}]\n",
			`bands must start at 0`},
		{"misspelt field", "components:\n  - {key: a, label_vi: A, metric: online_rate, pionts: 5, scoring: linear}\n",
			`field pionts not found`},
		{"capped without factor", comp("scoring: capped"), `component 1 ("a"): scoring capped needs a positive factor`},
		{"factor on a linear component", comp("scoring: linear, factor: 2"), `component 1 ("a"): scoring linear takes neither full_at nor factor`},
		{"unknown N/A policy", comp("scoring: linear, na: skip"), `component 1 ("a"): na "skip" is not one of omit, full, zero`},
		{"target out of range", comp("scoring: linear, target: 120"), `component 1 ("a"): target must be a rate in (0, 100], got 120`},
		{"group not declared", "groups: [{key: g, label_vi: G, points: 5}]\n" + comp("scoring: linear, group: h"),
			`component 1 ("a"): group "h" is not declared under groups`},
		{"group points do not add up", "groups: [{key: g, label_vi: G, points: 6}]\n" + comp("scoring: linear, group: g"),
			`group 1 ("g"): points 6, but its components add up to 5`},
		{"unknown portal endpoint", "groups: [{key: g, label_vi: G, points: 5, portal: progress}]\n" + comp("scoring: linear, group: g"),
			`group 1 ("g"): portal "progress" is not one of dvc-progress-tree`},
		{"office hours backwards", comp("scoring: linear") + "integrity: {office_hours: \"17:30-07:00\"}\n",
			`integrity.office_hours "17:30-07:00": the end is not after the start`},
		{"weekday 8", comp("scoring: linear") + "integrity: {office_days: [1, 8]}\n",
			`integrity.office_days: 8 is not an ISO weekday`},
		{"negative tolerance", comp("scoring: linear") + "reconcile: {ratio_tolerance: -1}\n",
			`reconcile.ratio_tolerance must not be negative, got -1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIndexConfig([]byte(tt.yaml))
			if !errors.Is(err, ErrIndexConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestRunIndexConfig replaces the default weights: on-time only, full at 80 %.
func TestRunIndexConfig(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	cfg, err := ParseIndexConfig([]byte(`
components:
  - {key: tien_do, label_vi: Tiến độ, metric: ontime_rate, points: 10, scoring: threshold, full_at: 80}
bands:
  - {min: 80, label: Đạt}
  - {min: 0, label: Chưa đạt}
low_volume_below: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	got := row(t, db, "commune", "2026-10", "10001")
	// ontime_rate 66.67 → 10 × 66.67/80 = 8.33 of 10
	want := map[string]any{"index_score": 83.34, "band": "Đạt", "low_volume": false, "not_measured": "", "points_available": 10.0}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
}

// TestRunIndexPreset766 scores commune 10001 in October (octoberCase) on the 766-portal preset.
//
// Measured: on-time 66.67 % → 20 × 0.6667 = 13.334 of 20; online 40 % → 12 × 40/50 = 9.6 of 12;
// payment A 50 % → 6 × 0.5 = 3 of 6; payment B: fee-bearing procedures {1.001}, paid online
// (d2) → 100 % → min(2, 2.5 × 1) = 2 of 2 (the cap binds); e-result 25 % → 6 × 0.25 = 1.5 of 6;
// satisfaction 50 % → 6 × 50/90 = 3.3333 of 6; electronic certified copies, N/A at commune
// level → full, 2 of 2. Left out: the transparency criteria, payment C (portal counts only),
// digitised inputs with e-result and re-use (no digitized values), the data-store and
// complaint criteria. 34.7673 of 54 = 64.38.
func TestRunIndexPreset766(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	b, _ := Preset("766-portal")
	cfg, err := ParseIndexConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Name = "766-portal"
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	check(t, row(t, db, "commune", "2026-10", "10001"), map[string]any{
		"index_score": 64.38, "points_available": 54.0, "fee_procedure_online_rate": 100.0,
		"not_measured": "cong_bo_dung_han,cong_khai_dung_han,cong_khai_day_du,dong_bo_ho_so,fee_procedure_synced_rate," +
			"digitized_e_result_rate,digitization_rate,kho_du_lieu_ca_nhan,ho_so_du_lieu_dan_cu,tthc_du_lieu_dan_cu," +
			"pakn_dung_han,hai_long_pakn",
		"na_full": "chung_thuc_dien_tu", "na_zero": "",
	})
	got := query(t, db, `SELECT group_key, round(sum(points_earned), 4) AS earned, sum(points_max) FILTER (WHERE counted) AS available
		FROM index_components WHERE level = 'commune' AND period = '2026-10' AND unit_code = '10001'
		GROUP BY group_key ORDER BY group_key`)
	want := map[string][2]any{
		"cong_khai": {nil, nil}, "dich_vu_cong_truc_tuyen": {9.6, 12.0}, "hai_long": {3.3333, 6.0},
		"so_hoa": {3.5, 8.0}, "thanh_toan_truc_tuyen": {5.0, 8.0}, "tien_do": {13.334, 20.0},
	}
	for _, g := range got {
		w := want[g["group_key"].(string)]
		if g["earned"] != w[0] || g["available"] != w[1] {
			t.Errorf("group %s: %v of %v, want %v of %v", g["group_key"], g["earned"], g["available"], w[0], w[1])
		}
	}
	var name string
	if err := db.QueryRow(ctx, `SELECT index_config FROM cfg_build`).Scan(&name); err != nil || name != "766-portal" {
		t.Errorf("cfg_build.index_config = %q, %v", name, err)
	}
}

// TestRunNAPolicy: an empty rate is left out (omit), given full points (full) or none (zero).
// Commune 10001 in October has no digitisation data: 20 × 0.6667 (on time) + 4 (full) + 0 (zero)
// = 17.334 of 20 + 4 + 6 = 30 points (the omitted 5 are not available) → 57.78.
func TestRunNAPolicy(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, octoberCase())
	cfg, err := ParseIndexConfig([]byte(`
components:
  - {key: tien_do, label_vi: Tiến độ, metric: ontime_rate, points: 20, scoring: linear}
  - {key: full, label_vi: Đủ, metric: digitization_rate, points: 4, scoring: linear, na: full}
  - {key: zero, label_vi: Không, metric: none, points: 6, scoring: linear, na: zero}
  - {key: omit, label_vi: Bỏ, metric: none, points: 5, scoring: linear}
bands: [{min: 0, label: Yếu}]
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	check(t, row(t, db, "commune", "2026-10", "10001"), map[string]any{
		"index_score": 57.78, "points_available": 30.0, "not_measured": "omit", "na_full": "digitization_rate", "na_zero": "zero",
	})
	// 10002 has digitisation data: its rate counts, not the policy
	check(t, row(t, db, "commune", "2026-10", "10002"), map[string]any{"na_full": "", "points_available": 30.0})
}
