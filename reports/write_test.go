package reports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"reformindex/sql"
)

// openCase creates the tables reports reads in a fresh DuckDB file and loads
// testdata/<name>/input/<table>.csv into each table that has one.
func openCase(t *testing.T, name string) *sql.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "test.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	schema, err := os.ReadFile("testdata/schema.sql")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ExecSQL(ctx, string(schema)); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"ref_units", "scorecard", "index_components", "stg_dossiers",
		"load_files", "raw_rejects", "ref_units_pre2025", "ref_unit_conversion", "scorecard_pre2025"} {
		path, err := filepath.Abs(filepath.Join("testdata", name, "input", table+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			continue
		}
		q := "INSERT INTO " + table + " BY NAME SELECT * FROM read_csv(" + sql.QuoteString(path) +
			", header = true, all_varchar = true)"
		if err := db.ExecSQL(ctx, q); err != nil {
			t.Fatalf("load %s: %v", path, err)
		}
	}
	return db
}

var testNow = time.Date(2026, 11, 3, 1, 30, 0, 0, time.UTC)

// writeCase renders a case's period-2026-10 bundle into a temporary folder.
func writeCase(t *testing.T, name string, o Options) (string, Result) {
	t.Helper()
	db := openCase(t, name)
	dir := t.TempDir()
	if o.Period == "" {
		o.Period = "2026-10"
	}
	o.Now = testNow
	res, err := Write(context.Background(), db, dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return dir, res
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteGolden(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	dir, res := writeCase(t, "small", Options{Location: hcm})
	bundle := filepath.Join(dir, "2026-10")
	if want := []string{bundle}; len(res.Dirs) != 1 || res.Dirs[0] != bundle {
		t.Errorf("Dirs = %q, want %q", res.Dirs, want)
	}
	if want := filepath.Join(bundle, "index.html"); res.Index != want {
		t.Errorf("Index = %q, want %q", res.Index, want)
	}
	for _, f := range []string{"metrics.csv", "index.html", "communes/12142.html"} {
		golden(t, filepath.Join("testdata", "small", "want", f), []byte(read(t, filepath.Join(bundle, f))))
	}
	for _, f := range []string{"communes/11953.html", "communes/11977.html", "communes/11992.html", "communes/11995.html",
		"metrics.xlsx", "data/scorecard.parquet", "data/index_components.parquet"} {
		read(t, filepath.Join(bundle, f))
	}
	for name, want := range map[string][]byte{"echarts.min.js": echartsJS, "style.css": styleCSS, "report.js": reportJS} {
		if got := read(t, filepath.Join(bundle, "assets", name)); got != string(want) {
			t.Errorf("assets/%s is not the embedded copy", name)
		}
	}
}

// TestWriteDeterministic renders the same tables twice: every file of the bundle is the
// same, byte for byte (the only clock time written is Options.Now).
func TestWriteDeterministic(t *testing.T) {
	db := openCase(t, "small")
	var bundles [2]map[string]string
	for i := range bundles {
		dir := t.TempDir()
		if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Now: testNow}); err != nil {
			t.Fatal(err)
		}
		bundles[i] = map[string]string{}
		err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, path)
				bundles[i][rel] = read(t, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(bundles[0]) != len(bundles[1]) || len(bundles[0]) < 12 {
		t.Fatalf("%d and %d files", len(bundles[0]), len(bundles[1]))
	}
	for name, a := range bundles[0] {
		if b := bundles[1][name]; a != b {
			t.Errorf("%s differs between two renders of the same tables", name)
		}
	}
}

func TestWriteEnglish(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{Lang: "en"})
	page := read(t, filepath.Join(dir, "2026-10", "index.html"))
	for _, want := range []string{`<html lang="en">`, "Commune ranking", "October 2026", "no data", "Good"} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	commune := read(t, filepath.Join(dir, "2026-10", "communes", "12142.html"))
	if !strings.Contains(commune, "Online payment</td><td class=\"num\">not measured</td>") {
		t.Error("English commune page does not show the unmeasured component in English")
	}
}

func TestWriteNullIsDashNotZero(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{})
	// Ân Thi has no online_payment_rate (not measured) but every other rate.
	page := read(t, filepath.Join(dir, "2026-10", "communes", "12142.html"))
	if !strings.Contains(page, "<td>Tỷ lệ thanh toán trực tuyến</td><td class=\"num\">—</td>") {
		t.Error("a NULL rate is not shown as —")
	}
	if !strings.Contains(page, "<td>Thanh toán trực tuyến</td><td class=\"num\">không đo được</td><td class=\"num\">không đo được</td>") {
		t.Error("a component not measured is not shown as không đo được")
	}
	// Đại Đồng has no data in the period: its page says so and shows no rate as 0.
	page = read(t, filepath.Join(dir, "2026-10", "communes", "11995.html"))
	if !strings.Contains(page, vi.CommuneNoData) {
		t.Error("the page of a commune without data does not say so")
	}
	if strings.Contains(page, `<td class="num">0%</td>`) {
		t.Error("a commune without data shows a rate of 0%")
	}
	// Đông Hòa has data but neither online_rate nor an index.
	dir, _ = writeCase(t, "tied_ranks", Options{})
	page = read(t, filepath.Join(dir, "2026-10", "index.html"))
	want := `<a href="communes/90005.html">Đông Hòa</a></td><td class="num" data-v="">—</td><td data-v=""></td>` +
		`<td class="num" data-v=""></td><td class="num" data-v="">—</td><td class="num" data-v="">—</td>` +
		`<td class="num" data-v="0">0</td><td class="num" data-v="100">100</td>`
	if !strings.Contains(page, want) {
		t.Errorf("ranking row of a commune without rates:\n%s", want)
	}
}

