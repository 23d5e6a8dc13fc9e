package cmd

import (
	"os/exec"
	"strings"
	"testing"
)

// allowed is the dependency policy of STYLE.md §2: which project packages each
// package may import. Change only in review.
var allowed = map[string][]string{
	"sql":        nil,
	"ingest":     {"sql"},
	"transform":  {"sql"},
	"reports":    {"sql"},
	"sample":     nil,
	"cmd":        {"sql", "ingest", "transform", "reports", "sample"},
	"cmd/reform": {"cmd"},
	// the DuckDB reference of the benchmarks: DuckDB opened as reform opens it
	"bench/duckdb": {"sql"},
}

func TestDependencyDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "reformindex/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], "reformindex/")
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the dependency policy", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			switch {
			case strings.HasPrefix(imp, "reformindex/"):
				dep := strings.TrimPrefix(imp, "reformindex/")
				if !contains(ok, dep) {
					t.Errorf("%s imports %s: not allowed", pkg, dep)
				}
			case strings.HasPrefix(imp, "github.com/spf13/") && pkg != "cmd":
				t.Errorf("%s imports %s: only cmd may use cobra", pkg, imp)
			case (imp == "database/sql" || strings.HasPrefix(imp, "github.com/duckdb/")) && pkg != "sql":
				t.Errorf("%s imports %s: only sql may", pkg, imp)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
