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

	"github.com/google/go-cmp/cmp"

	"reformindex/sql"
)

func openDB(t *testing.T) (*sql.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "t.duckdb")
	db, err := sql.Open(context.Background(), path, sql.Options{TZ: "Asia/Ho_Chi_Minh"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := Prepare(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	return db, path
}

func load(t *testing.T, db *sql.DB, path string) Summary {
	t.Helper()
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	s, err := Dossiers(context.Background(), db, path, DossierOptions{Source: "test", Location: hcm,
		Now: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatalf("Dossiers(%s): %v", path, err)
	}
	return s
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.QuerySQL(context.Background(), q)
	if err != nil {
		t.Fatal(err)
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

func TestDossiers(t *testing.T) {
	db, _ := openDB(t)
	s := load(t, db, "testdata/month1.csv")
	want := Summary{Path: "testdata/month1.csv", FileID: 1, Read: 10, New: 3, Unchanged: 1, Rejected: 6,
		Ignored: []string{"ChuHoSo", "SoDienThoai"}, Format: "csv", Encoding: "utf-8", Profile: "generic", Picked: true}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("month1 summary (-want +got):\n%s", diff)
	}
	gotRejects := queryStrings(t, db, `SELECT line || ' ' || coalesce(column_name, '-') || ' ' || coalesce(raw_value, '-') || ': ' || reason
		FROM raw_rejects ORDER BY line`)
	wantRejects := []string{
		`5 channel fax: unknown channel`,
		`6 unit_code 99999: unknown unit`,
		`7 received_at 31/02/2026: unparseable date`,
		`8 finished_at 2026-10-04T08:00:00+07:00: finished_at before received_at`,
		`9 status finished: terminal status without a finish time`,
		`11 - -: wrong number of fields: 7, header has 14`,
	}
	if diff := cmp.Diff(wantRejects, gotRejects); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	// Values as stored: offsets, bare due dates at the end of the day, the later line of a
	// duplicate, padded unit codes, quoted fields and "" as empty.
	gotRows := queryStrings(t, db, `SELECT concat_ws(' | ', dossier_code, unit_code, coalesce(procedure_name, '-'), channel, status,
		strftime(received_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'),
		coalesce(strftime(due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', '%Y-%m-%d %H:%M:%S.%f'), '-'),
		coalesce(strftime(finished_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), '-'),
		coalesce(CAST(fee_amount AS VARCHAR), '-'), coalesce(CAST(paid_online AS VARCHAR), '-'),
		coalesce(strftime(updated_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M'), '-'))
		FROM raw_dossiers ORDER BY dossier_code`)
	wantRows := []string{
		"H25.1-261001-0001 | 04792 | Đăng ký khai sinh | 2 | 4 | 2026-10-01 01:00:00 | 2026-10-05 23:59:59.999999 | - | - | - | 2026-10-01 02:00",
		"H25.1-261001-0002 | 04792 | Chứng thực, bản sao | 1 | 9 | 2026-10-01 02:30:00 | 2026-10-05 23:59:59.999999 | 2026-10-02 03:00 | 50000.0 | 1 | 2026-10-02 03:00",
		"H25.1-261001-0003 | 07894 | Đăng ký khai sinh | 2 | 4 | 2026-10-01 03:00:00 | 2026-10-03 23:59:59.999999 | - | - | - | 2026-10-01 03:00",
	}
	if diff := cmp.Diff(wantRows, gotRows); diff != "" {
		t.Errorf("raw_dossiers (-want +got):\n%s", diff)
	}

	// The next month: a newer state, a stale re-export, the same state again and a new dossier.
	s = load(t, db, "testdata/month2.csv")
	want = Summary{Path: "testdata/month2.csv", FileID: 2, Read: 4, New: 1, Updated: 2, Unchanged: 1,
		Format: "csv", Encoding: "utf-8", Profile: "generic", Picked: true}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("month2 summary (-want +got):\n%s", diff)
	}
	gotStatus := queryStrings(t, db, `SELECT dossier_code || ':' || status FROM raw_dossiers ORDER BY dossier_code`)
	wantStatus := []string{"H25.1-261001-0001:10", "H25.1-261001-0002:9", "H25.1-261001-0003:4", "H25.1-261002-0001:2"}
	if diff := cmp.Diff(wantStatus, gotStatus); diff != "" {
		t.Errorf("latest states (-want +got):\n%s", diff)
	}
	if got := queryStrings(t, db, `SELECT CAST(count(*) AS VARCHAR) FROM raw_dossier_history`); got[0] != "8" {
		t.Errorf("history holds %s versions, want 8", got[0])
	}

	// Loading the same bytes again changes nothing.
	s = load(t, db, "testdata/month1.csv")
	if !s.AlreadyLoaded || s.FileID != 1 {
		t.Errorf("reloading month1: %+v, want AlreadyLoaded of file 1", s)
	}
	if got := queryStrings(t, db, `SELECT CAST(count(*) AS VARCHAR) FROM raw_dossier_history`); got[0] != "8" {
		t.Errorf("after reload history holds %s versions, want 8", got[0])
	}
}

func TestDossiersNeverStorePersonalData(t *testing.T) {
	db, path := openDB(t)
	load(t, db, "testdata/month1.csv")
	ctx := context.Background()
	cols, err := db.QuerySQL(ctx, `SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' AND NOT internal`)
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	for cols.Next() {
		var tb, c string
		cols.Scan(&tb, &c)
		pairs = append(pairs, [2]string{tb, c})
	}
	cols.Close()
	if len(pairs) < 10 {
		t.Fatalf("only %d VARCHAR columns found", len(pairs))
	}
	for _, p := range pairs {
		for _, secret := range []string{"0912345678", "Bí Mật", "Riêng Tư", "0900000005"} {
			var n int
			q := `SELECT count(*) FROM ` + sql.QuoteIdent(p[0]) + ` WHERE ` + sql.QuoteIdent(p[1]) + ` LIKE '%' || ? || '%'`
			if err := db.QueryRow(ctx, q, secret).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				t.Errorf("%s.%s holds personal data %q", p[0], p[1], secret)
			}
		}
	}
	db.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"0912345678", "0987654321"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("the database file contains %q", secret)
		}
	}
}

