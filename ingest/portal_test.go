package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"reformindex/sql"
)

// The real snapshots of testdata/portal (Phú Thọ, August 2026; see its README.md).
var (
	progressFile = filepath.Join("..", "testdata", "portal", "phu-tho_progress_month.json")
	onlineFile   = filepath.Join("..", "testdata", "portal", "phu-tho_online_month.json")
	paymentFile  = filepath.Join("..", "testdata", "portal", "phu-tho_payment_month.json")
)

func portalDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open(context.Background(), filepath.Join(t.TempDir(), "t.duckdb"), sql.Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := Prepare(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db
}

func portalStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.QuerySQL(context.Background(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

var portalNow = time.Date(2026, 9, 27, 0, 0, 0, 0, time.UTC)

func loadPortal(t *testing.T, db *sql.DB, path string, o PortalOptions) PortalSummary {
	t.Helper()
	if o.Period == "" {
		o.Period = "2026-08"
	}
	o.Now = portalNow
	s, err := Portal(context.Background(), db, path, o)
	if err != nil {
		t.Fatalf("Portal(%s): %v", path, err)
	}
	return s
}

// TestPortal loads the three real snapshots: every unit and value is kept, and all 148
// communes match the 148 Phú Thọ communes of the registry, one to one.
func TestPortal(t *testing.T) {
	db := portalDB(t)
	for _, f := range []struct{ path, endpoint string }{
		{progressFile, "dvc-progress-tree"},
		{onlineFile, "provide-online-tree"},
		{paymentFile, "formality-online-payment-tree"},
	} {
		s := loadPortal(t, db, f.path, PortalOptions{})
		if s.Endpoint != f.endpoint || s.ProvinceCode != "25" || s.ProvinceName != "Tỉnh Phú Thọ" ||
			s.Units != 163 || s.Communes != 148 || s.Matched != 148 || len(s.Unmatched) != 0 {
			t.Errorf("%s: %+v", f.path, s)
		}
	}
	got := portalStrings(t, db, `SELECT endpoint || ' ' || period || ' ' || coalesce(chart_months, '-') || ' ' || root_code || ' ' || province_code
		FROM raw_portal_snapshots ORDER BY file_id`)
	want := []string{"dvc-progress-tree 2026-08 08 H44 25", "provide-online-tree 2026-08 08 H44 25",
		"formality-online-payment-tree 2026-08 - H44 25"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("snapshots =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// One to one: 148 distinct communes, all of province 25.
	n := portalStrings(t, db, `SELECT count(DISTINCT p.unit_code)::VARCHAR || ' ' || count(*)::VARCHAR FROM ref_portal_units p
		JOIN ref_units u ON u.unit_code = p.unit_code AND u.province_code = '25' WHERE p.level = 'COMMUNE'`)
	if n[0] != "148 148" {
		t.Errorf("matched communes (distinct, rows) = %s, want 148 148", n[0])
	}
	if got := portalStrings(t, db, `SELECT match_method || ' ' || count(*) FROM ref_portal_units GROUP BY match_method ORDER BY 1`); strings.Join(got, ", ") != "exact 148, not_commune 15" {
		t.Errorf("match methods = %v", got)
	}
	// The crosswalk now resolves dossiers keyed by the portal's agency codes.
	if got := portalStrings(t, db, `SELECT unit_code FROM ref_agency_units WHERE agency_code = 'H44.104'`); len(got) != 1 || got[0] != "08515" {
		t.Errorf("H44.104 (UBND xã Hy Cương) → %v, want [08515] (Xã Hy Cương)", got)
	}
	if got := portalStrings(t, db, `SELECT count(*)::VARCHAR FROM ref_agency_units`); got[0] != "148" {
		t.Errorf("ref_agency_units has %s rows, want 148 (added once, by the first snapshot)", got[0])
	}
	// Values as given: the progress parent's counts.
	if got := portalStrings(t, db, `SELECT field || '=' || value FROM raw_portal_values v JOIN raw_portal_snapshots s USING (file_id)
		WHERE s.endpoint = 'dvc-progress-tree' AND v.ord = 0 AND field IN ('totalReceived', 'totalOnTime', 'totalScore') ORDER BY field`); strings.Join(got, " ") != "totalOnTime=144625.0 totalReceived=184513.0 totalScore=15.68" {
		t.Errorf("progress parent values = %v", got)
	}

	t.Run("the same bytes again change nothing", func(t *testing.T) {
		s := loadPortal(t, db, progressFile, PortalOptions{})
		if !s.AlreadyLoaded || s.FileID == 0 {
			t.Errorf("second load: %+v", s)
		}
	})
	t.Run("the same bytes for another period are refused", func(t *testing.T) {
		_, err := Portal(context.Background(), db, paymentFile, PortalOptions{Period: "2026-07", Now: portalNow})
		if err == nil || !strings.Contains(err.Error(), "already loaded (file #3) as period 2026-08, not 2026-07") {
			t.Errorf("error = %v", err)
		}
	})
}

// writeJSON writes a response into a temporary file.
func writeJSON(t *testing.T, name, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const portalParent = `{"departmentId":"p","departmentName":"UBND tỉnh Phú Thọ","departmentCode":"H44","totalReceived":10,"totalOnTime":8}`

func progressBody(children string) string {
	return `{"code":"OK","data":{"parent":` + portalParent + `,"children":[` + children + `]},"message":"OK"}`
}

// TestPortalMatching: name keys from strict to loose, the crosswalk first, and units the
// registry cannot take one to one.
func TestPortalMatching(t *testing.T) {
	db := portalDB(t)
	// The crosswalk (as reform units import writes it) maps H44.900 to Phường Việt Trì,
	// whatever the unit's name says.
	var vietTri string
	if err := db.QueryRow(context.Background(), `SELECT unit_code FROM ref_units WHERE unit_name = 'Phường Việt Trì'`).Scan(&vietTri); err != nil {
		t.Fatal(err)
	}
	if err := db.ExecSQL(context.Background(), `INSERT INTO ref_agency_units VALUES ('H44.900', ?, now())`, vietTri); err != nil {
		t.Fatal(err)
	}
	unit := func(code, name string) string {
		return `{"departmentCode":"` + code + `","departmentName":"` + name + `","level":"COMMUNE","totalReceived":1,"totalOnTime":1}`
	}
	body := progressBody(strings.Join([]string{
		unit("H44.901", "UBND phường Tân Hoà - Tỉnh Phú Thọ"), // tone mark placed differently
		unit("H44.902", "UBND xa Hy Cuong"),                   // no diacritics at all
		unit("H44.903", "UBND Bản Nguyên"),                    // no type word
		unit("H44.900", "UBND xã Chưa Có Tên"),                // the crosswalk knows it
		unit("H44.904", "UBND xã Không Có"),                   // nowhere
		unit("H44.905", "UBND xã Phù Ninh"),                   // two units on one commune
		unit("H44.906", "UBND xã Phù Ninh"),
		`{"departmentCode":"H44.07","departmentName":"Sở Công Thương - Tỉnh Phú Thọ","level":"PROVINCE","totalReceived":1,"totalOnTime":1}`,
	}, ","))
	s := loadPortal(t, db, writeJSON(t, "matching.json", body), PortalOptions{})
	if s.Units != 8 || s.Communes != 7 || s.Matched != 4 {
		t.Errorf("summary %+v", s)
	}
	var unmatched []string
	for _, u := range s.Unmatched {
		unmatched = append(unmatched, u.Code+" "+u.Method)
	}
	if got := strings.Join(unmatched, ", "); got != "H44.904 unmatched, H44.905 conflict, H44.906 conflict" {
		t.Errorf("unmatched = %s", got)
	}
	got := portalStrings(t, db, `SELECT p.department_code || ' ' || p.match_method || ' ' || coalesce(u.unit_name, '-')
		FROM ref_portal_units p LEFT JOIN ref_units u USING (unit_code) ORDER BY p.department_code`)
	want := []string{
		"H44.07 not_commune -",
		"H44.900 crosswalk Phường Việt Trì",
		"H44.901 tone_insensitive Phường Tân Hòa",
		"H44.902 accent_insensitive Xã Hy Cương",
		"H44.903 without_type Xã Bản Nguyên",
		"H44.904 unmatched -",
		"H44.905 conflict -",
		"H44.906 conflict -",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ref_portal_units =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// name matches feed the crosswalk; the user's own entry is left alone
	if got := portalStrings(t, db, `SELECT agency_code FROM ref_agency_units ORDER BY agency_code`); strings.Join(got, " ") != "H44.900 H44.901 H44.902 H44.903" {
		t.Errorf("ref_agency_units = %v", got)
	}
}

func TestPortalErrors(t *testing.T) {
	db := portalDB(t)
	tests := []struct {
		name, body string
		opts       PortalOptions
		want       string
		shape      bool // errors.Is ErrPortalShape
	}{
		{"not JSON", `<html>`, PortalOptions{}, "invalid character", true},
		{"error envelope", `{"code":"ERR","data":null}`, PortalOptions{}, `field "code" is "ERR", not "OK"`, true},
		{"no children", `{"code":"OK","data":{"parent":` + portalParent + `}}`, PortalOptions{}, `field "data.children" is missing`, true},
		{"child without a code", progressBody(`{"departmentName":"UBND xã A","totalOnTime":1}`), PortalOptions{},
			`data.children[0]: "departmentCode" is missing`, true},
		{"an id that is not a string", progressBody(`{"departmentCode":"H44.1","departmentName":"UBND xã A","departmentId":7}`), PortalOptions{},
			`data.children[0]: "departmentId" is 7, not a string`, true},
		{"chart month outside the period",
			`{"code":"OK","data":{"parent":` + portalParent + `,"children":[],"monthlyChart":[{"month":"07","onTimePct":0},{"month":"08","onTimePct":78.38}]}}`,
			PortalOptions{Period: "2026-07"}, `data.monthlyChart has data for month 08, outside --period 2026-07`, true},
		{"endpoint not told by the fields",
			`{"code":"OK","data":{"parent":{"departmentName":"UBND tỉnh Phú Thọ","departmentCode":"H44","totalScore":9},"children":[]}}`,
			PortalOptions{}, "cannot tell which evaluation endpoint produced it", true},
		{"endpoint against the fields", progressBody(""), PortalOptions{Endpoint: "provide-online-tree"},
			"--endpoint provide-online-tree, but the file's fields are those of dvc-progress-tree", false},
		{"unknown province",
			`{"code":"OK","data":{"parent":{"departmentName":"UBND tỉnh Atlantis","departmentCode":"H99","totalOnTime":1},"children":[]}}`,
			PortalOptions{}, "cannot tell the province of the snapshot: its parent \"UBND tỉnh Atlantis\" names no province of the registry\nhint: pass --province CODE", false},
		{"bad period", progressBody(""), PortalOptions{Period: "08/2026"}, `period "08/2026" is not a month (2026-08)`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.opts.Period == "" {
				tt.opts.Period = "2026-08"
			}
			tt.opts.Now = portalNow
			_, err := Portal(context.Background(), db, writeJSON(t, "bad.json", tt.body), tt.opts)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if tt.shape != errors.Is(err, ErrPortalShape) {
				t.Errorf("errors.Is(err, ErrPortalShape) = %v, want %v", !tt.shape, tt.shape)
			}
		})
	}
	// nothing of the failed files was kept
	if got := portalStrings(t, db, `SELECT count(*)::VARCHAR FROM load_files WHERE kind = 'portal'`); got[0] != "0" {
		t.Errorf("%s portal files recorded after failures", got[0])
	}
}

// TestPortalProvinceFlag: --province names the province when the parent does not.
func TestPortalProvinceFlag(t *testing.T) {
	db := portalDB(t)
	body := `{"code":"OK","data":{"children":[{"departmentCode":"H44.104","departmentName":"UBND xã Hy Cương","level":"COMMUNE","totalOnTime":1,"totalReceived":2}]}}`
	s := loadPortal(t, db, writeJSON(t, "noparent.json", body), PortalOptions{Province: "25"})
	if s.ProvinceCode != "25" || s.Matched != 1 {
		t.Errorf("summary %+v", s)
	}
}

func TestPortalPeriodMonths(t *testing.T) {
	for in, want := range map[string]string{"2026-08": "[8]", "2026-Q3": "[7 8 9]", "2026-ytd-03": "[1 2 3]", "2026": "[1 2 3 4 5 6 7 8 9 10 11 12]"} {
		got, err := PortalPeriodMonths(in)
		if err != nil || fmt.Sprint(got) != want {
			t.Errorf("PortalPeriodMonths(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, bad := range []string{"2026-13", "2026-Q5", "2026-ytd-00", "26-08", ""} {
		if _, err := PortalPeriodMonths(bad); err == nil {
			t.Errorf("PortalPeriodMonths(%q) accepted", bad)
		}
	}
}
