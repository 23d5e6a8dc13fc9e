package reports

import (
	"strings"
	"testing"
)

func TestDefaultTargets(t *testing.T) {
	ts := DefaultTargets()
	if len(ts) != 2 || ts[0].Metric != "online_rate" || *ts[0].AtLeast != 50 || ts[1].Metric != "ontime_rate" || *ts[1].AtLeast != 95 {
		t.Errorf("default targets = %+v", ts)
	}
}

func TestParseTargets(t *testing.T) {
	for _, tc := range []struct{ name, yaml, err string }{
		{"at most", "targets:\n  - {metric: open_overdue, at_most: 0}\n", ""},
		{"unknown metric", "targets:\n  - {metric: happiness, at_least: 1}\n", `target 1: metric "happiness" is not one of index_score, online_rate`},
		{"a count has no target", "targets:\n  - {metric: received, at_least: 1}\n", `target 1: metric "received" is not one of`},
		{"both bounds", "targets:\n  - {metric: online_rate, at_least: 1, at_most: 2}\n", "target 1 (online_rate): give exactly one of at_least and at_most"},
		{"no bound", "targets:\n  - {metric: online_rate}\n", "target 1 (online_rate): give exactly one of at_least and at_most"},
		{"twice", "targets:\n  - {metric: online_rate, at_least: 1}\n  - {metric: online_rate, at_least: 2}\n", "target 2: a second target for online_rate"},
		{"unknown field", "targets:\n  - {metric: online_rate, atleast: 1}\n", "field atleast not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseTargets([]byte(tc.yaml))
			switch {
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("err = %v, want it to contain %q", err, tc.err)
			}
		})
	}
}
