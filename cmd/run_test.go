package cmd

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"reformindex/sql"
)

// runEpoch fixes the clock written into bundles, so that two runs can be compared byte for byte.
const runEpoch = "SOURCE_DATE_EPOCH=1793491200" // 2026-11-01T00:00:00Z

// sampleInbox writes three months of sample exports for Phú Thọ into dir/inbox.
func sampleInbox(t *testing.T, dir string, perMonth string) {
	t.Helper()
	r := reform(t, dir, "sample", "--province", "25", "--months", "3", "--from", "2026-08",
		"--dossiers-per-month", perMonth, "--seed", "3", "--out", "inbox")
	if r.code != 0 {
		t.Fatalf("sample: exit %d: %s", r.code, r.stderr)
	}
}

// readTree maps every file under root (relative path) to its bytes.
func readTree(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(t *testing.T, want, got map[string][]byte) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("bundle has %d files, want %d", len(got), len(want))
	}
	for name, b := range want {
		if !bytes.Equal(b, got[name]) {
			t.Errorf("%s differs from the uninterrupted run", name)
		}
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	sampleInbox(t, dir, "60")
	r := reformEnv(t, dir, []string{runEpoch}, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
	if r.code != 0 {
		t.Fatalf("run: exit %d\n%s", r.code, r.stderr)
	}
	if got := strings.TrimSpace(r.stdout); got != filepath.Join("www", "2026-10", "index.html") {
		t.Errorf("run printed %q", got)
	}
	for _, stage := range []string{"stage=ingest", "stage=build", "stage=report", "files_loaded=3"} {
		if !strings.Contains(r.stderr, stage) {
			t.Errorf("logs lack %q:\n%s", stage, r.stderr)
		}
	}
	first := readTree(t, filepath.Join(dir, "www", "2026-10"))
	if _, ok := first["metrics.csv"]; !ok {
		t.Fatal("no metrics.csv published")
	}

	// Re-running changes nothing: the files are recognised, the bundle is the same.
	r = reformEnv(t, dir, []string{runEpoch, "REFORM_DB=reform.duckdb"}, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www", "--log-format", "json")
	if r.code != 0 || !strings.Contains(r.stderr, `"files_skipped":3`) {
		t.Fatalf("second run: exit %d\n%s", r.code, r.stderr)
	}
	sameTree(t, first, readTree(t, filepath.Join(dir, "www", "2026-10")))

	// A failing run (a file without a required column) publishes nothing and keeps the bundle.
	if err := os.WriteFile(filepath.Join(dir, "inbox", "zz_broken.csv"), []byte("dossier_code,unit_code\nX,04792\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = reformEnv(t, dir, []string{runEpoch}, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
	if r.code != exitError || !strings.Contains(r.stderr, "zz_broken.csv") || !strings.Contains(r.stderr, "nothing published") {
		t.Errorf("run with a broken file: exit %d\n%s", r.code, r.stderr)
	}
	sameTree(t, first, readTree(t, filepath.Join(dir, "www", "2026-10")))
	if left, _ := filepath.Glob(filepath.Join(dir, "www", ".reform-tmp-*")); len(left) > 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func TestRunConcurrent(t *testing.T) {
	dir := t.TempDir()
	sampleInbox(t, dir, "50")
	db, err := sql.Open(context.Background(), filepath.Join(dir, "reform.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := reform(t, dir, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
	if r.code != exitLocked || !strings.Contains(r.stderr, "is locked by another process") || !strings.Contains(r.stderr, "--wait") {
		t.Errorf("run while the database is held: exit %d\n%s", r.code, r.stderr)
	}
	// With --wait it waits for the holder, then runs.
	c := exec.Command(reformBin, "run", "--wait", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
	c.Dir = dir
	var errb bytes.Buffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	db.Close()
	if err := c.Wait(); err != nil {
		t.Fatalf("run --wait: %v\n%s", err, errb.String())
	}
	if !strings.Contains(errb.String(), "waiting for the database") {
		t.Errorf("run --wait did not say it waited:\n%s", errb.String())
	}
}

// TestRunKilled kills the monthly job with SIGKILL at several moments, runs it again, and
// expects the very bundle of an uninterrupted run.
func TestRunKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	ref := t.TempDir()
	sampleInbox(t, ref, "150")
	start := time.Now()
	r := reformEnv(t, ref, []string{runEpoch}, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
	if r.code != 0 {
		t.Fatalf("reference run: exit %d\n%s", r.code, r.stderr)
	}
	full := time.Since(start)
	want := readTree(t, filepath.Join(ref, "www", "2026-10"))
	for _, frac := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
		dir := t.TempDir()
		if err := os.CopyFS(filepath.Join(dir, "inbox"), os.DirFS(filepath.Join(ref, "inbox"))); err != nil {
			t.Fatal(err)
		}
		c := exec.Command(reformBin, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
		c.Dir = dir
		c.Env = append(os.Environ(), runEpoch)
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(full)))
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		r := reformEnv(t, dir, []string{runEpoch}, "run", "--period", "2026-10", "--inbox", "inbox", "--out", "www")
		if r.code != 0 {
			t.Fatalf("re-run after a kill at %.0f%%: exit %d\n%s", 100*frac, r.code, r.stderr)
		}
		sameTree(t, want, readTree(t, filepath.Join(dir, "www", "2026-10")))
		got := reformEnv(t, dir, nil, "query", "--format", "csv", "SELECT count(*) AS n, count(DISTINCT dossier_code) AS d FROM raw_dossiers")
		wantCount := reformEnv(t, ref, nil, "query", "--format", "csv", "SELECT count(*) AS n, count(DISTINCT dossier_code) AS d FROM raw_dossiers")
		if got.stdout != wantCount.stdout {
			t.Errorf("after a kill at %.0f%%: dossiers %q, want %q", 100*frac, got.stdout, wantCount.stdout)
		}
	}
}

// TestRunOutputFullOrReadOnly publishes a bundle on a small file system of its own (a tmpfs in
// a private mount namespace), fills it up and runs again, then makes it read-only and runs
// again: each failing run exits 1 with one clear line naming the folder and the cause, and the
// previous bundle is left as it was, with no temporary folder behind.
func TestRunOutputFullOrReadOnly(t *testing.T) {
	if reformBin == "" {
		t.Skip("whole-CLI test (skipped under -short)")
	}
	if out, err := exec.Command("unshare", "-m", "true").CombinedOutput(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("unshare -m: %v %s (CI must be able to make a private tmpfs)", err, out)
		}
		t.Skipf("needs a private mount namespace (root): %v %s", err, out)
	}
	dir := t.TempDir()
	sampleInbox(t, dir, "20")
	if err := os.Mkdir(filepath.Join(dir, "www"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := `"$REFORM" run --period 2026-10 --inbox inbox --out www`
	script := `set -e
mount -t tmpfs -o size=24m tmpfs www
` + run + ` >first.out 2>first.err
cp -r www/2026-10 before
dd if=/dev/zero of=www/filler bs=64k 2>/dev/null || true
set +e
` + run + ` >full.out 2>full.err; echo $? >full.rc
rm www/filler
cp -r www/2026-10 afterfull
ls -a www >full.ls
mount -o remount,ro www
` + run + ` >ro.out 2>ro.err; echo $? >ro.rc
cp -r www/2026-10 afterro
`
	c := exec.Command("unshare", "-m", "sh", "-c", script)
	c.Dir = dir
	c.Env = append(filterEnv(os.Environ(), "REFORM_DB"), "TZ=UTC", runEpoch, "REFORM="+reformBin)
	if out, err := c.CombinedOutput(); err != nil {
		first, _ := os.ReadFile(filepath.Join(dir, "first.err"))
		t.Fatalf("script: %v\n%s\n%s", err, out, first)
	}
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return strings.TrimSpace(string(b))
	}
	before := readTree(t, filepath.Join(dir, "before"))
	if _, ok := before["metrics.csv"]; !ok {
		t.Fatal("the first run published no metrics.csv")
	}
	for _, c := range []struct{ name, cause string }{{"full", "no space left on device"}, {"ro", "read-only file system"}} {
		if rc := read(c.name + ".rc"); rc != "1" {
			t.Errorf("%s: exit %s, want 1\n%s", c.name, rc, read(c.name+".err"))
		}
		errText := read(c.name + ".err")
		last := errText[strings.LastIndex(errText, "\n")+1:]
		if !strings.HasPrefix(last, "reform: ") || !strings.Contains(last, "www") || !strings.Contains(last, c.cause) ||
			!strings.Contains(errText, "nothing published") {
			t.Errorf("%s: the error should name the folder and %q, and say nothing was published:\n%s", c.name, c.cause, errText)
		}
		if out := read(c.name + ".out"); out != "" {
			t.Errorf("%s: printed %q on stdout", c.name, out)
		}
	}
	sameTree(t, before, readTree(t, filepath.Join(dir, "afterfull")))
	sameTree(t, before, readTree(t, filepath.Join(dir, "afterro")))
	if ls := read("full.ls"); strings.Contains(ls, ".reform-tmp-") {
		t.Errorf("temporary folder left behind on the full file system:\n%s", ls)
	}
}
