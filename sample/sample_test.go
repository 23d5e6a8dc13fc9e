package sample

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// testUnits are ten real communes of Phú Thọ (province 25).
func testUnits() []Unit {
	return []Unit{
		{"04792", "Phường Tân Hòa"}, {"05014", "Xã Mường Động"}, {"05245", "Xã Bao La"},
		{"05425", "Xã An Bình"}, {"08110", "Xã Hiền Lương"}, {"08290", "Xã Yên Lập"},
		{"08479", "Xã Thọ Văn"}, {"08620", "Xã Long Cốc"}, {"08788", "Xã Thái Hòa"},
		{"08950", "Xã Bình Xuyên"},
	}
}

var ict = time.FixedZone("ICT", 7*3600)

func testOptions() Options {
	return Options{Province: "25", Months: 12, From: "2025-11", Seed: 42, Location: ict}
}

// file is one written export, parsed.
type file struct {
	path  string
	month time.Time
	rows  []map[string]string
}

func writeAndRead(t *testing.T, units []Unit, o Options) []file {
	t.Helper()
	paths, err := Write(t.TempDir(), units, o)
	if err != nil {
		t.Fatal(err)
	}
	var files []file
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		m, err := time.ParseInLocation("2006-01", strings.TrimSuffix(filepath.Base(p)[len("dossiers_25_"):], ".csv"), ict)
		if err != nil {
			t.Fatalf("file name %s: %v", p, err)
		}
		f := file{path: p, month: m}
		for _, r := range recs[1:] {
			row := map[string]string{}
			for i, h := range recs[0] {
				row[h] = r[i]
			}
			f.rows = append(f.rows, row)
		}
		files = append(files, f)
	}
	return files
}

// isBad reports whether a row is one of the deliberately bad ones.
func isBad(r map[string]string) bool {
	if r["unit_code"] == "99999" || r["channel"] == "" || strings.Contains(r["received_at"], "/") {
		return true
	}
	return r["finished_at"] != "" && r["finished_at"] < r["received_at"]
}

func ts(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("timestamp %q: %v", s, err)
	}
	return v
}

func hashDir(t *testing.T, o Options) [32]byte {
	t.Helper()
	paths, err := Write(t.TempDir(), testUnits()[:3], o)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n", filepath.Base(p))
		h.Write(b)
	}
	return [32]byte(h.Sum(nil))
}

func TestWriteDeterministic(t *testing.T) {
	o := testOptions()
	o.Months = 4
	a, b := hashDir(t, o), hashDir(t, o)
	if a != b {
		t.Fatal("two runs with the same options wrote different bytes")
	}
	o.Seed++
	if hashDir(t, o) == a {
		t.Fatal("a different seed wrote the same bytes")
	}
}

func TestWriteFiles(t *testing.T) {
	o := testOptions()
	o.Months = 3
	paths, err := Write(t.TempDir(), testUnits(), o)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, filepath.Base(p))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(header)) {
			t.Errorf("%s: header %q", p, b[:bytes.IndexByte(b, '\n')+1])
		}
		if bytes.Contains(b, []byte("\r")) || bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
			t.Errorf("%s: CR or BOM", p)
		}
	}
	want := "dossiers_25_2025-11.csv dossiers_25_2025-12.csv dossiers_25_2026-01.csv"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("files = %s, want %s", got, want)
	}
	if header != "dossier_code,unit_code,procedure_code,procedure_name,field_name,channel,service_level,status,submitted_at,received_at,due_at,finished_at,returned_at,fee_amount,paid_online,e_result,digitized,complaint,updated_at,ChuHoSo,SoDienThoai\n" {
		t.Error("header changed")
	}
}

func TestWriteVolumes(t *testing.T) {
	files := writeAndRead(t, testUnits(), testOptions())
	codeRE := regexp.MustCompile(`^H25\.(\d+)-(\d{6})-\d{4}$`)
	for _, f := range files {
		counts := map[string]int{}
		for _, r := range f.rows {
			m := codeRE.FindStringSubmatch(r["dossier_code"])
			if m == nil {
				t.Fatalf("%s: dossier code %q", f.path, r["dossier_code"])
			}
			if m[2][:4] == f.month.Format("0601") { // received this month
				counts[m[1]]++
			}
		}
		if len(counts) != 10 {
			t.Errorf("%s: %d communes with new dossiers, want 10", f.path, len(counts))
		}
		lo, hi := 1<<30, 0
		for unit, n := range counts {
			if n < 50 || n > 1500 {
				t.Errorf("%s: commune %s received %d dossiers, want 50..1500", f.path, unit, n)
			}
			lo, hi = min(lo, n), max(hi, n)
		}
		if hi < lo*3/2 {
			t.Errorf("%s: volumes %d..%d barely vary between communes", f.path, lo, hi)
		}
	}
}

