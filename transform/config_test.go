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
