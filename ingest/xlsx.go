package ingest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"reformindex/sql"
)

// xlsxReader reads an Excel workbook with excelize's streaming Rows iterator and raw
// cell values (dates are serial numbers, converted here). The sheet is the one whose
// header maps best (--sheet forces one); the header row may sit below title rows.
type xlsxReader struct {
	in        *input
	f         *excelize.File
	sheet     string
	headerRow int
	m         *mapping
	date1904  bool
}

func newXLSXReader(in *input, profile *Profile, o DossierOptions) (*xlsxReader, error) {
	f, err := excelize.OpenFile(in.plain, excelize.Options{RawCellValue: true, UnzipSizeLimit: 8 << 30})
	if err != nil {
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	r := &xlsxReader{in: in, f: f}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		r.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if o.Sheet != "" {
		if !slices.Contains(sheets, o.Sheet) {
			f.Close()
			return nil, fmt.Errorf("no sheet %q (sheets: %s)", o.Sheet, quoteList(sheets))
		}
		sheets = []string{o.Sheet}
	}
	var profiles []*Profile
	if profile != nil {
		profiles = []*Profile{profile}
	} else {
		for _, n := range BuiltinProfiles() {
			profiles = append(profiles, builtinProfile(n))
		}
	}
	best := -1
	var header []string
	for _, sh := range sheets {
		row, fields, score, err := r.findHeader(sh, profiles)
		if err != nil {
			f.Close()
			return nil, err
		}
		if score > best && fields != nil {
			best, r.sheet, r.headerRow, header = score, sh, row, fields
		}
	}
	if header == nil {
		f.Close()
		return nil, fmt.Errorf("%w: no sheet has a row of titles (sheets: %s)", ErrNoHeader, quoteList(sheets))
	}
	if best < 2 && o.Sheet == "" {
		f.Close()
		return nil, fmt.Errorf("%w: no sheet has dossier column titles (sheets: %s)\nhint: name the sheet with --sheet and the layout with --profile", ErrNoHeader, quoteList(sheets))
	}
	if r.m, err = mapHeader(header, profile); err != nil {
		f.Close()
		return nil, fmt.Errorf("sheet %q, row %d: %w", r.sheet, r.headerRow, err)
	}
	r.m.at = fmt.Sprintf("sheet %q, row %d", r.sheet, r.headerRow)
	return r, nil
}

func quoteList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = strconv.Quote(x)
	}
	return strings.Join(q, ", ")
}

// findHeader returns the row among the first ones of sheet that looks most like a
// header, its titles and its score; title rows and merged cells above it are skipped.
func (r *xlsxReader) findHeader(sheet string, profiles []*Profile) (int, []string, int, error) {
	rows, err := r.f.Rows(sheet)
	if err != nil {
		return 0, nil, 0, fmt.Errorf("sheet %q: %w", sheet, err)
	}
	defer rows.Close()
	bestRow, bestScore := 0, -1
	var best []string
	for n := 1; n <= headerLines && rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			return 0, nil, 0, fmt.Errorf("sheet %q, row %d: %w", sheet, n, err)
		}
		nonEmpty := 0
		for _, c := range cols {
			if strings.TrimSpace(c) != "" {
				nonEmpty++
			}
		}
		if nonEmpty < 2 { // a title row (a merged cell) or a blank one
			continue
		}
		if s := headerScore(cols, profiles); s > bestScore {
			bestRow, bestScore, best = n, s, slices.Clone(cols)
		}
	}
	return bestRow, best, bestScore, rows.Error()
}

func (r *xlsxReader) mapping() *mapping { return r.m }
func (r *xlsxReader) trims() bool       { return true }
func (r *xlsxReader) close() error      { return r.f.Close() }

// load streams the rows below the header into stage_text; empty rows are skipped.
func (r *xlsxReader) load(ctx context.Context, tx *sql.Tx, l *loader) (int64, error) {
	rows, err := r.f.Rows(r.sheet)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var read int64
	row := make([]any, 2+len(canonical))
	r.in.progress.start(phaseLoad, 1)
	err = tx.Append(ctx, "temp.stage_text", func(a *sql.Appender) error {
		for n := 1; rows.Next(); n++ {
			if n&0x3FFF == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			cols, err := rows.Columns()
			if err != nil {
				return &RowError{Sheet: r.sheet, Line: int64(n), Err: err}
			}
			if n <= r.headerRow || blank(cols) {
				continue
			}
			read++
			for i := range row {
				row[i] = nil
			}
			row[0] = int64(n)
			for j, name := range canonical {
				i, ok := r.m.index[name]
				if !ok || i >= len(cols) {
					continue
				}
				v := cols[i]
				if slices.Contains(timestampColumns, name) {
					v = r.serialDate(v)
				}
				row[2+j] = v
			}
			if err := a.AppendRow(row...); err != nil {
				return err
			}
		}
		return rows.Error()
	})
	if err != nil {
		return 0, err
	}
	r.in.progress.report(1)
	return read, l.loadStaged(ctx, tx)
}

func blank(cols []string) bool {
	for _, c := range cols {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// serialDate turns an Excel serial date (45626 or 45626.75) into local ISO text
// (2024-11-30 or 2024-11-30T18:00:00); other text is returned as it is.
func (r *xlsxReader) serialDate(v string) string {
	v = strings.TrimSpace(v)
	if v == "" || (len(v) == 8 || len(v) == 14) && allDigits(v) { // yyyyMMdd[HHmmss]
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 1 || f >= 2958466 {
		return v
	}
	t, err := excelize.ExcelDateToTime(f, r.date1904)
	if err != nil {
		return v
	}
	if f == float64(int64(f)) {
		return t.Format("2006-01-02")
	}
	return t.Round(1e9).Format("2006-01-02T15:04:05")
}
