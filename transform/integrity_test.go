package transform

import (
	"context"
	"testing"
)

// TestRunIntegrityFlags uses hand-made cases, with min_dossiers 2 and the default thresholds
// (a jump of more than 40 points; more than 50 % of online dossiers quick, i.e. finished
// within 15 minutes of being received and submitted Monday–Friday 07:00–17:30).
//
// 10001: September 2026 two direct dossiers (online 0 %); October three online dossiers
// (100 %: a jump of 100 points). Two of them were submitted on Tuesday 6 October at 08:55
// and 09:20, received and finished within 10 minutes (quick); the third took a day. 2 of 3 =
// 66.67 % quick → flagged.
// 10002: September two online dossiers, October three: online 100 % both months, no jump.
// The three October ones were finished 5 minutes after being received, but submitted on
// Saturday evening (a citizen at home, handled on Monday): not quick.
// 10001 in 2026-Q3 has no online dossier; in 2026-Q4 the same three as October.
func TestRunIntegrityFlags(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	insertDossiers(t, db, []dossier{
		{code: "s1", unit: "10001", channel: 1, status: 10, received: "2026-09-08 09:00:00+07", finished: "2026-09-09 09:00:00+07"},
		{code: "s2", unit: "10001", channel: 1, status: 10, received: "2026-09-09 09:00:00+07", finished: "2026-09-10 09:00:00+07"},
		{code: "o1", unit: "10001", channel: 2, status: 10, submitted: "2026-10-06 08:55:00+07", received: "2026-10-06 08:56:00+07", finished: "2026-10-06 09:05:00+07"},
		{code: "o2", unit: "10001", channel: 2, status: 10, submitted: "2026-10-06 09:20:00+07", received: "2026-10-06 09:21:00+07", finished: "2026-10-06 09:30:00+07"},
		{code: "o3", unit: "10001", channel: 2, status: 10, submitted: "2026-10-06 10:00:00+07", received: "2026-10-06 10:05:00+07", finished: "2026-10-07 10:00:00+07"},
		{code: "t1", unit: "10002", channel: 2, status: 10, received: "2026-09-08 09:00:00+07", finished: "2026-09-09 09:00:00+07"},
		{code: "t2", unit: "10002", channel: 2, status: 10, received: "2026-09-09 09:00:00+07", finished: "2026-09-10 09:00:00+07"},
		{code: "w1", unit: "10002", channel: 2, status: 10, submitted: "2026-10-03 21:00:00+07", received: "2026-10-05 08:00:00+07", finished: "2026-10-05 08:05:00+07"},
		{code: "w2", unit: "10002", channel: 2, status: 10, submitted: "2026-10-03 21:10:00+07", received: "2026-10-05 08:10:00+07", finished: "2026-10-05 08:15:00+07"},
		{code: "w3", unit: "10002", channel: 2, status: 10, submitted: "2026-10-03 21:20:00+07", received: "2026-10-05 08:20:00+07", finished: "2026-10-05 08:25:00+07"},
	})
	b, _ := Preset("default")
	cfg, err := ParseIndexConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	*cfg.Integrity.MinDossiers = 2
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	got := query(t, db, `SELECT period, unit_code, flag, value, threshold, dossiers, dossiers_flagged, online_rate, online_rate_prev
		FROM integrity_flags ORDER BY period, unit_code, flag`)
	want := []map[string]any{
		{"period": "2026-10", "unit_code": "10001", "flag": "online_jump", "value": 100.0, "threshold": 40.0,
			"dossiers": int64(3), "dossiers_flagged": int64(3), "online_rate": 100.0, "online_rate_prev": 0.0},
		{"period": "2026-10", "unit_code": "10001", "flag": "quick_online", "value": 66.67, "threshold": 50.0,
			"dossiers": int64(3), "dossiers_flagged": int64(2), "online_rate": 100.0},
		{"period": "2026-Q4", "unit_code": "10001", "flag": "quick_online", "value": 66.67},
		{"period": "2026-ytd-10", "unit_code": "10001", "flag": "quick_online", "value": 66.67},
		{"period": "2026", "unit_code": "10001", "flag": "quick_online", "value": 66.67},
	}
	if len(got) != len(want) {
		t.Fatalf("integrity_flags = %v", got)
	}
	byKey := map[string]map[string]any{}
	for _, g := range got {
		byKey[g["period"].(string)+" "+g["flag"].(string)] = g
	}
	for _, w := range want {
		g, ok := byKey[w["period"].(string)+" "+w["flag"].(string)]
		if !ok {
			t.Errorf("no %s flag for %s", w["flag"], w["period"])
			continue
		}
		check(t, g, w)
	}

	// A higher share threshold clears the quick_online flag.
	*cfg.Integrity.QuickSharePct = 70
	if _, err := Run(ctx, db, Options{Index: cfg}); err != nil {
		t.Fatal(err)
	}
	if got := query(t, db, `SELECT * FROM integrity_flags WHERE flag = 'quick_online'`); len(got) != 0 {
		t.Errorf("quick_online at 70 %%: %v", got)
	}
}
