package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"

	"reformindex/sql"
)

var testNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func loadInto(t *testing.T, db *sql.DB, path string, o DossierOptions) (Summary, error) {
	t.Helper()
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	o.Source, o.Location, o.Now = "test", hcm, testNow
	return Dossiers(context.Background(), db, path, o)
}

// stored is what a load left: every latest row (without its file and line) and every reject.
func stored(t *testing.T, db *sql.DB) (rows, rejects []string) {
	t.Helper()
	rows = queryStrings(t, db, `SELECT concat_ws(' | ', dossier_code, unit_code, coalesce(procedure_code, '-'), coalesce(procedure_name, '-'),
		coalesce(field_name, '-'), channel, coalesce(service_level, '-'), status,
		coalesce(strftime(submitted_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), '-'),
		strftime(received_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'),
		coalesce(strftime(due_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'), '-'),
		coalesce(strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), '-'),
		coalesce(strftime(returned_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), '-'),
		coalesce(CAST(fee_amount AS VARCHAR), '-'), coalesce(CAST(paid_online AS VARCHAR), '-'),
		coalesce(CAST(e_result AS VARCHAR), '-'), coalesce(CAST(digitized AS VARCHAR), '-'), coalesce(CAST(complaint AS VARCHAR), '-'))
		FROM raw_dossiers ORDER BY dossier_code`)
	rejects = queryStrings(t, db, `SELECT line || ' ' || coalesce(column_name, '-') || ' ' || coalesce(raw_value, '-') || ': ' || reason
		FROM raw_rejects ORDER BY line, column_name`)
	return rows, rejects
}

var vnRows = []string{
	"H25.1-261001-0001 | 04792 | 1.001612 | Đăng ký khai sinh | Hộ tịch | 2 | toan_trinh | 4 | 2026-10-01 00:55 | 2026-10-01 01:00 | 2026-10-05 16:59:59 | - | - | 0.0 | 0 | false | true | -",
	"H25.1-261001-0002 | 04792 | 2.000815 | Chứng thực bản sao | Chứng thực | 1 | mot_phan | 10 | - | 2026-10-01 02:30 | 2026-10-05 16:59:59 | 2026-10-02 03:00 | 2026-10-02 03:30 | 50000.0 | 1 | true | true | false",
	"H25.1-261001-0003 | 07894 | 1.001612 | Đăng ký khai sinh | Hộ tịch | 3 | toan_trinh | 9 | - | 2026-10-01 03:00 | 2026-10-03 16:59:59 | 2026-10-03 09:00 | - | 0.0 | - | - | - | -",
}

var vnRejects = []string{"5 channel Fax: unknown channel"}

