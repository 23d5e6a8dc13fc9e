package cmd

import (
	"strings"
	"testing"
)

// TestBuildIndexConfig: --index-config takes a preset name or a file, and says which.
func TestBuildIndexConfig(t *testing.T) {
	dir := t.TempDir()
	r := reform(t, dir, "ingest", "dossiers", abs(t, "pipeline/input/dossiers_25_2026-09.csv"))
	if r.code != 0 {
		t.Fatalf("ingest: exit %d: %s", r.code, r.stderr)
	}
	r = reform(t, dir, "build", "--index-config", "nope.yaml")
	if r.code != exitError || !strings.Contains(r.stderr, "reform: --index-config nope.yaml: open: no such file or directory\nhint: a YAML file, or a preset: default, 766-portal") {
		t.Errorf("missing file: exit %d, stderr %q", r.code, r.stderr)
	}
	r = reform(t, dir, "build", "--index-config", abs(t, "portal/README.md"))
	if r.code != exitError || !strings.Contains(r.stderr, "invalid index configuration") {
		t.Errorf("not an index file: exit %d, stderr %q", r.code, r.stderr)
	}
	r = reform(t, dir, "build", "--index-config", "766-portal")
	if r.code != 0 {
		t.Fatalf("766-portal: exit %d: %s", r.code, r.stderr)
	}
	r = reform(t, dir, "query", "--format", "csv", "SELECT index_config FROM cfg_build")
	if r.stdout != "index_config\n766-portal\n" {
		t.Errorf("cfg_build.index_config: %q", r.stdout)
	}
}