func TestWriteSeveralProvinces(t *testing.T) {
	dir, res := writeCase(t, "two_provinces", Options{})
	root := filepath.Join(dir, "2026-10")
	want := []string{filepath.Join(root, "01"), filepath.Join(root, "33")}
	if strings.Join(res.Dirs, "\n") != strings.Join(want, "\n") {
		t.Errorf("Dirs = %q, want %q", res.Dirs, want)
	}
	if res.Index != filepath.Join(root, "index.html") {
		t.Errorf("Index = %q", res.Index)
	}
	top := read(t, res.Index)
	for _, s := range []string{`href="01/index.html">Thành phố Hà Nội</a>`, `href="33/index.html">Tỉnh Hưng Yên</a>`,
		`href="assets/style.css"`, "1/2"} {
		if !strings.Contains(top, s) {
			t.Errorf("top index.html lacks %q", s)
		}
	}
	if strings.Contains(top, "echarts.min.js") {
		t.Error("top index.html loads echarts but has no chart")
	}
	// One assets folder for the whole bundle: no copy per province, none per page.
	for _, f := range []string{"echarts.min.js", "style.css", "report.js"} {
		read(t, filepath.Join(root, "assets", f))
	}
	for _, d := range res.Dirs {
		for _, f := range []string{"index.html", "metrics.csv", "metrics.xlsx", "data/scorecard.parquet"} {
			read(t, filepath.Join(d, f))
		}
		if _, err := os.Stat(filepath.Join(d, "assets")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s has its own assets folder", d)
		}
		index := read(t, filepath.Join(d, "index.html"))
		for _, s := range []string{`href="../index.html"`, `href="../assets/style.css"`, `src="../assets/echarts.min.js"`} {
			if !strings.Contains(index, s) {
				t.Errorf("%s/index.html lacks %s", d, s)
			}
		}
	}
	for _, page := range []string{filepath.Join(root, "01", "communes", "00004.html"), filepath.Join(root, "33", "communes", "12142.html")} {
		if !strings.Contains(read(t, page), `src="../../assets/echarts.min.js"`) {
			t.Errorf("%s does not use the bundle's assets", page)
		}
	}

	// --province picks one: the single-province layout.
	dir, res = writeCase(t, "two_provinces", Options{Province: "33"})
	if res.Dirs[0] != filepath.Join(dir, "2026-10") {
		t.Errorf("with Province, Dirs = %q", res.Dirs)
	}
	read(t, filepath.Join(dir, "2026-10", "communes", "12142.html"))
}

func TestWriteErrors(t *testing.T) {
	db := openCase(t, "small")
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"period without metrics", Options{Period: "2026-11"},
			"no metrics for period 2026-11\nhint: run reform build first, or pick a period reform status lists"},
		{"province without metrics", Options{Period: "2026-10", Province: "01"},
			"no metrics for province \"01\" in period 2026-10\nhint: run reform build first, or pick a period reform status lists"},
		{"month 13", Options{Period: "2026-13"}, `period "2026-13": month 13 is not 01–12`},
		{"malformed period", Options{Period: "10/2026"}, `period "10/2026" is not YYYY-MM, YYYY-Qn, YYYY or YYYY-ytd-MM`},
		{"unknown language", Options{Period: "2026-10", Lang: "fr"}, `language "fr" is not vi or en`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Write(context.Background(), db, t.TempDir(), tc.o)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.HasPrefix(tc.want, "no metrics") && !errors.Is(err, ErrNoMetrics) {
				t.Error("error is not ErrNoMetrics")
			}
		})
	}
}

func TestWriteEscapesInputText(t *testing.T) {
	dir, _ := writeCase(t, "script_in_name", Options{})
	for _, f := range []string{"index.html", "communes/90001.html"} {
		page := read(t, filepath.Join(dir, "2026-10", f))
		if strings.Contains(page, "alert(1)</script>") || strings.Contains(page, "<script>alert") {
			t.Errorf("%s: the unit name breaks out of its element", f)
		}
		// echarts.min.js, report.js and the charts' options; nothing else.
		if n, m := strings.Count(page, "<script"), strings.Count(page, "</script>"); n != 3 || m != 3 {
			t.Errorf("%s: %d <script> and %d </script>", f, n, m)
		}
		// The procedure name and dossier code from the input are text too.
		if !strings.Contains(page, "Thủ tục &lt;script&gt;alert(2)&lt;/script&gt;") {
			t.Errorf("%s: the procedure name is not shown escaped", f)
		}
		if strings.Contains(page, "<img") || strings.Contains(page, "<b>") {
			t.Errorf("%s: a tag from the input is in the page", f)
		}
		if !strings.Contains(page, "Xã &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;B&#34;") {
			t.Errorf("%s: the unit name is not shown escaped", f)
		}
		if !strings.Contains(page, `Xã \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"B\"`) {
			t.Errorf("%s: the unit name is not escaped inside the chart JSON", f)
		}
	}
}

