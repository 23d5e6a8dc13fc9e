package cmd

import (
	"context"
	"io"
	"strings"
	"testing"
)

func TestNewIngestPortalCmd(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // error text; "" = accepted
	}{
		{"period and files", []string{"--period", "2026-08", "a.json", "b.json"}, ""},
		{"year to date, province, endpoint, capture time", []string{"--period", "2026-ytd-09", "--province", "25",
			"--endpoint", "dossier-digitized", "--captured-at", "2026-09-26T18:14:00Z", "a.json"}, ""},
		{"no period", []string{"a.json"}, "--period is required: the portal's responses do not say their year"},
		{"bad period", []string{"--period", "2026-13", "a.json"}, `--period: period "2026-13" is not a month`},
		{"no file", []string{"--period", "2026-08"}, "ingest portal needs at least one FILE"},
		{"unknown endpoint", []string{"--period", "2026-08", "--endpoint", "progress", "a.json"}, `--endpoint "progress" is not one of dvc-progress-tree`},
		{"bad province", []string{"--period", "2026-08", "--province", "H44", "a.json"}, `--province "H44" is not a 2-digit province code`},
		{"bad capture time", []string{"--period", "2026-08", "--captured-at", "26/09/2026", "a.json"}, `--captured-at "26/09/2026" is not a time`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *ingestPortalOptions
			c := newIngestPortalCmd(&globalOptions{}, func(_ context.Context, o *ingestPortalOptions) error {
				got = o
				return nil
			})
			c.SetArgs(tt.args)
			c.SetOut(io.Discard)
			c.SetErr(io.Discard)
			err := c.Execute()
			if tt.want == "" {
				if err != nil || got == nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantUsage(t, err, tt.want)
		})
	}
}

// TestIngestPortal loads the real Phú Thọ snapshots of August 2026 beside the pipeline's
// dossiers, builds with the 766-portal preset and checks that our scoring applied to the
// portal's own counts reproduces the portal's scores: exactly for progress (20 × on time /
// in hand), within 0.015 for payment (6A + min(2, 2.5B) + 2.5C: the portal publishes scores to
// two decimals and rounds its terms in a way the API does not show).
func TestIngestPortal(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "ingest", "dossiers", "--max-reject-rate", "0.2",
		abs(t, "pipeline/input/dossiers_25_2026-09.csv"), abs(t, "pipeline/input/dossiers_25_2026-10.csv"))
	if r.code != 0 {
		t.Fatalf("ingest dossiers: exit %d: %s", r.code, r.stderr)
	}
	progress, online, payment := abs(t, "portal/phu-tho_progress_month.json"), abs(t, "portal/phu-tho_online_month.json"),
		abs(t, "portal/phu-tho_payment_month.json")
	r = reform(t, dir, "ingest", "portal", "--period", "2026-08", progress, online, payment)
	want := progress + ": dvc-progress-tree 2026-08, province 25 Tỉnh Phú Thọ: 163 units, 148 communes, 148 matched, 0 not matched\n" +
		online + ": provide-online-tree 2026-08, province 25 Tỉnh Phú Thọ: 163 units, 148 communes, 148 matched, 0 not matched\n" +
		payment + ": formality-online-payment-tree 2026-08, province 25 Tỉnh Phú Thọ: 163 units, 148 communes, 148 matched, 0 not matched\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("ingest portal: exit %d\nstdout: %s\nwant: %s\nstderr: %s", r.code, r.stdout, want, r.stderr)
	}
	r = reform(t, dir, "ingest", "portal", "--period", "2026-07", progress)
	if r.code != exitError || !strings.Contains(r.stderr, "already loaded (file #3) as period 2026-08, not 2026-07") {
		t.Errorf("reload for another period: exit %d, stderr %q", r.code, r.stderr)
	}
	r = reform(t, dir, "build", "--index-config", "766-portal")
	if r.code != 0 {
		t.Fatalf("build: exit %d: %s", r.code, r.stderr)
	}
	r = reform(t, dir, "query", "--format", "csv", `SELECT endpoint, count(*) AS units,
		count(*) FILTER (abs(score_from_counts - portal_score) > CASE endpoint WHEN 'dvc-progress-tree' THEN 0.001 ELSE 0.015 END) AS off
		FROM portal_evaluation WHERE denominator > 0 AND endpoint <> 'provide-online-tree' GROUP BY endpoint ORDER BY endpoint`)
	if wantQ := "endpoint,units,off\ndvc-progress-tree,162,0\nformality-online-payment-tree,157,0\n"; r.code != 0 || r.stdout != wantQ {
		t.Errorf("portal scores reproduced: exit %d\n%s\nwant\n%s%s", r.code, r.stdout, wantQ, r.stderr)
	}
	// The reconciliation has a row per commune and endpoint, and the province's.
	r = reform(t, dir, "query", "--format", "csv", `SELECT endpoint, count(*) AS rows, count(portal_score) AS portal
		FROM reconcile WHERE period = '2026-08' GROUP BY endpoint ORDER BY endpoint`)
	if wantQ := "endpoint,rows,portal\ndvc-progress-tree,149,149\nformality-online-payment-tree,149,149\nprovide-online-tree,149,149\n"; r.code != 0 || r.stdout != wantQ {
		t.Errorf("reconcile: exit %d\n%s\nwant\n%s%s", r.code, r.stdout, wantQ, r.stderr)
	}
}
