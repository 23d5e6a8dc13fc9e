package reports

import (
	"bytes"
	"fmt"
	"math"

	"github.com/xuri/excelize/v2"
)

// columnKind says how metrics.xlsx shows a metrics.csv column.
type columnKind int

const (
	kindCount   columnKind = iota // whole number with thousands separators
	kindText                      // text, left aligned
	kindRate                      // a percentage: stored as a fraction, shown as 12.34%
	kindDecimal                   // a score or a number of days, two decimals
	kindFlag                      // TRUE/FALSE
)

var columnKinds = map[string]columnKind{
	"period": kindText, "province_code": kindText, "unit_code": kindText, "unit_name": kindText, "band": kindText,
	"online_rate": kindRate, "ontime_rate": kindRate, "ontime_rate_finished": kindRate, "online_payment_rate": kindRate,
	"e_result_rate": kindRate, "digitization_rate": kindRate, "satisfaction": kindRate,
	"portal_mobile_share": kindRate, "portal_error_rate": kindRate,
	"avg_processing_days": kindDecimal, "index_score": kindDecimal,
	"low_volume": kindFlag,
}

// Excel's built-in number formats.
const (
	numFmtGeneral  = 0
	numFmtCount    = 3  // #,##0
	numFmtDecimal  = 4  // #,##0.00
	numFmtPercent2 = 10 // 0.00%
)

// writeMetricsXLSX writes metrics.xlsx: the metrics.csv columns with headers in the page
// language, one sheet per level (the communes, in ranking order, then the province), a
// frozen header row and name column, rates as percentages and set column widths.
func writeMetricsXLSX(path string, w *words, period string, prov unit, communes []unit) error {
	f := excelize.NewFile()
	defer f.Close()
	rows := make([][]any, len(communes))
	for i, u := range communes {
		rows[i] = metricRow(period, prov.Code, u)
	}
	if err := f.SetSheetName("Sheet1", w.SheetCommunes); err != nil {
		return err
	}
	if err := writeSheet(f, w, w.SheetCommunes, rows); err != nil {
		return err
	}
	if _, err := f.NewSheet(w.SheetProvince); err != nil {
		return err
	}
	if err := writeSheet(f, w, w.SheetProvince, [][]any{metricRow(period, prov.Code, prov)}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

// writeSheet fills one sheet: the header, then rows in metricsHeader order.
func writeSheet(f *excelize.File, w *words, sheet string, rows [][]any) error {
	header, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6F0"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Border:    []excelize.Border{{Type: "bottom", Color: "7F8C9A", Style: 1}},
	})
	if err != nil {
		return err
	}
	labels := make([]any, len(metricsHeader))
	for i, name := range metricsHeader {
		labels[i] = w.Metric[name]
	}
	if err := f.SetSheetRow(sheet, "A1", &labels); err != nil {
		return err
	}
	for i, row := range rows {
		for j, v := range row {
			if columnKinds[metricsHeader[j]] == kindRate && v != nil {
				row[j] = math.Round(v.(float64)*100) / 10000 // Excel percentages are fractions; 2 decimals stay exact
			}
		}
		if err := f.SetSheetRow(sheet, cellName(0, i+2), &row); err != nil {
			return err
		}
	}
	last := len(rows) + 1
	for j, name := range metricsHeader {
		col, _ := excelize.ColumnNumberToName(j + 1)
		kind := columnKinds[name]
		width := 14.0
		switch {
		case name == "unit_name":
			width = 30
		case kind == kindText:
			width = 10
		}
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
		style, err := f.NewStyle(&excelize.Style{NumFmt: numFmt(kind)})
		if err != nil {
			return err
		}
		if last > 1 {
			if err := f.SetCellStyle(sheet, col+"2", fmt.Sprintf("%s%d", col, last), style); err != nil {
				return err
			}
		}
	}
	end := cellName(len(metricsHeader)-1, last)
	if err := f.SetCellStyle(sheet, "A1", cellName(len(metricsHeader)-1, 1), header); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 48); err != nil {
		return err
	}
	if err := f.AutoFilter(sheet, "A1:"+end, nil); err != nil {
		return err
	}
	// Freeze the header row and the columns up to the name.
	return f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 4, YSplit: 1, TopLeftCell: "E2", ActivePane: "bottomRight"})
}

func numFmt(k columnKind) int {
	switch k {
	case kindCount:
		return numFmtCount
	case kindRate:
		return numFmtPercent2
	case kindDecimal:
		return numFmtDecimal
	}
	return numFmtGeneral
}

// cellName names a cell by zero-based column and one-based row: cellName(0, 2) = "A2".
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col+1, row)
	return name
}
