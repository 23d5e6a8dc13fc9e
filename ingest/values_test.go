package ingest

import (
	"context"
	"testing"
	"time"

	"reformindex/sql"
)

// evalSQL evaluates a value expression over x = in (a VARCHAR, NULL for nil).
func evalSQL(t *testing.T, db *sql.DB, expr string, in any, out any) bool {
	t.Helper()
	err := db.QueryRow(context.Background(), `SELECT `+expr+` FROM (SELECT CAST(? AS VARCHAR) AS x)`, in).Scan(out)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return true
}

func TestTimestampSQL(t *testing.T) {
	db, _ := openDB(t)
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	local := func(y int, m time.Month, d, h, min, s int) time.Time { return time.Date(y, m, d, h, min, s, 0, hcm) }
	tests := []struct {
		name string
		in   string
		due  bool
		want time.Time // zero: unparseable (NULL)
	}{
		{"ISO with offset", "2026-10-01T08:00:00+07:00", false, local(2026, 10, 1, 8, 0, 0)},
		{"ISO in UTC crossing local midnight", "2026-10-31T17:30:00Z", false, local(2026, 11, 1, 0, 30, 0)},
		{"ISO with compact offset", "2026-10-01T01:00:00+0000", false, local(2026, 10, 1, 8, 0, 0)},
		{"ISO without offset is local", "2026-10-01T08:00:00", false, local(2026, 10, 1, 8, 0, 0)},
		{"ISO with a space and fractions", "2026-10-01 08:00:00.5", false, local(2026, 10, 1, 8, 0, 0).Add(500 * time.Millisecond)},
		{"ISO bare date", "2026-10-01", false, local(2026, 10, 1, 0, 0, 0)},
		{"ISO bare due date is the end of the day", "2026-10-01", true, local(2026, 10, 1, 23, 59, 59).Add(999999 * time.Microsecond)},
		{"national sync format", "20261001080000", false, local(2026, 10, 1, 8, 0, 0)},
		{"national sync date", "20261001", false, local(2026, 10, 1, 0, 0, 0)},
		{"dd/MM/yyyy", "05/10/2026", false, local(2026, 10, 5, 0, 0, 0)},
		{"dd/MM/yyyy due date", "05/10/2026", true, local(2026, 10, 5, 23, 59, 59).Add(999999 * time.Microsecond)},
		{"dd/MM/yyyy HH:mm", "05/10/2026 14:30", false, local(2026, 10, 5, 14, 30, 0)},
		{"d/M/yyyy HH:mm:ss", "5/10/2026 14:30:15", false, local(2026, 10, 5, 14, 30, 15)},
		{"31 February", "31/02/2026", false, time.Time{}},
		{"month 13 in sync format", "20261301080000", false, time.Time{}},
		{"words", "hôm qua", false, time.Time{}},
		{"US order", "10/31/2026", false, time.Time{}},
		{"infinity is not a date", "infinity", false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got sql.NullTime
			evalSQL(t, db, timestampSQL("x", tt.due), tt.in, &got)
			if tt.want.IsZero() {
				if got.Valid {
					t.Errorf("%q read as %v, want unparseable", tt.in, got.Time)
				}
				return
			}
			if !got.Valid || !got.Time.Equal(tt.want) {
				t.Errorf("%q read as %v (valid %v), want %v", tt.in, got.Time, got.Valid, tt.want)
			}
		})
	}
}

func TestValueSQL(t *testing.T) {
	db, _ := openDB(t)
	for in, want := range map[string]string{"": "<nil>", "   ": "<nil>", " 04792 ": "04792", "\tH44.1\t": "H44.1", "a b": "a b"} {
		var got sql.NullString
		evalSQL(t, db, valueSQL("x"), in, &got)
		if g := map[bool]string{true: got.String, false: "<nil>"}[got.Valid]; g != want {
			t.Errorf("valueSQL(%q) = %q, want %q", in, g, want)
		}
	}
}

func TestLookupSQL(t *testing.T) {
	db, _ := openDB(t)
	generic, vn := builtinProfile("generic"), builtinProfile("vn-headers")
	tests := []struct {
		name    string
		profile *Profile
		column  string
		in      string
		want    int64 // -1: unknown
	}{
		{"code", generic, "channel", "2", 2},
		{"name in capitals", generic, "channel", "DIRECT", 1},
		{"snake case", generic, "channel", "Truc_Tuyen", 2},
		{"fax is no channel", generic, "channel", "fax", -1},
		{"status name", generic, "status", "supplement_requested", 5},
		{"status 10", generic, "status", "10", 10},
		{"status 11", generic, "status", "11", -1},
		{"Vietnamese status", vn, "status", "Đã xử lý xong", 9},
		{"Vietnamese status, other tone placement and case", vn, "status", "ĐÃ TRẢ  KẾT QUẢ", 10},
		{"Vietnamese status in decomposed Unicode", vn, "status", "Đa\u0303 xư\u0309 ly\u0301 xong", 9},
		{"Vietnamese channel", vn, "channel", "Bưu chính công ích", 3},
		{"Vietnamese channel without accents", vn, "channel", "truc tuyen", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got sql.NullInt64
			evalSQL(t, db, "CAST("+lookupSQL("x", tt.column, tt.profile.Values[valueKinds[tt.column]])+" AS BIGINT)", tt.in, &got)
			g := int64(-1)
			if got.Valid {
				g = got.Int64
			}
			if g != tt.want {
				t.Errorf("%s %q = %d, want %d", tt.column, tt.in, g, tt.want)
			}
		})
	}
	var flag sql.NullBool
	for in, want := range map[string]bool{"Có": true, "không": false, "x": true, "X": true, "1": true, "0": false} {
		evalSQL(t, db, lookupSQL("x", "e_result", vn.Values["flag"]), in, &flag)
		if !flag.Valid || flag.Bool != want {
			t.Errorf("vn-headers flag %q = %v (valid %v), want %v", in, flag.Bool, flag.Valid, want)
		}
	}
}

func TestAmountSQL(t *testing.T) {
	db, _ := openDB(t)
	tests := []struct {
		format, in string
		want       float64 // -1: unparseable
	}{
		{"plain", "50000", 50000}, {"plain", "50000.5", 50000.5}, {"plain", "-5", -1}, {"plain", "abc", -1},
		{"plain", "NaN", -1}, {"plain", "inf", -1},
		{"vn", "50000", 50000}, {"vn", "50.000", 50000}, {"vn", "50.000 đ", 50000}, {"vn", "1.250.000 VNĐ", 1250000},
		{"vn", "50.000,5", 50000.5}, {"vn", "50,000", 50000}, {"vn", "12,5", 12.5}, {"vn", "năm mươi", -1},
	}
	for _, tt := range tests {
		var got sql.NullFloat64
		evalSQL(t, db, amountSQL("x", tt.format), tt.in, &got)
		g := -1.0
		if got.Valid {
			g = got.Float64
		}
		if g != tt.want {
			t.Errorf("%s amount %q = %v, want %v", tt.format, tt.in, g, tt.want)
		}
	}
}

func TestNormalizeUnitCode(t *testing.T) {
	if got := normalizeUnitCode("4792"); got != "04792" {
		t.Errorf("normalizeUnitCode(4792) = %q", got)
	}
	if got := normalizeUnitCode("H44.104"); got != "H44.104" {
		t.Errorf("normalizeUnitCode(H44.104) = %q", got)
	}
}
