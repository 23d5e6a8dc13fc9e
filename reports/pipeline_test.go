package reports

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"reformindex/sql"
)

// Some tests read a database that the real pipeline built, as a user builds one: the
// reform binary (built once for the package's tests) runs ingest and build on real input
// files. Package reports cannot import ingest or transform (STYLE.md §2), so it runs the
// commands. Skipped under -short.

var reformBin struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if reformBin.dir != "" {
		os.RemoveAll(reformBin.dir)
	}
	os.Exit(code)
}

// reformBinary builds the reform binary once and returns its path.
func reformBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("test on a database built by the reform binary (skipped under -short)")
	}
	reformBin.once.Do(func() {
		if reformBin.dir, reformBin.err = os.MkdirTemp("", "reform-bin"); reformBin.err != nil {
			return
		}
		reformBin.path = filepath.Join(reformBin.dir, "reform")
		build := exec.Command("go", "build", "-o", reformBin.path, "reformindex/cmd/reform")
		var errb bytes.Buffer
		build.Stderr = &errb
		if err := build.Run(); err != nil {
			reformBin.err = fmt.Errorf("build reform: %w\n%s", err, errb.String())
		}
	})
	if reformBin.err != nil {
		t.Fatal(reformBin.err)
	}
	return reformBin.path
}

// runReform runs the reform binary in dir with a fixed secret for hashing log clients
// and fails the test unless it exits 0.
func runReform(t *testing.T, dir string, args ...string) {
	t.Helper()
	c := exec.Command(reformBinary(t), args...)
	c.Dir = dir
	c.Env = append(os.Environ(), "TZ=UTC", "REFORM_SECRET=reports test key, not a secret")
	var out bytes.Buffer
	c.Stdout, c.Stderr = &out, &out
	if err := c.Run(); err != nil {
		t.Fatalf("reform %q: %v\n%s", args, err, out.String())
	}
}

// repoFile is a file of the repository's testdata/ folder, as an absolute path.
func repoFile(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "testdata", rel))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pipelineDB runs each command (args after reform --db DB) in dir, then reform build, and
// opens the database read-only in Asia/Ho_Chi_Minh, reform's default time zone.
func pipelineDB(t *testing.T, dir string, commands ...[]string) *sql.DB {
	t.Helper()
	path := filepath.Join(dir, "reform.duckdb")
	for _, args := range append(commands, []string{"build"}) {
		runReform(t, dir, append([]string{"--db", path, "-q"}, args...)...)
	}
	ctx := context.Background()
	db, err := sql.Open(ctx, path, sql.Options{TZ: "Asia/Ho_Chi_Minh", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// pipelineDossiers loads the two hand-written monthly exports of testdata/pipeline.
func pipelineDossiers(t *testing.T) []string {
	return []string{"ingest", "dossiers", "--max-reject-rate", "0.2",
		repoFile(t, "pipeline/input/dossiers_25_2026-09.csv"), repoFile(t, "pipeline/input/dossiers_25_2026-10.csv")}
}

// portalSmall loads the hand-written portal log whose tables cmd's TestPortalTables
// works out by hand: 21 lines of Phú Thọ's portal on 5 and 6 October 2026.
func portalSmall(t *testing.T) []string {
	return []string{"ingest", "logs", "--max-reject-rate", "0.1", repoFile(t, "access_logs/portal_small.log")}
}
