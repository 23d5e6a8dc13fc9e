package reports

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

const integrityTable = `
CREATE TABLE integrity_flags (period VARCHAR, unit_code VARCHAR, flag VARCHAR, period_kind VARCHAR,
    province_code VARCHAR, value DOUBLE, threshold DOUBLE, dossiers BIGINT, dossiers_flagged BIGINT,
    online_rate DOUBLE, online_rate_prev DOUBLE, prev_period VARCHAR);
`

func TestWriteIntegrityFlags(t *testing.T) {
	db := openCase(t, "small")
	if err := db.ExecSQL(context.Background(), integrityTable+`
INSERT INTO integrity_flags VALUES
  ('2026-10', '12142', 'quick_online', 'month', '33', 72.5, 50, 80, 58, 40, NULL, '2026-09'),
  ('2026-10', '11953', 'online_jump', 'month', '33', 45.5, 40, 200, NULL, 85.5, 40, '2026-09'),
  ('2026-09', '11977', 'online_jump', 'month', '33', 41, 40, 200, NULL, 81, 40, '2026-08');`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	index := read(t, filepath.Join(dir, "2026-10", "index.html"))
	panel, _, _ := strings.Cut(index[strings.Index(index, `<section class="integrity">`):], "</section>")
	for _, s := range []string{
		"Dấu hiệu bất thường về nộp trực tuyến",
		`<tr><td><a href="communes/11953.html">Phường Phố Hiến</a></td><td class="wrap">tỷ lệ trực tuyến tăng đột biến so với tháng trước</td><td class="num">45,50 điểm %</td><td class="num">40 điểm %</td><td class="num">200</td><td class="num">40,00% → 85,50%</td></tr>`,
		`<tr><td><a href="communes/12142.html">Xã Ân Thi</a></td><td class="wrap">hồ sơ trực tuyến được nộp, tiếp nhận và giải quyết trong vài phút</td><td class="num">72,50%</td><td class="num">50%</td><td class="num">58 / 80</td><td class="num">40,00%</td></tr>`,
	} {
		if !strings.Contains(panel, s) {
			t.Errorf("integrity panel lacks %q:\n%s", s, panel)
		}
	}
	if strings.Contains(panel, "Xã Tân Hưng") {
		t.Error("integrity panel lists a flag of another period")
	}
	if strings.Index(panel, "11953") > strings.Index(panel, "12142") {
		t.Error("integrity flags are not by unit code")
	}
	if i := strings.Index(index, `<section class="integrity">`); i < strings.Index(index, `id="ranking"`) {
		t.Error("integrity panel is not after the ranking")
	}
}

func TestWriteIntegrityNoFlags(t *testing.T) {
	db := openCase(t, "small")
	if err := db.ExecSQL(context.Background(), integrityTable); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Write(context.Background(), db, dir, Options{Period: "2026-10", Lang: "en", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	index := read(t, filepath.Join(dir, "2026-10", "index.html"))
	if !strings.Contains(index, "Signs of irregular online filing") || !strings.Contains(index, "No sign of irregular online filing in the period.") {
		t.Error("index.html lacks the empty integrity panel")
	}
	// Without the table (the small case as it is), no panel: see the golden index.html.
}
