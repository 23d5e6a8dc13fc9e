package reports

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestMetricsXLSX(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{})
	f, err := excelize.OpenFile(filepath.Join(dir, "2026-10", "metrics.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Xã, phường|Tỉnh" {
		t.Fatalf("sheets = %s, want one per level", got)
	}
	rows, err := f.GetRows("Xã, phường", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 { // header + every registry commune
		t.Fatalf("%d rows, want 6", len(rows))
	}
	if rows[0][0] != "Kỳ" || rows[0][3] != "Tên đơn vị" || rows[0][8] != "Tỷ lệ nộp trực tuyến" {
		t.Errorf("header = %q", rows[0][:9])
	}
	// Phố Hiến: online_rate 66.67 % is the fraction 0.6667, shown with Excel's 0.00%.
	if rows[1][3] != "Phường Phố Hiến" || rows[1][8] != "0.6667" {
		t.Errorf("first row = %q", rows[1][:9])
	}
	shown, err := f.GetCellValue("Xã, phường", "I2")
	if err != nil || shown != "66.67%" {
		t.Errorf("I2 shows %q (%v), want 66.67%%", shown, err)
	}
	// Đại Đồng has no data: zero counts, empty rates.
	last := rows[5]
	if last[3] != "Xã Đại Đồng" || last[4] != "0" || len(last) > 8 && last[8] != "" {
		t.Errorf("no-data row = %q", last)
	}
	panes, err := f.GetPanes("Xã, phường")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.XSplit != 4 {
		t.Errorf("panes = %+v (%v), want the header row and the name columns frozen", panes, err)
	}
	if w, _ := f.GetColWidth("Xã, phường", "D"); w < 25 {
		t.Errorf("name column width %v", w)
	}
	prov, err := f.GetRows("Tỉnh", excelize.Options{RawCellValue: true})
	if err != nil || len(prov) != 2 || prov[1][2] != "33" || prov[1][3] != "Tỉnh Hưng Yên" || prov[1][4] != "260" {
		t.Errorf("province sheet = %q (%v)", prov, err)
	}
}

func TestMetricsXLSXEnglish(t *testing.T) {
	dir, _ := writeCase(t, "small", Options{Lang: "en"})
	f, err := excelize.OpenFile(filepath.Join(dir, "2026-10", "metrics.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Communes|Province" {
		t.Errorf("sheets = %s", got)
	}
	if v, _ := f.GetCellValue("Communes", "I1"); v != "Online submission rate" {
		t.Errorf("I1 = %q", v)
	}
}