// assetRef matches src and href attribute values.
var assetRef = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

func TestWriteNoNetworkAssets(t *testing.T) {
	dir, _ := writeCase(t, "two_provinces", Options{})
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".html" {
			return err
		}
		for _, m := range assetRef.FindAllStringSubmatch(read(t, path), -1) {
			if strings.Contains(m[1], "://") || strings.HasPrefix(m[1], "//") {
				t.Errorf("%s references %s", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestWriteOverdueDossierCodeEscaped(t *testing.T) {
	dir, _ := writeCase(t, "script_in_name", Options{})
	page := read(t, filepath.Join(dir, "2026-10", "communes", "90001.html"))
	if !strings.Contains(page, "<td>&lt;img src=x onerror=alert(3)&gt;</td>") {
		t.Error("the dossier code is not shown escaped")
	}
}

func TestWriteTargets(t *testing.T) {
	five, ninety := 5.0, 90.0
	dir, _ := writeCase(t, "small", Options{Targets: []Target{
		{Metric: "open_overdue", AtMost: &five},
		{Metric: "ontime_rate", AtLeast: &ninety},
	}})
	index := read(t, filepath.Join(dir, "2026-10", "index.html"))
	for _, want := range []string{
		`<div class="target worse">Mục tiêu ≤ 5: chưa đạt</div>`,  // 9 open overdue
		`<div class="target better">Mục tiêu ≥ 90,00%: đạt</div>`, // 90,00 %
	} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if strings.Contains(index, "≥ 50,00%") {
		t.Error("the default online-rate target is shown though Targets replaced the defaults")
	}
	commune := read(t, filepath.Join(dir, "2026-10", "communes", "12142.html"))
	want := `<td>Hồ sơ quá hạn chưa giải quyết</td><td class="num">2</td><td class="num">9</td><td class="num better">≤ 5<br><small>đạt</small></td>`
	if !strings.Contains(commune, want) {
		t.Errorf("commune page lacks %s", want)
	}
}

func TestWritePre2025Districts(t *testing.T) {
	dir, _ := writeCase(t, "pre2025", Options{Period: "2025-03"})
	page := read(t, filepath.Join(dir, "2025-03", "index.html"))
	for _, want := range []string{
		`<option value="">Mọi huyện</option><option value="Huyện Ân Thi">Huyện Ân Thi</option><option value="Huyện Kim Động">Huyện Kim Động</option></select>`,
		`<tr data-k="xa hong quang" data-b="Khá" data-d="|Huyện Ân Thi|Huyện Kim Động|">`,
		`<td data-v="1">Huyện Ân Thi, Huyện Kim Động</td>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	// From July 2025 there are no districts: no column, no filter.
	dir, _ = writeCase(t, "small", Options{})
	if page := read(t, filepath.Join(dir, "2026-10", "index.html")); strings.Contains(page, "filter-district") {
		t.Error("a 2026 period has a district filter")
	}
}

func TestParallel(t *testing.T) {
	var mu sync.Mutex
	seen := map[int]bool{}
	err := parallel(context.Background(), 500, func(i int) error {
		mu.Lock()
		defer mu.Unlock()
		seen[i] = true
		return nil
	})
	if err != nil || len(seen) != 500 {
		t.Fatalf("err %v, %d calls, want 500", err, len(seen))
	}
	boom := errors.New("boom")
	err = parallel(context.Background(), 100, func(i int) error {
		if i == 7 {
			return fmt.Errorf("page %d: %w", i, boom)
		}
		return nil
	})
	if !errors.Is(err, boom) || err.Error() != "page 7: boom" {
		t.Errorf("err = %v, want page 7: boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := parallel(ctx, 10, func(int) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestWriteProgress(t *testing.T) {
	var calls [][2]int64
	writeCase(t, "two_provinces", Options{Progress: func(done, total int64) {
		calls = append(calls, [2]int64{done, total}) // one call at a time: no lock needed
	}})
	n := int64(len(calls))
	if n == 0 || calls[n-1] != [2]int64{n, n} {
		t.Errorf("progress calls %v, want 1…n of n, one per commune page", calls)
	}
}

func TestWriteBeforeBuild(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "empty.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = Write(ctx, db, t.TempDir(), Options{Period: "2026-10"})
	if !errors.Is(err, ErrNoMetrics) || !strings.Contains(err.Error(), "run reform build first") {
		t.Errorf("Write before a build: %v, want ErrNoMetrics with a hint to build", err)
	}
}