// TestDossiersVNHeaders loads the Vietnamese-titled export (semicolons, BOM, personal and
// unknown columns, Vietnamese values) in every format and encoding: each gives the same rows.
func TestDossiersVNHeaders(t *testing.T) {
	src, err := os.ReadFile("testdata/vn_headers.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(src), "\ufeff")
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	utf16le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(text)
	utf16be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(text)
	tests := []struct {
		name     string
		path     string
		o        DossierOptions
		encoding string
		lineOff  int64 // rows above the header that the CSV does not have
	}{
		{"UTF-8 with BOM", "testdata/vn_headers.csv", DossierOptions{}, "utf-8", 0},
		{"UTF-8 read by Go", "testdata/vn_headers.csv", DossierOptions{staged: true}, "utf-8", 0},
		{"UTF-16LE with BOM", write("utf16le.txt", []byte(utf16le)), DossierOptions{}, "utf-16le", 0},
		{"UTF-16BE with BOM", write("utf16be.csv", []byte(utf16be)), DossierOptions{}, "utf-16be", 0},
		{"Windows-1258", write("cp1258.csv", encode1258(t, text)), DossierOptions{}, "windows-1258", 0},
		{"Windows-1258 forced", write("cp1258_forced.csv", encode1258(t, text)), DossierOptions{Encoding: "cp1258"}, "windows-1258", 0},
		{"gzipped", write("vn.csv.gz", gz(t, src)), DossierOptions{}, "utf-8", 0},
		{"tab separated", write("vn.tsv", []byte(strings.ReplaceAll(text, ";", "\t"))), DossierOptions{}, "utf-8", 0},
		{"CSV below title rows", write("titled.csv", []byte("BÁO CÁO HỒ SƠ THÁNG 10;;;\n\n"+text)), DossierOptions{}, "utf-8", 2},
		{"vn-headers named", "testdata/vn_headers.csv", DossierOptions{Profile: "vn-headers"}, "utf-8", 0},
		{"XLSX below title rows", write("vn.xlsx", toXLSX(t, text)), DossierOptions{}, "", 3},
		{"XLSX gzipped", write("vn.xlsx.gz", gz(t, toXLSX(t, text))), DossierOptions{}, "", 3},
		{"XLSX sheet named", write("vn_sheet.xlsx", toXLSX(t, text)), DossierOptions{Sheet: "Danh sách hồ sơ"}, "", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openDB(t)
			s, err := loadInto(t, db, tt.path, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if s.Profile != "vn-headers" || s.Encoding != tt.encoding || s.Read != 4 || s.New != 3 || s.Rejected != 1 {
				t.Errorf("summary %+v", s)
			}
			wantIgnored := []string{"STT", "Chủ hồ sơ", "Số điện thoại", "Địa chỉ", "Ghi chú"}
			if diff := cmp.Diff(wantIgnored, s.Ignored); diff != "" {
				t.Errorf("ignored columns (-want +got):\n%s", diff)
			}
			rows, rejects := stored(t, db)
			if diff := cmp.Diff(vnRows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			want := []string{strings.Replace(vnRejects[0], "5 ", strconv.FormatInt(5+tt.lineOff, 10)+" ", 1)}
			if diff := cmp.Diff(want, rejects); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
		})
	}
}

// encode1258 writes text in Windows-1258 as legacy Vietnamese software does: letters with
// a circumflex, breve or horn precomposed, tone marks as combining characters.
func encode1258(t *testing.T, text string) []byte {
	t.Helper()
	enc := charmap.Windows1258.NewEncoder()
	var out bytes.Buffer
	for _, r := range norm.NFC.String(text) {
		if b, err := enc.String(string(r)); err == nil {
			out.WriteString(b)
			continue
		}
		d := []rune(norm.NFD.String(string(r)))
		base, rest := string(d[0]), d[1:]
		for i, m := range d[1:] { // the circumflex, breve or horn goes with the letter
			if _, err := enc.String(norm.NFC.String(string(d[0]) + string(m))); err == nil {
				base = norm.NFC.String(string(d[0]) + string(m))
				rest = append(append([]rune{}, d[1:1+i]...), d[2+i:]...)
				break
			}
		}
		b, err := enc.String(base)
		if err != nil {
			t.Fatalf("cannot write %q in Windows-1258", r)
		}
		out.WriteString(b)
		m, err := enc.String(string(rest))
		if err != nil {
			t.Fatalf("cannot write the marks of %q in Windows-1258", r)
		}
		out.WriteString(m)
	}
	return out.Bytes()
}

func gz(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// toXLSX writes the ;-separated text as a workbook: a notes sheet first, then the dossiers
// under a merged title, a blank row and a subtitle, with the dates as Excel serial numbers.
func toXLSX(t *testing.T, text string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Ghi chú")
	f.SetCellValue("Sheet1", "A2", "Báo cáo được xuất từ hệ thống một cửa")
	sh := "Danh sách hồ sơ"
	f.NewSheet(sh)
	f.SetCellValue(sh, "A1", "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ")
	f.MergeCell(sh, "A1", "H1")
	f.SetCellValue(sh, "A3", "Tháng 10/2026")
	hcmDate := func(s string) any {
		for _, layout := range []string{"02/01/2006 15:04", "02/01/2006"} {
			if tm, err := time.Parse(layout, s); err == nil {
				return tm
			}
		}
		return s
	}
	for i, line := range strings.Split(strings.TrimSpace(text), "\n") {
		for j, v := range strings.Split(line, ";") {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+4)
			var val any = v
			if i > 0 && j >= 9 && j <= 13 && v != "" {
				val = hcmDate(v)
			}
			if i > 0 && (j == 0 || j == 2) {
				if n, err := parseInt(v); err == nil {
					val = n
				}
			}
			if err := f.SetCellValue(sh, cell, val); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func parseInt(s string) (int, error) {
	n := 0
	if s == "" {
		return 0, errors.New("empty")
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, errors.New("not a number")
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// TestDossiersDVCQG loads the national portal's sync payload as a JSON array, NDJSON,
// gzipped NDJSON and Parquet: the unit comes from the agency prefix of MaHoSo through the
// crosswalk, fees are summed, result documents make e_result, personal fields are dropped.
func TestDossiersDVCQG(t *testing.T) {
	wantRows := []string{
		"H25.1-261001-0001 | H25.1 | 1.001612 | Đăng ký khai sinh | Hộ tịch | 2 | - | 4 | 2026-10-01 00:55 | 2026-10-01 01:00 | 2026-10-05 10:00:00 | - | - | 0.0 | 0 | false | true | -",
		"H25.1-261001-0002 | H25.1 | 2.000815 | Chứng thực bản sao | Chứng thực | 1 | - | 10 | - | 2026-10-01 02:30 | 2026-10-05 10:00:00 | 2026-10-02 03:00 | 2026-10-02 03:30 | 50000.0 | 1 | true | true | -",
	}
	dir := t.TempDir()
	nd, _ := os.ReadFile("testdata/dvcqg.ndjson")
	ndgz := filepath.Join(dir, "dvcqg.ndjson.gz")
	os.WriteFile(ndgz, gz(t, nd), 0o644)
	parquet := filepath.Join(dir, "dvcqg.parquet")
	{
		db, _ := openDB(t)
		err := db.ExecSQL(context.Background(), `COPY (SELECT * FROM read_json('testdata/dvcqg_array.json', format = 'array')) TO `+quoteLit(parquet)+` (FORMAT parquet)`)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, path := range []string{"testdata/dvcqg_array.json", "testdata/dvcqg.ndjson", ndgz, parquet} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			db, _ := openDB(t)
			if _, err := ImportCrosswalk(context.Background(), db, "testdata/crosswalk_h25.csv", testNow); err != nil {
				t.Fatal(err)
			}
			s, err := loadInto(t, db, path, DossierOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if s.Profile != "dvcqg" || s.Read != 3 || s.New != 2 || s.Rejected != 1 {
				t.Errorf("summary %+v", s)
			}
			rows, rejects := stored(t, db)
			if diff := cmp.Diff(wantRows, rows); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"3 unit_code H99.9: unknown unit"}, rejects); diff != "" {
				t.Errorf("rejects (-want +got):\n%s", diff)
			}
			for _, secret := range []string{"Bí Mật", "001099012345", "0912345678", "bimat@"} {
				if n := queryStrings(t, db, `SELECT CAST(count(*) AS VARCHAR) FROM raw_dossier_history h, raw_rejects r
					WHERE contains(h::VARCHAR, '`+secret+`') OR contains(r::VARCHAR, '`+secret+`')`); n[0] != "0" {
					t.Errorf("personal data %q stored", secret)
				}
			}
		})
	}
}

func quoteLit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestDossiersPathsAgree loads files through DuckDB's read_csv and through Go's
// encoding/csv: rows, rejects and their lines must be the same.
func TestDossiersPathsAgree(t *testing.T) {
	dir := t.TempDir()
	month1, _ := os.ReadFile("testdata/month1.csv")
	padded := strings.ReplaceAll(strings.ReplaceAll(string(month1), ",04792,", ", 04792 ,"), ",2,2,", ",\t2,2 ,")
	blank := strings.Replace(strings.Replace(string(month1), "\n", "\n\n", 3), "0008,", "0008,", 1) + "\n\n"
	files := map[string]string{"month1.csv": string(month1), "padded.csv": padded, "blank_lines.csv": blank,
		"crlf.csv": strings.ReplaceAll(string(month1), "\n", "\r\n")}
	for name, text := range files {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var got [3][2][]string
			var sums [3]Summary
			defer func(n int64) { scanSplit = n }(scanSplit)
			for i, staged := range []bool{false, true, false} {
				scanSplit = 64 << 20
				if i == 2 {
					scanSplit = int64(len(text)) / 2 // scanned in two halves
				}
				db, _ := openDB(t)
				s, err := loadInto(t, db, p, DossierOptions{staged: staged})
				if err != nil {
					t.Fatal(err)
				}
				sums[i] = s
				got[i][0], got[i][1] = stored(t, db)
			}
			if diff := cmp.Diff(got[0], got[1]); diff != "" {
				t.Errorf("read_csv (-) and Go (+) differ:\n%s", diff)
			}
			if diff := cmp.Diff(got[0], got[2]); diff != "" {
				t.Errorf("one scan (-) and two halves (+) differ:\n%s", diff)
			}
			if sums[0].Read != sums[1].Read || sums[0].New != sums[1].New || sums[0].Rejected != sums[1].Rejected {
				t.Errorf("summaries differ: %+v, %+v", sums[0], sums[1])
			}
			if sums[0].Read != 10 || sums[0].Rejected != 6 {
				t.Errorf("summary %+v, want 10 read and 6 rejected", sums[0])
			}
		})
	}
}

func TestDossiersXLSXSheetErrors(t *testing.T) {
	src, _ := os.ReadFile("testdata/vn_headers.csv")
	p := filepath.Join(t.TempDir(), "vn.xlsx")
	os.WriteFile(p, toXLSX(t, strings.TrimPrefix(string(src), "\ufeff")), 0o644)
	_, err := loadWith(t, p, DossierOptions{Sheet: "Tháng 11"})
	if err == nil || !strings.Contains(err.Error(), `no sheet "Tháng 11" (sheets: "Sheet1", "Danh sách hồ sơ")`) {
		t.Errorf("unknown sheet: %v", err)
	}
	_, err = loadWith(t, p, DossierOptions{Sheet: "Sheet1"})
	if !errors.Is(err, ErrNoHeader) {
		t.Errorf("a sheet without dossiers: %v", err)
	}
}

func loadWith(t *testing.T, path string, o DossierOptions) (Summary, error) {
	t.Helper()
	db, _ := openDB(t)
	return loadInto(t, db, path, o)
}

func TestLoadProfile(t *testing.T) {
	db, _ := openDB(t)
	s, err := loadInto(t, db, "testdata/profile_vendor.csv", DossierOptions{Profile: "testdata/profile_vendor.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Profile != "vendor-x" || s.New != 1 || s.Rejected != 0 {
		t.Errorf("summary %+v", s)
	}
	// The same file read with vn-headers lacks the renamed columns.
	db2, _ := openDB(t)
	_, err = loadInto(t, db2, "testdata/profile_vendor.csv", DossierOptions{Profile: "vn-headers"})
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), "line 1: missing required column unit_code") {
		t.Errorf("vn-headers on the vendor file: %v", err)
	}
	// A profile file's own columns must be in the export.
	_, err = loadInto(t, db, "testdata/vn_headers.csv", DossierOptions{Profile: "testdata/profile_vendor.yaml"})
	if !errors.Is(err, ErrMissingColumn) || !strings.Contains(err.Error(), "Mã ĐVHC") {
		t.Errorf("vendor profile on a file without its columns: %v", err)
	}
	for _, tt := range []struct{ name, want string }{
		{"testdata/profile_bad_code.yaml", `"done" maps to "11"`},
		{"nope", `unknown profile "nope"`},
		{"testdata/missing.yaml", "no such file"},
	} {
		if _, err := LoadProfile(tt.name); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("LoadProfile(%s) = %v, want an error containing %q", tt.name, err, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Ngày tiếp nhận": "ngay tiep nhan", " NGÀY  TIẾP\tNHẬN ": "ngay tiep nhan", "Hòa": "hoa", "Hoà": "hoa",
		"Đã xử lý": "da xu ly", "\ufeffMã hồ sơ": "ma ho so", "Nga\u0300y tie\u0302\u0301p nha\u0302\u0323n": "ngay tiep nhan",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestDossiersPutSettingsBack: a failed load leaves no session setting of its own on the
// pooled connection (the optimizers it turns off would slow every later query).
func TestDossiersPutSettingsBack(t *testing.T) {
	db, _ := openDB(t)
	p := filepath.Join(t.TempDir(), "bad_time_zone.csv")
	os.WriteFile(p, []byte("dossier_code,unit_code,channel,status,received_at\nA-261001-0001,04792,2,2,2026-10-01\n"), 0o644)
	// A zone DuckDB does not know makes the load fail inside its transaction.
	loc := time.FixedZone("Nowhere/Atlantis", 3600)
	_, err := Dossiers(context.Background(), db, p, DossierOptions{Location: loc, Now: testNow})
	if err == nil {
		t.Fatal("a load in an unknown time zone succeeded")
	}
	t.Logf("failed as it should: %v", err)
	for i := 0; i < 4; i++ { // whichever pooled connection answers
		var opt, tz string
		if err := db.QueryRow(context.Background(), `SELECT current_setting('disabled_optimizers'), current_setting('TimeZone')`).Scan(&opt, &tz); err != nil {
			t.Fatal(err)
		}
		if opt != "" || tz != "Asia/Ho_Chi_Minh" {
			t.Errorf("after a failed load: disabled_optimizers %q, TimeZone %q", opt, tz)
		}
	}
}