func TestDossiersFileErrors(t *testing.T) {
	db, _ := openDB(t)
	hcm, _ := time.LoadLocation("Asia/Ho_Chi_Minh")
	tests := []struct {
		name string
		path string
		want error
		text string
	}{
		{"missing file", "testdata/nope.csv", os.ErrNotExist, "no such file"},
		{"empty file", "testdata/empty.csv", ErrEmptyFile, "empty file"},
		{"required column missing", "testdata/missing_received_at.csv", ErrMissingColumn, "line 1: missing required column received_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Dossiers(context.Background(), db, tt.path, DossierOptions{Location: hcm})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error = %v, want %v containing %q", err, tt.want, tt.text)
			}
		})
	}
	if got := queryStrings(t, db, `SELECT CAST(count(*) AS VARCHAR) FROM load_files`); got[0] != "0" {
		t.Errorf("%s files recorded after file errors, want 0", got[0])
	}
}

// TestDossiersLinesFarApart loads a file of some hundred lines, with blank lines and bad
// rows far apart, read by DuckDB (in one part and in two halves) and by Go: the rows, their
// lines and the rejects must agree. A repeated code makes the merge run; without it the
// merge is skipped and the rows are the same.
func TestDossiersLinesFarApart(t *testing.T) {
	var b strings.Builder
	b.WriteString("dossier_code,unit_code,channel,status,received_at\n")
	bad := map[int]bool{70: true, 200: true, 201: true, 333: true, 480: true}
	line := 1
	for i := 1; i <= 500; i++ {
		if i%97 == 0 {
			b.WriteString("\n\n")
			line += 2
		}
		line++
		unit := "04792"
		if bad[i] {
			unit = "99999"
		}
		fmt.Fprintf(&b, "H25.1-261001-%04d,%s,1,2,2026-10-01T08:00:00+07:00\n", i, unit)
	}
	text := b.String()
	repeated := strings.Replace(text, "H25.1-261001-0400,", "H25.1-261001-0399,", 1)
	dir := t.TempDir()
	defer func(n int64) { scanSplit = n }(scanSplit)
	for name, text := range map[string]string{"distinct.csv": text, "repeated.csv": repeated} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			var got [3][]string
			for i, staged := range []bool{true, false, false} {
				scanSplit = 64 << 20
				if i == 2 {
					scanSplit = int64(len(text)) / 2
				}
				db, _ := openDB(t)
				s, err := loadInto(t, db, p, DossierOptions{staged: staged})
				if err != nil {
					t.Fatal(err)
				}
				if s.Read != 500 || s.Rejected != 5 {
					t.Errorf("%+v: want 500 read, 5 rejected", s)
				}
				got[i] = queryStrings(t, db, `SELECT dossier_code || ' ' || line FROM raw_dossiers ORDER BY line`)
				got[i] = append(got[i], queryStrings(t, db, `SELECT line || ' ' || reason FROM raw_rejects ORDER BY line`)...)
			}
			for i := 1; i < 3; i++ {
				if diff := cmp.Diff(got[0], got[i]); diff != "" {
					t.Errorf("Go (-) and DuckDB read %d (+) differ:\n%s", i, diff)
				}
			}
			if n := len(got[0]); n < 6 || got[0][n-5] != "71 unknown unit" || got[0][n-1] != "489 unknown unit" {
				t.Errorf("rejects %q", got[0][max(n-5, 0):])
			}
		})
	}
}

func TestCSVLoneCarriageReturn(t *testing.T) {
	src, _ := os.ReadFile("testdata/month1.csv")
	text := strings.Replace(string(src), "Đăng ký khai sinh", "Đăng ký\rkhai sinh", 1)
	p := filepath.Join(t.TempDir(), "cr.csv")
	os.WriteFile(p, []byte(text), 0o644)
	db, _ := openDB(t)
	s, err := loadInto(t, db, p, DossierOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Read != 10 || s.Rejected != 6 {
		t.Errorf("%+v: want 10 read, 6 rejected", s)
	}
}
