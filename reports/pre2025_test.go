package reports

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWritePre2025Golden renders March 2025 of the pre2025 case on the old units: the
// communes of old Hưng Yên's two districts, one without data, two tied in Ân Thi.
func TestWritePre2025Golden(t *testing.T) {
	hcm, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	dir, res := writeCase(t, "pre2025", Options{Period: "2025-03", Units: "pre2025", Location: hcm})
	root := filepath.Join(dir, "2025-03", "pre2025")
	if len(res.Dirs) != 1 || res.Dirs[0] != root || res.Index != filepath.Join(root, "index.html") {
		t.Errorf("result %+v, want the bundle in %s", res, root)
	}
	for _, f := range []string{"index.html", "metrics.csv", "communes/12145.html"} {
		golden(t, filepath.Join("testdata", "pre2025", "want", "pre2025", f), []byte(read(t, filepath.Join(root, f))))
	}
	// Every old commune of the registry has a page; the pages use the period's one assets/.
	for _, code := range []string{"12025", "12028", "12031", "12142", "12166"} {
		if page := read(t, filepath.Join(root, "communes", code+".html")); !strings.Contains(page, `src="../../assets/echarts.min.js"`) {
			t.Errorf("communes/%s.html does not use the period's assets", code)
		}
	}
	read(t, filepath.Join(dir, "2025-03", "assets", "echarts.min.js"))
	if _, err := os.Stat(filepath.Join(root, "assets")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the pre-2025 bundle has its own assets folder")
	}
	if page := read(t, filepath.Join(root, "communes", "12031.html")); !strings.Contains(page, vi.CommuneNoData) {
		t.Error("the page of an old commune without data does not say so")
	}
}

