package reports

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"reformindex/sql"
)

// Browser tests open a rendered bundle from disk in headless Chromium (Debian's chromium
// package, driven with chromedp) at a phone's and a laptop's width: no console errors,
// every chart drawn, the ranking sorts and filters, print hides the controls. Screenshots
// go to testdata/artifacts/reports/ at the repository root (git-ignored).

const chromiumPath = "/usr/bin/chromium"

// artifacts is where screenshots are kept.
var artifacts = filepath.Join("..", "testdata", "artifacts", "reports")

// browserNames are real commune names for the browser case, with the diacritics filters must see through.
var browserNames = []string{"Xã Hy Cương", "Phường Việt Trì", "Phường Vân Phú", "Xã Bản Nguyên", "Xã Đan Thượng",
	"Phường Phong Châu", "Xã Minh Hòa", "Xã Lương Sơn", "Xã Thanh Thủy", "Xã Tam Sơn", "Xã Mai Châu",
	"Phường Phú Thọ", "Xã Yên Phú", "Xã Văn Bán", "Xã Phú Mỹ", "Xã Xuân Viên", "Xã Sông Lô", "Xã Tân Lạc",
	"Xã Long Cốc", "Phường Hòa Bình", "Xã Lạc Sơn", "Phường Đông Hòa", "Xã Ấp Bắc", "Xã Ân Thi"}

// browser starts Chromium for one test. Without it the test fails under CI (CI=true: make
// test installs it) and is skipped elsewhere, saying how to get it.
func browser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test (skipped under -short)")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		if ci, _ := strconv.ParseBool(os.Getenv("CI")); ci {
			t.Fatalf("browser tests need %s (Debian package chromium; make test installs it): %v", chromiumPath, err)
		}
		t.Skipf("%s is missing: apt-get install chromium (or make test) to run the browser tests", chromiumPath)
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // start the browser with no deadline
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return ctx
}

