package reports

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// reconcileTable is a tiny hand-made reconcile table: two rows of the case's province for
// 2026-10 (one flagged), one of another period.
const reconcileTable = `
CREATE TABLE reconcile (period VARCHAR, endpoint VARCHAR, level VARCHAR, province_code VARCHAR, unit_code VARCHAR,
    unit_name VARCHAR, department_code VARCHAR, department_name VARCHAR, match_method VARCHAR,
    captured_at TIMESTAMPTZ, portal_denominator DOUBLE, portal_numerator DOUBLE, portal_ratio DOUBLE,
    portal_score DOUBLE, portal_max_score DOUBLE, portal_parent_denominator DOUBLE,
    ours_denominator BIGINT, ours_numerator BIGINT, ours_ratio DOUBLE, ours_score DOUBLE, ours_score_max DOUBLE,
    ours_score_scaled DOUBLE, score_from_counts DOUBLE, denominator_diff DOUBLE, ratio_diff DOUBLE, score_diff DOUBLE,
    ours_carried_over BIGINT, edge_dossiers BIGINT, flagged BOOLEAN, likely_cause VARCHAR);
INSERT INTO reconcile VALUES
  ('2026-10', 'provide-online-tree', 'commune', '33', '12142', 'Xã Ân Thi', 'H31.1', 'UBND xã Ân Thi', 'exact',
   '2026-11-02 03:00:00+00', 100, 40, 40, 9.6, 12, NULL, 130, 52, 40, 9.6, 12, 9.6, 9.6, 30, 0, 0, NULL, 2, true, 'not_synced'),
  ('2026-10', 'dvc-progress-tree', 'commune', '33', '11953', 'Phường Phố Hiến', 'H31.2', 'UBND phường Phố Hiến', 'exact',
   NULL, 50, 48, 96, 19.2, 20, NULL, 50, 48, 96, 19.2, 20, 19.2, 19.2, 0, 0, 0, 0, 0, false, NULL),
  ('2026-09', 'dvc-progress-tree', 'commune', '33', '11953', 'Phường Phố Hiến', 'H31.2', 'UBND phường Phố Hiến', 'exact',
   NULL, 50, 48, 96, 19.2, 20, NULL, 60, 48, 80, 16, 20, 16, 19.2, 10, -16, -3.2, 0, 0, true, 'not_synced');
`

func TestWriteReconcile(t *testing.T) {
	db := openCase(t, "small")
	if err := db.ExecSQL(context.Background(), reconcileTable); err != nil {
		t.Fatal(err)
	}
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Now: testNow, Location: hcm}); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "2026-10")
	want := strings.Join([]string{
		strings.Join(reconcileHeader, ","),
		"2026-10,dvc-progress-tree,commune,33,11953,Phường Phố Hiến,H31.2,UBND phường Phố Hiến,exact,,50,48,96,19.2,20,50,48,96,19.2,20,19.2,0,0,0,0,0,false,",
		"2026-10,provide-online-tree,commune,33,12142,Xã Ân Thi,H31.1,UBND xã Ân Thi,exact,2026-11-02T10:00:00+07:00,100,40,40,9.6,12,130,52,40,9.6,12,9.6,30,0,0,,2,true,not_synced",
	}, "\n") + "\n"
	if got := read(t, filepath.Join(bundle, "reconcile.csv")); got != want {
		t.Errorf("reconcile.csv:\n%s\nwant:\n%s", got, want)
	}
	page := read(t, filepath.Join(bundle, "reconcile.html"))
	for _, s := range []string{
		"1 / 2 dòng đối chiếu có chênh lệch",
		"<tr><td>Dịch vụ công trực tuyến</td><td>Xã Ân Thi</td><td class=\"num\">100</td><td class=\"num\">130</td>",
		"hồ sơ chưa đồng bộ lên Cổng",
		`href="index.html"`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("reconcile.html lacks %q", s)
		}
	}
	if strings.Contains(page, "Phường Phố Hiến") {
		t.Error("reconcile.html lists a row that is not flagged")
	}
	if !strings.Contains(read(t, filepath.Join(bundle, "index.html")), `<a href="reconcile.html">`) {
		t.Error("index.html does not link reconcile.html")
	}
}

func TestWriteNoReconcileRows(t *testing.T) {
	db := openCase(t, "small")
	if err := db.ExecSQL(context.Background(), reconcileTable+"DELETE FROM reconcile WHERE period = '2026-10';"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "2026-10")
	for _, f := range []string{"reconcile.csv", "reconcile.html"} {
		if _, err := os.Stat(filepath.Join(bundle, f)); !os.IsNotExist(err) {
			t.Errorf("%s written without reconcile rows for the period (stat: %v)", f, err)
		}
	}
	if strings.Contains(read(t, filepath.Join(bundle, "index.html")), "reconcile.html") {
		t.Error("index.html links reconcile.html without reconcile rows")
	}
}
