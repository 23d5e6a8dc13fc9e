package reports

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
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
	for _, table := range []string{"ref_units", "scorecard", "index_components"} {
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
	for _, f := range []string{"communes/11953.html", "communes/11977.html", "communes/11992.html", "communes/11995.html"} {
		read(t, filepath.Join(bundle, f))
	}
	if got := read(t, filepath.Join(bundle, "assets", "echarts.min.js")); got != string(echartsJS) {
		t.Error("assets/echarts.min.js is not the embedded copy")
	}
	if got := read(t, filepath.Join(bundle, "assets", "style.css")); got != string(styleCSS) {
		t.Error("assets/style.css is not the embedded copy")
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
	want := `<a href="communes/90005.html">Đông Hòa</a></td><td class="num">—</td><td></td><td class="num"></td><td class="num">—</td><td class="num">—</td><td class="num">100</td>`
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
	read(t, filepath.Join(root, "assets", "style.css"))
	for _, d := range res.Dirs {
		for _, f := range []string{"index.html", "metrics.csv", "assets/echarts.min.js", "assets/style.css"} {
			read(t, filepath.Join(d, f))
		}
		if !strings.Contains(read(t, filepath.Join(d, "index.html")), `href="../index.html"`) {
			t.Errorf("%s/index.html does not link back to the provinces", d)
		}
	}
	read(t, filepath.Join(root, "01", "communes", "00004.html"))
	read(t, filepath.Join(root, "33", "communes", "12142.html"))

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
		{"malformed period", Options{Period: "10/2026"}, `period "10/2026" is not YYYY-MM, YYYY-Qn or YYYY`},
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

func TestWriteEscapesUnitNames(t *testing.T) {
	dir, _ := writeCase(t, "script_in_name", Options{})
	for _, f := range []string{"index.html", "communes/90001.html"} {
		page := read(t, filepath.Join(dir, "2026-10", f))
		if strings.Contains(page, "alert(1)</script>") || strings.Contains(page, "<script>alert") {
			t.Errorf("%s: the unit name breaks out of its element", f)
		}
		if n, m := strings.Count(page, "<script"), strings.Count(page, "</script>"); n != 2 || m != 2 {
			t.Errorf("%s: %d <script> and %d </script>", f, n, m)
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