func TestWriteCarryOvers(t *testing.T) {
	files := writeAndRead(t, testUnits(), testOptions())
	type seen struct {
		status, updated, identity string
	}
	last := map[string]seen{}
	changed := 0
	for _, f := range files {
		end := f.month.AddDate(0, 1, 0)
		inFile := map[string]bool{}
		for _, r := range f.rows {
			if inFile[r["dossier_code"]] {
				t.Fatalf("%s: dossier code %s twice", f.path, r["dossier_code"])
			}
			inFile[r["dossier_code"]] = true
			if isBad(r) {
				continue
			}
			identity := r["unit_code"] + " " + r["procedure_code"] + " " + r["submitted_at"] + " " + r["received_at"] + " " + r["ChuHoSo"]
			up := ts(t, r["updated_at"])
			if !up.Before(end) {
				t.Fatalf("%s: updated_at %s after the month", f.path, r["updated_at"])
			}
			code := r["dossier_code"]
			if prev, ok := last[code]; ok {
				if prev.identity != identity {
					t.Fatalf("%s: dossier code %s names another dossier: %s, was %s", f.path, code, identity, prev.identity)
				}
				if ts(t, prev.updated).After(up) {
					t.Fatalf("%s: %s updated_at went back from %s to %s", f.path, code, prev.updated, r["updated_at"])
				}
				if prev.status != r["status"] && prev.updated < r["updated_at"] {
					changed++
				}
			}
			last[code] = seen{r["status"], r["updated_at"], identity}
		}
	}
	if changed < 100 {
		t.Errorf("%d dossiers re-exported with a later status, want many", changed)
	}
}

func TestWriteBadRows(t *testing.T) {
	files := writeAndRead(t, testUnits(), testOptions())
	total := 0
	kinds := map[string]int{}
	for _, f := range files {
		n := 0
		for _, r := range f.rows {
			if !isBad(r) {
				continue
			}
			n++
			switch {
			case r["unit_code"] == "99999":
				kinds["unit"]++
			case r["channel"] == "":
				kinds["channel"]++
			case strings.Contains(r["received_at"], "/"):
				kinds["date"]++
			default:
				kinds["order"]++
			}
		}
		if share := float64(n) / float64(len(f.rows)); share >= 0.01 {
			t.Errorf("%s: %d of %d rows bad (%.2f %%), want under 1 %%", f.path, n, len(f.rows), share*100)
		}
		total += n
	}
	if total == 0 || len(kinds) != 4 {
		t.Errorf("bad rows: %d, kinds %v; want all four kinds", total, kinds)
	}
}

func TestWriteRows(t *testing.T) {
	units := testUnits()
	known := map[string]bool{}
	for _, u := range units {
		known[u.Code] = true
	}
	dateRE := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	phoneRE := regexp.MustCompile(`^09\d{8}$`)
	statuses := map[string]int{}
	channels := map[string]int{}
	for _, f := range writeAndRead(t, units, testOptions()) {
		for _, r := range f.rows {
			if r["ChuHoSo"] == "" || !phoneRE.MatchString(r["SoDienThoai"]) {
				t.Fatalf("%s: personal columns %q, %q", f.path, r["ChuHoSo"], r["SoDienThoai"])
			}
			if !known[r["unit_code"]] && r["unit_code"] != "99999" {
				t.Fatalf("%s: unknown unit_code %q", f.path, r["unit_code"])
			}
			if isBad(r) {
				continue
			}
			statuses[r["status"]]++
			channels[r["channel"]]++
			checkRow(t, f.path, r, dateRE)
		}
	}
	for _, s := range []string{"1", "2", "3", "4", "5", "7", "9", "10"} {
		if statuses[s] == 0 {
			t.Errorf("no row has status %s (%v)", s, statuses)
		}
	}
	for _, c := range []string{"1", "2", "3"} {
		if channels[c] == 0 {
			t.Errorf("no row has channel %s (%v)", c, channels)
		}
	}
}

