package reports

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// writePipeline renders period 2026-10 of a database built by the real pipeline.
func writePipeline(t *testing.T, o Options, commands ...[]string) string {
	t.Helper()
	db := pipelineDB(t, t.TempDir(), commands...)
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	o.Period, o.Now, o.Location = "2026-10", testNow, hcm
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, o); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "2026-10")
}

// loadTime matches the time the files were loaded in a page header: the wall clock of
// the ingest, which the goldens leave out.
var loadTime = regexp.MustCompile(`(nạp tệp gần nhất|last file loaded) [^<]*</dd>`)

// TestWritePortalGolden renders the bundle of the pipeline's dossiers with the
// hand-written portal log (the figures of 04792 are worked out in cmd's TestPortalTables).
func TestWritePortalGolden(t *testing.T) {
	bundle := writePipeline(t, Options{}, pipelineDossiers(t), portalSmall(t))
	for _, f := range []string{"portal.html", "metrics.csv", "communes/04792.html"} {
		page := loadTime.ReplaceAllString(read(t, filepath.Join(bundle, f)), "$1 (load time)</dd>")
		golden(t, filepath.Join("testdata", "portal", "want", f), []byte(page))
	}
	index := read(t, filepath.Join(bundle, "index.html"))
	if !strings.Contains(index, `<p class="links"><a href="portal.html">Sử dụng Cổng dịch vụ công</a></p>`) {
		t.Error("index.html does not link portal.html")
	}
	// 04792: 4 visitors, 8 page views (6 on phones), 1 5xx of 9 requests, 2 submissions.
	records, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(bundle, "metrics.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range records[1:] {
		got[r[column("unit_code")]] = strings.Join(r[column("low_volume")+1:], ",")
	}
	for code, want := range map[string]string{
		"04792": "4,8,75,11.11,2",
		"04924": "4,1,100,80,0", // lines 11–15: four clients got the outage's 5xx, one then a page on a phone
		"04795": "1,1,0,0,0",    // line 10 (the 404 of line 9 and the crawler of line 8 are no visitors)
		"07894": "0,0,,,0",      // a commune of the province without traffic: zero counts, no rates
	} {
		if got[code] != want {
			t.Errorf("%s portal columns = %q, want %q", code, got[code], want)
		}
	}
	// A commune without traffic has no portal panel.
	if page := read(t, filepath.Join(bundle, "communes", "07894.html")); strings.Contains(page, `class="portal"`) {
		t.Error("a commune without traffic has a portal panel")
	}
}

func TestWritePortalEnglish(t *testing.T) {
	bundle := writePipeline(t, Options{Lang: "en"}, pipelineDossiers(t), portalSmall(t))
	page := read(t, filepath.Join(bundle, "portal.html"))
	for _, want := range []string{`<html lang="en">`, "Use of the public-service portal", "Traffic by day",
		"<td>2026-10-05 10:00</td><td>2026-10-05 10:20</td>", "no request succeeded", "Portal use by commune"} {
		if !strings.Contains(page, want) {
			t.Errorf("portal.html lacks %q", want)
		}
	}
}

// TestWriteWithoutLogs: built without access logs (the portal tables exist, empty), the
// bundle has no portal page, link or panel, and metrics.csv's portal columns are empty.
func TestWriteWithoutLogs(t *testing.T) {
	bundle := writePipeline(t, Options{}, pipelineDossiers(t))
	if _, err := os.Stat(filepath.Join(bundle, "portal.html")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("portal.html without logs: %v", err)
	}
	if index := read(t, filepath.Join(bundle, "index.html")); strings.Contains(index, "portal.html") {
		t.Error("index.html links portal.html without logs")
	}
	if page := read(t, filepath.Join(bundle, "communes", "04792.html")); strings.Contains(page, `class="portal"`) {
		t.Error("a commune page has a portal panel without logs")
	}
	records, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(bundle, "metrics.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records[1:] {
		if got := strings.Join(r[column("portal_visitors"):], ","); got != ",,,," {
			t.Errorf("%s: portal columns %q without logs, want empty", r[column("unit_code")], got)
		}
	}
}
