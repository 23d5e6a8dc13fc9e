package reports

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// explainTables adds small hand-made explain and explain_procedures tables to a case's database.
const explainTables = `
CREATE TABLE explain (level VARCHAR, period VARCHAR, prev_period VARCHAR, province_code VARCHAR, unit_code VARCHAR,
    ord INTEGER, component VARCHAR, label_vi VARCHAR, label_en VARCHAR, metric VARCHAR, rate DOUBLE, rate_prev DOUBLE,
    points_max DOUBLE, points_earned DOUBLE, points_earned_prev DOUBLE, points_delta DOUBLE, index_contribution DOUBLE,
    index_score DOUBLE, index_prev DOUBLE, index_change DOUBLE, shortfall DOUBLE, loss_rank INTEGER, is_focus BOOLEAN,
    focus_reason VARCHAR);
INSERT INTO explain VALUES
  ('commune', '2026-10', '2026-09', '33', '12142', 2, 'dvc', 'Dịch vụ công trực tuyến', 'Online services', 'online_rate',
   40, 45, 12, 9.6, 10.8, -1.2, -2.5, 70, 71.5, -1.5, 2.4, 1, true, 'loss'),
  ('commune', '2026-10', '2026-09', '33', '12142', 1, 'tien_do', 'Tiến độ giải quyết', 'Processing on time', 'ontime_rate',
   92, NULL, 20, 18.4, NULL, NULL, NULL, 70, 71.5, -1.5, 1.6, NULL, false, NULL),
  ('commune', '2026-10', '2026-09', '33', '11953', 1, 'tien_do', 'Tiến độ giải quyết', 'Processing on time', 'ontime_rate',
   95, 94, 20, 19, 18.8, 0.2, 0.3, 80, 79.8, 0.2, 1, NULL, false, NULL),
  ('commune', '2026-09', '2026-08', '33', '12142', 1, 'tien_do', 'Tiến độ giải quyết', 'Processing on time', 'ontime_rate',
   90, 90, 20, 18, 18, 0, 0, 70, 70, 0, 2, NULL, false, NULL),
  ('province', '2026-10', '2026-09', '33', '33', 1, 'tien_do', 'Tiến độ giải quyết', 'Processing on time', 'ontime_rate',
   90, 90, 20, 18, 18, 0, 0, 70, 70, 0, 2, NULL, false, NULL);
CREATE TABLE explain_procedures (level VARCHAR, period VARCHAR, province_code VARCHAR, unit_code VARCHAR,
    component VARCHAR, metric VARCHAR, focus_reason VARCHAR, reason VARCHAR, procedure_code VARCHAR,
    procedure_name VARCHAR, dossiers BIGINT, share DOUBLE, max_days_late DOUBLE);
INSERT INTO explain_procedures VALUES
  ('commune', '2026-10', '33', '12142', 'dvc', 'online_rate', 'loss', 'direct', '1.001193', 'Đăng ký khai sinh', 12, 60, NULL),
  ('commune', '2026-10', '33', '12142', 'dvc', 'online_rate', 'loss', 'postal', '<b>9.9</b>', 'Thủ tục <script>', 3, 15, NULL),
  ('commune', '2026-09', '33', '12142', 'dvc', 'online_rate', 'loss', 'direct', '7.777777', 'Kỳ khác', 99, 90, NULL);
`

func TestWriteExplain(t *testing.T) {
	db := openCase(t, "small")
	if err := db.ExecSQL(context.Background(), explainTables); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	bundle := filepath.Join(dir, "2026-10")
	got := read(t, filepath.Join(bundle, "explain.csv"))
	want := strings.Join([]string{
		"period,province_code,unit_code,unit_name,component,label,rate,rate_prev,points_earned,points_earned_prev,points_delta,index_contribution,index_change,focus_reason",
		"2026-10,33,11953,Phường Phố Hiến,tien_do,Tiến độ giải quyết,95,94,19,18.8,0.2,0.3,0.2,",
		"2026-10,33,12142,Xã Ân Thi,tien_do,Tiến độ giải quyết,92,,18.4,,,,-1.5,",
		"2026-10,33,12142,Xã Ân Thi,dvc,Dịch vụ công trực tuyến,40,45,9.6,10.8,-1.2,-2.5,-1.5,loss",
	}, "\n") + "\n"
	if got != want {
		t.Errorf("explain.csv:\n%s\nwant:\n%s", got, want)
	}

	page := read(t, filepath.Join(bundle, "communes", "12142.html"))
	for _, s := range []string{
		"Vì sao chỉ số thay đổi",
		"Chỉ số thay đổi so với Tháng 9/2026: −1,5 điểm",
		`<td class="num worse">−1,2</td>`,
		`Dịch vụ công trực tuyến <span class="badge">giảm nhiều nhất</span>`,
		"Thủ tục gây giảm điểm nhiều nhất: Dịch vụ công trực tuyến",
		"Đăng ký khai sinh <small>1.001193</small></td><td class=\"wrap\">nộp trực tiếp</td><td class=\"num\">12</td><td class=\"num\">60,00%</td>",
		"Thủ tục &lt;script&gt; <small>&lt;b&gt;9.9&lt;/b&gt;</small>",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("communes/12142.html lacks %q", s)
		}
	}
	if strings.Contains(page, "Kỳ khác") {
		t.Error("communes/12142.html lists a procedure of another period")
	}
	if i, j := strings.Index(page, "Đăng ký khai sinh"), strings.Index(page, "Thủ tục &lt;script&gt;"); i > j {
		t.Error("procedures are not by dossiers, most first")
	}
	// A commune without a loss has the table but no procedures; one without explain rows has neither.
	if p := read(t, filepath.Join(bundle, "communes", "11953.html")); !strings.Contains(p, "Vì sao chỉ số thay đổi") || strings.Contains(p, "Thủ tục gây giảm") {
		t.Error("communes/11953.html: want the explain table without procedures")
	}
	if p := read(t, filepath.Join(bundle, "communes", "11977.html")); strings.Contains(p, "Vì sao chỉ số thay đổi") {
		t.Error("communes/11977.html has an explain panel without explain rows")
	}
}

func TestWriteExplainWithoutTables(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{})
	got := read(t, filepath.Join(dir, "2026-10", "explain.csv"))
	if got != strings.Join(explainHeader, ",")+"\n" {
		t.Errorf("explain.csv without an explain table = %q, want the header only", got)
	}
}