// tab is one page open in the browser, with the console messages it wrote.
type tab struct {
	t    *testing.T
	ctx  context.Context
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

// open loads path at the given viewport width and waits until its charts are drawn.
func open(t *testing.T, ctx context.Context, path string, width int64) *tab {
	t.Helper()
	tb := &tab{t: t, ctx: ctx}
	mctx, stop := context.WithCancel(ctx)
	messages := chromedp.Console(mctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.msgs = append(tb.msgs, m)
			tb.mu.Unlock()
		}
	}()
	t.Cleanup(func() { stop(); <-done })
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	tb.do(chromedp.EmulateViewport(width, 900), chromedp.Navigate("file://"+abs))
	return tb
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// undrawn lists the chart containers without a canvas that has at least one painted pixel.
const undrawn = `Array.from(document.querySelectorAll(".chart .item")).map(function (el) {
	var c = el.querySelector("canvas");
	if (!c || !c.width || !c.height) { return el.id + ": no canvas"; }
	var d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
	for (var i = 3; i < d.length; i += 4) { if (d[i] !== 0) { return ""; } }
	return el.id + ": blank canvas";
}).filter(Boolean)`

// undrawnCharts waits up to 10 s for every chart container to hold a drawn canvas and
// returns those that do not.
func (tb *tab) undrawnCharts() []string {
	tb.t.Helper()
	var left []string
	for range 100 {
		if left = eval[[]string](tb, undrawn); len(left) == 0 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

// consoleErrors are the console errors and uncaught exceptions so far, failed loads included.
func (tb *tab) consoleErrors() []string {
	time.Sleep(200 * time.Millisecond) // let the last messages arrive
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []string
	for _, m := range tb.msgs {
		if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
			out = append(out, fmt.Sprintf("console %s at %s:%d: %s", m.Type, m.URL, m.Line+1, m))
		}
	}
	return out
}

// check fails the test on charts not drawn and on console errors.
func (tb *tab) check() {
	tb.t.Helper()
	if left := tb.undrawnCharts(); len(left) > 0 {
		tb.t.Errorf("charts not drawn: %s", strings.Join(left, "; "))
	}
	for _, e := range tb.consoleErrors() {
		tb.t.Error(e)
	}
}

// screenshot saves the whole page as artifacts/<name>.png.
func (tb *tab) screenshot(name string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(artifacts, name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// renderBrowserCase renders a 24-commune province with 12 months of data.
func renderBrowserCase(t *testing.T, lang string) string {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open(ctx, filepath.Join(t.TempDir(), "browser.duckdb"), sql.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := synthetic{provinces: 1, communes: len(browserNames) + 2, names: browserNames, dossiers: 30000, period: "2026-10"}
	if err := s.create(ctx, db); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(ctx, db, dir, Options{Period: "2026-10", Lang: lang, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "2026-10")
}

func TestBrowserPages(t *testing.T) {
	ctx := browser(t)
	bundle := renderBrowserCase(t, "vi")
	commune := filepath.Join(bundle, "communes", "10000.html") // Xã Hy Cương
	for _, width := range []int64{360, 1366} {
		for _, page := range []struct{ name, path string }{{"index", filepath.Join(bundle, "index.html")}, {"commune", commune}} {
			t.Run(fmt.Sprintf("%s at %d px", page.name, width), func(t *testing.T) {
				tb := open(t, ctx, page.path, width)
				tb.check()
				n := eval[int](tb, `document.querySelectorAll(".chart .item").length`)
				if want := map[string]int{"index": 4, "commune": 4}[page.name]; n != want {
					t.Errorf("%d chart containers, want %d", n, want)
				}
				// Nothing is wider than the viewport but the scrolling tables' contents.
				if w := eval[int](tb, `document.documentElement.scrollWidth`); int64(w) > width {
					t.Errorf("page is %d px wide in a %d px viewport", w, width)
				}
				tb.screenshot(fmt.Sprintf("%s-%d", page.name, width))
			})
		}
	}
}

// rankingColumn returns the data-v keys of one column of the visible ranking rows.
func rankingColumn(tb *tab, col int) []string {
	return eval[[]string](tb, fmt.Sprintf(`Array.from(document.querySelectorAll("#ranking-table tbody tr"))
		.filter(function (r) { return !r.hidden; })
		.map(function (r) { return r.cells[%d].getAttribute("data-v"); })`, col))
}

func visibleNames(tb *tab) []string {
	return eval[[]string](tb, `Array.from(document.querySelectorAll("#ranking-table tbody tr"))
		.filter(function (r) { return !r.hidden; })
		.map(function (r) { return r.cells[1].querySelector("a").textContent; })`)
}

// sorted reports whether the numeric keys are in order (desc or not), empty keys last.
func sorted(keys []string, desc bool) bool {
	empty := false
	prev := 0.0
	for i, k := range keys {
		if k == "" {
			empty = true
			continue
		}
		v, err := strconv.ParseFloat(k, 64)
		if err != nil || empty {
			return false
		}
		if i > 0 && ((desc && v > prev) || (!desc && v < prev)) {
			return false
		}
		prev = v
	}
	return true
}

func TestBrowserRankingSortAndFilter(t *testing.T) {
	ctx := browser(t)
	bundle := renderBrowserCase(t, "vi")
	tb := open(t, ctx, filepath.Join(bundle, "index.html"), 1366)
	tb.check()
	header := func(col int) chromedp.CSS {
		return chromedp.CSS(fmt.Sprintf("#ranking-table thead th:nth-child(%d) button", col+1))
	}

	// Index (column 2): the first click sorts high to low, the second low to high.
	tb.do(chromedp.Click(header(2)))
	if keys := rankingColumn(tb, 2); !sorted(keys, true) {
		t.Errorf("after one click on the index, keys = %v", keys)
	}
	tb.do(chromedp.Click(header(2)))
	if keys := rankingColumn(tb, 2); !sorted(keys, false) {
		t.Errorf("after two clicks on the index, keys = %v", keys)
	}
	// Names: Vietnamese order (Ấp before Bản, Đông after Dương-less D…), not byte order.
	tb.do(chromedp.Click(header(1)))
	names := visibleNames(tb)
	want := append([]string(nil), names...)
	collate.New(language.Vietnamese).SortStrings(want)
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("sorted by name:\n got %v\nwant %v", names, want)
	}
	// Rank (column 0) back to the ranking order, unranked last.
	tb.do(chromedp.Click(header(0)))
	if keys := rankingColumn(tb, 0); !sorted(keys, false) {
		t.Errorf("sorted by rank, keys = %v", keys)
	}

	// Filters: typed without diacritics, đ as d; the page header states them.
	for _, tc := range []struct{ typed, want string }{
		{"hy cuong", "Xã Hy Cương"},
		{"DONG HOA", "Phường Đông Hòa"},
		{"ap bac", "Xã Ấp Bắc"},
	} {
		setField(tb, "filter-name", "")
		tb.do(chromedp.SendKeys(chromedp.ID("filter-name"), tc.typed))
		if got := visibleNames(tb); len(got) != 1 || got[0] != tc.want {
			t.Errorf("typed %q: rows %v, want [%s]", tc.typed, got, tc.want)
		}
		if active := eval[string](tb, `document.getElementById("active-filters").textContent`); !strings.Contains(active, tc.typed) {
			t.Errorf("typed %q: page header says %q", tc.typed, active)
		}
	}
	setField(tb, "filter-name", "")
	tb.do(chromedp.SendKeys(chromedp.ID("filter-name"), "zzz"))
	if got := eval[string](tb, `document.getElementById("filter-status").textContent`); got != vi.NoMatch {
		t.Errorf("no match: status %q", got)
	}
	// Band: only that band's rows.
	setField(tb, "filter-name", "")
	setField(tb, "filter-band", "Tốt")
	bands := eval[[]string](tb, `Array.from(document.querySelectorAll("#ranking-table tbody tr"))
		.filter(function (r) { return !r.hidden; }).map(function (r) { return r.getAttribute("data-b"); })`)
	if len(bands) == 0 || strings.Count(strings.Join(bands, "|")+"|", "Tốt|") != len(bands) {
		t.Errorf("band Tốt shows rows of bands %v", bands)
	}
	if active := eval[string](tb, `document.getElementById("active-filters").textContent`); !strings.Contains(active, "Xếp loại: Tốt") {
		t.Errorf("band filter: page header says %q", active)
	}
	for _, e := range tb.consoleErrors() {
		t.Error(e)
	}
	tb.screenshot("index-1366-filtered")

	// Print: A4, the controls hidden, what is shown stated.
	tb.do(emulationPrint())
	if d := eval[string](tb, `getComputedStyle(document.querySelector(".filters")).display`); d != "none" {
		t.Errorf("print shows the filter controls (display %s)", d)
	}
	pdf, err := chromedp.Run(tb.ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil || len(pdf) < 1000 {
		t.Fatalf("print to PDF: %d bytes, %v", len(pdf), err)
	}
	if err := os.WriteFile(filepath.Join(artifacts, "index-print.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
}

// setField sets a form field's value as a person choosing or clearing it would, with
// the input and change events.
func setField(tb *tab, id, value string) {
	tb.t.Helper()
	ok := eval[bool](tb, fmt.Sprintf(`(function () { var f = document.getElementById(%q); f.value = %q;
		f.dispatchEvent(new Event("input")); f.dispatchEvent(new Event("change")); return f.value === %q; }())`, id, value, value))
	if !ok {
		tb.t.Fatalf("#%s has no option %q", id, value)
	}
}

// emulationPrint makes the page use its print stylesheet.
func emulationPrint() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
}

func TestBrowserPre2025Districts(t *testing.T) {
	ctx := browser(t)
	dir, _ := writeCase(t, "pre2025", Options{Period: "2025-03"})
	tb := open(t, ctx, filepath.Join(dir, "2025-03", "index.html"), 1366)
	tb.check()
	setField(tb, "filter-district", "Huyện Ân Thi")
	if got, want := strings.Join(visibleNames(tb), "|"), "Xã Ân Thi|Xã Hồng Quang"; got != want {
		t.Errorf("district Huyện Ân Thi shows %s, want %s", got, want)
	}
	for _, e := range tb.consoleErrors() {
		t.Error(e)
	}
}

// TestBrowserSeesBrokenPages checks the checks: without the bundle's echarts.min.js the
// page logs errors and draws nothing, and the browser tests see both.
func TestBrowserSeesBrokenPages(t *testing.T) {
	ctx := browser(t)
	bundle := renderBrowserCase(t, "vi")
	if err := os.Remove(filepath.Join(bundle, "assets", "echarts.min.js")); err != nil {
		t.Fatal(err)
	}
	tb := open(t, ctx, filepath.Join(bundle, "index.html"), 1366)
	if left := tb.undrawnCharts(); len(left) != 4 {
		t.Errorf("undrawn charts = %v, want all 4", left)
	}
	if errs := tb.consoleErrors(); len(errs) == 0 {
		t.Error("no console error for a missing script")
	}
}

// TestBrowserPortal opens portal.html and a commune page with its portal panel, rendered
// from a database that the real pipeline built from a sample province with a month of
// access logs holding an outage: every chart drawn, the outage marked, no console error,
// nothing wider than a phone.
func TestBrowserPortal(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	runReform(t, dir, "sample", "--province", "25", "--months", "2", "--from", "2026-09", "--logs",
		"--dossiers-per-month", "20", "--requests-per-month", "6000", "--seed", "1", "--out", "ex")
	db := pipelineDB(t, dir,
		[]string{"ingest", "dossiers", "ex/dossiers_25_2026-09.csv", "ex/dossiers_25_2026-10.csv"},
		[]string{"ingest", "logs", "ex/access_25_2026-09.log.gz", "ex/access_25_2026-10.log"})
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if _, err := Write(context.Background(), db, out, Options{Period: "2026-09", Now: testNow, Location: hcm}); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(out, "2026-09")
	commune := filepath.Join(bundle, "communes", "04792.html") // Phường Tân Hòa
	if !strings.Contains(read(t, commune), `<section class="portal">`) {
		t.Fatal("the commune page has no portal panel")
	}
	for _, width := range []int64{360, 1366} {
		t.Run(fmt.Sprintf("portal at %d px", width), func(t *testing.T) {
			tb := open(t, ctx, filepath.Join(bundle, "portal.html"), width)
			tb.check()
			ids := eval[[]string](tb, `Array.from(document.querySelectorAll(".chart .item")).map(function (el) { return el.id; })`)
			if want := "portal_daily portal_hourly portal_devices portal_procedures portal_errors"; strings.Join(ids, " ") != want {
				t.Errorf("charts %v, want %s", ids, want)
			}
			areas := eval[int](tb, `echarts.getInstanceByDom(document.getElementById("portal_errors")).getOption().series[0].markArea.data.length`)
			if areas != 1 {
				t.Errorf("errors chart marks %d outages, want the 1 of September", areas)
			}
			if w := eval[int](tb, `document.documentElement.scrollWidth`); int64(w) > width {
				t.Errorf("page is %d px wide in a %d px viewport", w, width)
			}
			tb.screenshot(fmt.Sprintf("portal-%d", width))
		})
		t.Run(fmt.Sprintf("commune with portal panel at %d px", width), func(t *testing.T) {
			tb := open(t, ctx, commune, width)
			tb.check()
			if w := eval[int](tb, `document.documentElement.scrollWidth`); int64(w) > width {
				t.Errorf("page is %d px wide in a %d px viewport", w, width)
			}
		})
	}
	// The commune table sorts by any portal column.
	tb := open(t, ctx, filepath.Join(bundle, "portal.html"), 1366)
	tb.do(chromedp.Click(chromedp.CSS(".portal-communes thead th:nth-child(5) button"))) // error rate, high to low
	keys := eval[[]string](tb, `Array.from(document.querySelectorAll(".portal-communes tbody tr")).map(function (r) { return r.cells[4].getAttribute("data-v"); })`)
	if !sorted(keys, true) {
		t.Errorf("after a click on the error rate, keys = %v", keys)
	}
	for _, e := range tb.consoleErrors() {
		t.Error(e)
	}
}

// TestBrowserPre2025Units opens the bundle of March 2025 on the old units: charts drawn,
// no console error, the district filter keeps that district's communes.
func TestBrowserPre2025Units(t *testing.T) {
	ctx := browser(t)
	dir, _ := writeCase(t, "pre2025", Options{Period: "2025-03", Units: "pre2025"})
	root := filepath.Join(dir, "2025-03", "pre2025")
	for _, width := range []int64{360, 1366} {
		t.Run(fmt.Sprintf("index at %d px", width), func(t *testing.T) {
			tb := open(t, ctx, filepath.Join(root, "index.html"), width)
			tb.check()
			if w := eval[int](tb, `document.documentElement.scrollWidth`); int64(w) > width {
				t.Errorf("page is %d px wide in a %d px viewport", w, width)
			}
			setField(tb, "filter-district", "Huyện Ân Thi")
			names := eval[[]string](tb, `Array.from(document.querySelectorAll("#ranking-table tbody tr"))
				.filter(function (r) { return !r.hidden; }).map(function (r) { return r.cells[2].querySelector("a").textContent; })`)
			if got, want := strings.Join(names, "|"), "Thị trấn Ân Thi|Xã Hồng Quang|Xã Quảng Lãng"; got != want {
				t.Errorf("district Huyện Ân Thi shows %s, want %s", got, want)
			}
			tb.screenshot(fmt.Sprintf("pre2025-index-%d", width))
		})
		t.Run(fmt.Sprintf("commune at %d px", width), func(t *testing.T) {
			tb := open(t, ctx, filepath.Join(root, "communes", "12145.html"), width)
			tb.check()
			if n := eval[int](tb, `document.querySelectorAll(".chart .item").length`); n != 4 {
				t.Errorf("%d charts, want 4", n)
			}
			if w := eval[int](tb, `document.documentElement.scrollWidth`); int64(w) > width {
				t.Errorf("page is %d px wide in a %d px viewport", w, width)
			}
		})
	}
}