func TestWritePre2025CSV(t *testing.T) {
	dir, _ := writeCase(t, "pre2025", Options{Period: "2025-03", Units: "pre2025"})
	records, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(dir, "2025-03", "pre2025", "metrics.csv")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(records[0], ","); got != strings.Join(pre2025Header, ",") {
		t.Fatalf("header = %s", got)
	}
	if got := strings.Join(records[0][:len(specHeader)], ","); got != strings.Join(specHeader, ",") {
		t.Errorf("metrics.csv does not start with the SPEC §6 columns: %s", got)
	}
	col := func(name string) int {
		for i, c := range pre2025Header {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return 0
	}
	var got []string
	for _, r := range records[1:] {
		got = append(got, strings.Join([]string{r[col("unit_code")], r[col("rank")], r[col("rank_change")], r[col("district_code")],
			r[col("district_name")], r[col("rank_in_district")], r[col("rank_in_province")], r[col("province_code_2025")],
			r[col("rank_in_province_2025")]}, " "))
	}
	want := []string{
		"12142 1 1 331 Huyện Ân Thi 1 1 33 1",
		"12166 2 1 331 Huyện Ân Thi 2 2 33 2", // tied with Quảng Lãng: Hồng before Quảng
		"12145 2 -1 331 Huyện Ân Thi 2 2 33 2",
		"12025 4 0 330 Huyện Kim Động 1 4 33 4",
		"12028 5  330 Huyện Kim Động 2 5 33 5",
		"12031   330 Huyện Kim Động    ", // no data: no rank, no 2025 province
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWritePre2025English(t *testing.T) {
	dir, _ := writeCase(t, "pre2025", Options{Period: "2025-03", Units: "pre2025", Lang: "en"})
	root := filepath.Join(dir, "2025-03", "pre2025")
	index := read(t, filepath.Join(root, "index.html"))
	for _, want := range []string{"District ranking", "Rank in district", "units before 1 July 2025", "March 2025"} {
		if !strings.Contains(index, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	page := read(t, filepath.Join(root, "communes", "12166.html"))
	for _, want := range []string{"Rank 2 of 3 in Huyện Ân Thi", "Rank 2 of 5 in Tỉnh Hưng Yên", "Rank in new province (Tỉnh Hưng Yên): 2/5"} {
		if !strings.Contains(page, want) {
			t.Errorf("communes/12166.html lacks %q", want)
		}
	}
}

func TestWritePre2025Errors(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		o           Options
		want        string
	}{
		{"period after June 2025", "pre2025", Options{Period: "2025-Q3"},
			"period 2025-Q3 ends after 30 June 2025: the pre-2025 units exist only for periods that end by the reorganisation of 1 July 2025"},
		{"period straddling July 2025", "pre2025", Options{Period: "2025"},
			"period 2025 ends after 30 June 2025: the pre-2025 units exist only for periods that end by the reorganisation of 1 July 2025"},
		{"old province without data", "pre2025", Options{Period: "2025-03", Province: "17"},
			"no metrics for pre-2025 province \"17\" in period 2025-03\n" + noMetricsHint},
		{"period without old units' rows", "small", Options{Period: "2025-03"},
			"no metrics on the pre-2025 units for period 2025-03\n" + noMetricsHint},
		{"unknown units", "small", Options{Period: "2025-03", Units: "1990"}, `units "1990" are not 2025 or pre2025`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openCase(t, tc.input)
			if tc.o.Units == "" {
				tc.o.Units = "pre2025"
			}
			_, err := Write(context.Background(), db, t.TempDir(), tc.o)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if strings.HasPrefix(tc.want, "no metrics") && !errors.Is(err, ErrNoMetrics) {
				t.Error("error is not ErrNoMetrics")
			}
		})
	}
}

// TestWritePre2025Pipeline renders March 2025 of a sample Phú Thọ built by the real
// pipeline on the old units: the three old provinces merged into Phú Thọ (Phú Thọ, Vĩnh
// Phúc, Hòa Bình) each get a bundle listing every commune of the registry, beside the
// 2025 bundle of the same period.
func TestWritePre2025Pipeline(t *testing.T) {
	dir := t.TempDir()
	runReform(t, dir, "sample", "--province", "25", "--months", "2", "--from", "2025-02",
		"--dossiers-per-month", "5", "--seed", "2", "--out", "ex")
	db := pipelineDB(t, dir, []string{"ingest", "dossiers", "--max-reject-rate", "1", "ex/dossiers_25_2025-02.csv", "ex/dossiers_25_2025-03.csv"})
	out := t.TempDir()
	ctx := context.Background()
	if _, err := Write(ctx, db, out, Options{Period: "2025-03", Now: testNow}); err != nil {
		t.Fatal(err)
	}
	res, err := Write(ctx, db, out, Options{Period: "2025-03", Units: "pre2025", Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(out, "2025-03", "pre2025")
	want := []string{filepath.Join(root, "17"), filepath.Join(root, "25"), filepath.Join(root, "26")}
	if strings.Join(res.Dirs, " ") != strings.Join(want, " ") {
		t.Errorf("Dirs = %q, want %q", res.Dirs, want)
	}
	top := read(t, res.Index)
	for _, s := range []string{`href="17/index.html">Tỉnh Hoà Bình</a>`, `href="25/index.html">Tỉnh Phú Thọ</a>`,
		`href="26/index.html">Tỉnh Vĩnh Phúc</a>`, `href="../assets/style.css"`} {
		if !strings.Contains(top, s) {
			t.Errorf("pre2025/index.html lacks %s", s)
		}
	}
	read(t, filepath.Join(out, "2025-03", "index.html")) // the 2025 bundle is still there
	for code, communes := range map[string]int{"17": 151, "25": 207, "26": 121} {
		records, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(root, code, "metrics.csv")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(records)-1 != communes {
			t.Errorf("old province %s: metrics.csv has %d communes, want the registry's %d", code, len(records)-1, communes)
		}
		ranked := 0
		for _, r := range records[1:] {
			if r[len(specHeader)+2] != "" { // rank_in_district
				ranked++
			}
			if _, err := os.Stat(filepath.Join(root, code, "communes", r[2]+".html")); err != nil {
				t.Errorf("no page for %s: %v", r[2], err)
			}
		}
		if ranked == 0 {
			t.Errorf("old province %s: no commune ranked in its district", code)
		}
		index := read(t, filepath.Join(root, code, "index.html"))
		if !strings.Contains(index, `id="filter-district"`) || !strings.Contains(index, `src="../../assets/echarts.min.js"`) {
			t.Errorf("old province %s: index.html lacks the district filter or the period's assets", code)
		}
	}
}
