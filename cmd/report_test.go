package cmd

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewReportCmd(t *testing.T) {
	var got *reportOptions
	c := newReportCmd(&globalOptions{}, func(_ context.Context, o *reportOptions) error { got = o; return nil })
	c.SetArgs([]string{"--period", "2026-10", "--lang", "en", "--targets", "t.yaml"})
	c.SetOut(io.Discard)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Period != "2026-10" || got.Lang != "en" || got.Targets != "t.yaml" || got.Out != "report" {
		t.Errorf("options = %+v", got)
	}
}

func TestReportBadTargets(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "targets.yaml")
	if err := os.WriteFile(bad, []byte("targets:\n  - {metric: happiness, at_least: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := reform(t, dir, "report", "--period", "2026-10", "--targets", bad)
	want := "reform: " + bad + ": target 1: metric \"happiness\" is not one of"
	if r.code != exitError || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("exit %d, stderr %q, want it to start with %q", r.code, r.stderr, want)
	}
}

func TestReportPeriodSyntax(t *testing.T) {
	for _, p := range []string{"2026-10", "2026-Q3", "2026", "2026-ytd-10", "2026-ytd-01", "2026-ytd-12"} {
		if !periodRE.MatchString(p) {
			t.Errorf("periodRE rejects %q", p)
		}
	}
	for _, p := range []string{"2026-ytd-13", "2026-ytd-00", "2026-ytd-1", "2026-ytd", "2026-YTD-10"} {
		if periodRE.MatchString(p) {
			t.Errorf("periodRE accepts %q", p)
		}
	}
}