// checkRow checks the timeline of one good row.
func checkRow(t *testing.T, path string, r map[string]string, dateRE *regexp.Regexp) {
	t.Helper()
	where := path + ": " + r["dossier_code"]
	recv, sub, up := ts(t, r["received_at"]), ts(t, r["submitted_at"]), ts(t, r["updated_at"])
	if sub.After(recv) || up.Before(recv) {
		t.Fatalf("%s: submitted %s, received %s, updated %s", where, sub, recv, up)
	}
	if !strings.HasSuffix(r["received_at"], "+07:00") {
		t.Fatalf("%s: received_at %q has no +07:00 offset", where, r["received_at"])
	}
	switch r["status"] {
	case "1", "3":
		if r["due_at"] != "" || r["finished_at"] != "" {
			t.Fatalf("%s: status %s with a due or finish date", where, r["status"])
		}
		return
	}
	if !dateRE.MatchString(r["due_at"]) {
		t.Fatalf("%s: due_at %q is not a bare date", where, r["due_at"])
	}
	if r["due_at"] < r["received_at"][:10] {
		t.Fatalf("%s: due %s before receipt %s", where, r["due_at"], r["received_at"])
	}
	terminal := r["status"] == "7" || r["status"] == "9" || r["status"] == "10"
	if terminal != (r["finished_at"] != "") {
		t.Fatalf("%s: status %s, finished_at %q", where, r["status"], r["finished_at"])
	}
	if (r["status"] == "10") != (r["returned_at"] != "") {
		t.Fatalf("%s: status %s, returned_at %q", where, r["status"], r["returned_at"])
	}
	if r["finished_at"] != "" && ts(t, r["finished_at"]).Before(recv) {
		t.Fatalf("%s: finished before received", where)
	}
	if r["returned_at"] != "" && ts(t, r["returned_at"]).Before(ts(t, r["finished_at"])) {
		t.Fatalf("%s: returned before finished", where)
	}
	if r["paid_online"] != "0" && r["fee_amount"] == "0" {
		t.Fatalf("%s: paid_online %s without a fee", where, r["paid_online"])
	}
}

func TestWriteNow(t *testing.T) {
	o := testOptions()
	o.Months = 2
	o.Now = time.Date(2025, 12, 10, 12, 0, 0, 0, ict)
	files := writeAndRead(t, testUnits()[:3], o)
	for _, r := range files[1].rows {
		if !isBad(r) && !ts(t, r["updated_at"]).Before(o.Now) {
			t.Fatalf("last file holds a change at %s, after now %s", r["updated_at"], o.Now)
		}
	}
	if len(files[1].rows) >= len(files[0].rows) {
		t.Errorf("a third of a month wrote %d rows, the full month before %d", len(files[1].rows), len(files[0].rows))
	}
}

func TestWriteOptionErrors(t *testing.T) {
	tests := []struct {
		name  string
		units []Unit
		edit  func(*Options)
		want  string
	}{
		{"no units", nil, func(*Options) {}, "no units"},
		{"zero months", testUnits(), func(o *Options) { o.Months = 0 }, "months must be"},
		{"bad from", testUnits(), func(o *Options) { o.From = "2026/10" }, `from "2026/10" is not a month`},
		{"empty from", testUnits(), func(o *Options) { o.From = "" }, "is not a month"},
		{"bad province", testUnits(), func(o *Options) { o.Province = "../x" }, "province"},
		{"negative volume", testUnits(), func(o *Options) { o.DossiersPerMonth = -1 }, "dossiers per month"},
		{"duplicate unit", []Unit{{"05014", "a"}, {"05014", "b"}}, func(*Options) {}, "twice"},
		{"now too early", testUnits(), func(o *Options) { o.Now = time.Date(2025, 1, 1, 0, 0, 0, 0, ict) }, "before the last month"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions()
			tt.edit(&o)
			dir := t.TempDir()
			_, err := Write(dir, tt.units, o)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("%d files left behind", len(left))
			}
		})
	}
}

// BenchmarkWriteProvince writes a Phú Thọ-sized province: 148 communes × 12 months.
func BenchmarkWriteProvince(b *testing.B) {
	units := make([]Unit, 148)
	for i := range units {
		units[i] = Unit{Code: fmt.Sprintf("%05d", 4000+i*37), Name: "Xã Thử " + fmt.Sprint(i)}
		if i%8 == 0 {
			units[i].Name = "Phường Thử " + fmt.Sprint(i)
		}
	}
	o := Options{Province: "25", Months: 12, From: "2025-11", Seed: 1}
	for b.Loop() {
		paths, err := Write(b.TempDir(), units, o)
		if err != nil {
			b.Fatal(err)
		}
		var size int64
		for _, p := range paths {
			st, _ := os.Stat(p)
			size += st.Size()
		}
		b.ReportMetric(float64(size)/1e6, "MB")
	}
}
