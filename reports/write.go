package reports

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"reformindex/sql"
)

// Options choose what [Write] renders.
type Options struct {
	Period   string         // "2026-10", "2026-Q3" or "2026"
	Province string         // 2-digit province code; empty: every province with data in the period
	Lang     string         // "vi" (default) or "en"
	Now      time.Time      // shown as the generation time, the only time written; zero: none
	Location *time.Location // for showing Now; nil is UTC
}

// Result says what [Write] wrote.
type Result struct {
	Dirs  []string // the bundle folders, one per province
	Index string   // the top index.html
}

// ErrNoMetrics means the scorecard has no rows for the period (or province) asked for.
var ErrNoMetrics = errors.New("no metrics")

const noMetricsHint = "hint: run reform build first, or pick a period reform status lists"

var (
	//go:embed assets/echarts.min.js
	echartsJS []byte
	//go:embed assets/style.css
	styleCSS []byte
)

// safeName matches unit and province codes that can be used as file names.
var safeName = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// Write renders the bundle of one period under dir/<period>/ (SPEC §6): for one
// province, index.html, communes/<unit_code>.html, metrics.csv and assets/; for
// several, an index.html listing them and one such bundle per province in
// dir/<period>/<province_code>/.
func Write(ctx context.Context, db *sql.DB, dir string, o Options) (Result, error) {
	p, err := parsePeriod(o.Period)
	if err != nil {
		return Result{}, err
	}
	w, err := wordsFor(o.Lang)
	if err != nil {
		return Result{}, err
	}
	provinces, err := loadUnits(ctx, db, "reports/provinces.sql", p.String())
	if err != nil {
		return Result{}, err
	}
	if len(provinces) == 0 {
		return Result{}, fmt.Errorf("%w for period %s\n%s", ErrNoMetrics, p, noMetricsHint)
	}
	if o.Province != "" {
		provinces = filterProvince(provinces, o.Province)
		if len(provinces) == 0 {
			return Result{}, fmt.Errorf("%w for province %q in period %s\n%s", ErrNoMetrics, o.Province, p, noMetricsHint)
		}
	}
	previous, err := loadUnits(ctx, db, "reports/provinces.sql", p.previous().String())
	if err != nil {
		return Result{}, err
	}
	r := &renderer{db: db, w: w, period: p, previous: previous}
	if !o.Now.IsZero() {
		loc := o.Location
		if loc == nil {
			loc = time.UTC
		}
		r.generated = o.Now.In(loc).Format(w.TimeLayout)
	}

	root := filepath.Join(dir, p.String())
	index := filepath.Join(root, "index.html")
	if len(provinces) == 1 {
		_, err := r.bundle(ctx, root, provinces[0], "")
		return Result{Dirs: []string{root}, Index: index}, err
	}
	res := Result{Index: index}
	var rows []provinceRow
	for _, prov := range provinces {
		if !safeName.MatchString(prov.Code) {
			return res, fmt.Errorf("province code %q is not a safe folder name", prov.Code)
		}
		bundle := filepath.Join(root, prov.Code)
		row, err := r.bundle(ctx, bundle, prov, "../index.html")
		if err != nil {
			return res, err
		}
		res.Dirs = append(res.Dirs, bundle)
		rows = append(rows, row)
	}
	if err := writeFile(filepath.Join(root, "assets", "style.css"), styleCSS); err != nil {
		return res, err
	}
	page := overviewPage{pageBase: r.base(w.Provinces, w.ReformIndex+" — "+w.period(p), "assets/"), Rows: rows}
	return res, r.page(index, "overview.html", page)
}

func filterProvince(provinces []unit, code string) []unit {
	for _, prov := range provinces {
		if prov.Code == code {
			return []unit{prov}
		}
	}
	return nil
}

// renderer writes the pages of one period in one language.
type renderer struct {
	db        *sql.DB
	w         *words
	period    period
	previous  []unit // the province rows of the period before
	generated string
}

func (r *renderer) base(title, subtitle, assets string) pageBase {
	return pageBase{W: r.w, Title: title, Subtitle: subtitle, Assets: assets,
		Period: r.w.period(r.period), Generated: r.generated}
}

// bundle writes one province's bundle into dir; up links its index.html to the
// page above it, if any. It returns the province's line for an overview.
func (r *renderer) bundle(ctx context.Context, dir string, prov unit, up string) (provinceRow, error) {
	ps, months := r.period.String(), r.period.months()
	communes, err := loadCommunes(ctx, r.db, prov.Code, ps)
	if err != nil {
		return provinceRow{}, err
	}
	trend, err := loadTrend(ctx, r.db, prov.Code, months[0], months[len(months)-1])
	if err != nil {
		return provinceRow{}, err
	}
	components, err := loadComponents(ctx, r.db, prov.Code, ps)
	if err != nil {
		return provinceRow{}, err
	}
	var csv bytes.Buffer
	if err := writeMetricsCSV(&csv, ps, prov.Code, communes); err != nil {
		return provinceRow{}, err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"assets/echarts.min.js", echartsJS},
		{"assets/style.css", styleCSS},
		{"metrics.csv", csv.Bytes()},
	} {
		if err := writeFile(filepath.Join(dir, f.name), f.data); err != nil {
			return provinceRow{}, err
		}
	}
	if err := r.writeProvinceIndex(dir, prov, up, communes, trend, months); err != nil {
		return provinceRow{}, err
	}
	ranked := 0
	for _, u := range communes {
		if u.Rank.Valid {
			ranked++
		}
	}
	for _, u := range communes {
		if err := r.writeCommunePage(dir, u, prov, ranked, components[u.Code], trend, months); err != nil {
			return provinceRow{}, err
		}
	}
	return r.w.provinceRow(prov, communes), nil
}

// writeProvinceIndex writes dir/index.html.
func (r *renderer) writeProvinceIndex(dir string, prov unit, up string, communes []unit, trend map[trendKey]point, months []string) error {
	w := r.w
	var prev unit // the province in the previous period; no data if absent
	for _, u := range r.previous {
		if u.Code == prov.Code {
			prev = u
		}
	}
	b := r.base(prov.Name, w.ReformIndex+" — "+w.period(r.period), "assets/")
	if up != "" {
		b.Up, b.UpLabel = up, w.BackToProvinces
	}
	if c, ok := indexBar(w, communes); ok {
		c.Title = w.IndexByCommune
		b.Charts = append(b.Charts, c)
	}
	rates := lineChart("trend_rates", months, false,
		series{w.Metric["online_rate"], monthly(trend, "province", prov.Code, months, onlineRate)},
		series{w.Metric["ontime_rate"], monthly(trend, "province", prov.Code, months, ontimeRate)})
	rates.Title = w.RatesTrend
	b.Charts = append(b.Charts, rates)
	page := w.provinceView(b, prov, prev, w.period(r.period.previous()), communes)
	return r.page(filepath.Join(dir, "index.html"), "province.html", page)
}

// writeCommunePage writes dir/communes/<unit_code>.html; ranked is the number of ranked communes.
func (r *renderer) writeCommunePage(dir string, u, prov unit, ranked int, components []component, trend map[trendKey]point, months []string) error {
	if !safeName.MatchString(u.Code) {
		return fmt.Errorf("unit code %q is not a safe file name", u.Code)
	}
	w := r.w
	b := r.base(u.Name, prov.Name+" — "+w.period(r.period), "../assets/")
	b.Up, b.UpLabel = "../index.html", w.BackToProvince
	b.Charts = r.communeCharts(trend, months, u, prov)
	page := w.communeView(b, u, prov, ranked, components)
	return r.page(filepath.Join(dir, "communes", u.Code+".html"), "commune.html", page)
}

// communeCharts are a commune page's 12-month trends against the province and its rank history.
func (r *renderer) communeCharts(trend map[trendKey]point, months []string, u, prov unit) []chart {
	w := r.w
	var out []chart
	for _, m := range []struct {
		id, key string
		pick    func(point) sql.NullFloat64
	}{
		{"trend_online_rate", "online_rate", onlineRate},
		{"trend_ontime_rate", "ontime_rate", ontimeRate},
		{"trend_index_score", "index_score", indexScore},
	} {
		c := lineChart(m.id, months, false,
			series{u.Name, monthly(trend, "commune", u.Code, months, m.pick)},
			series{w.WholeProvince, monthly(trend, "province", prov.Code, months, m.pick)})
		c.Title = w.Metric[m.key] + " — " + w.Trend12
		out = append(out, c)
	}
	c := lineChart("rank_history", months, true,
		series{w.Metric["rank"], monthly(trend, "commune", u.Code, months, rankValue)})
	c.Title = w.RankHistory
	return append(out, c)
}

// page renders a template into path.
func (r *renderer) page(path, name string, data any) error {
	var buf bytes.Buffer
	if err := templates.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s: %w", path, err)
	}
	return writeFile(path, buf.Bytes())
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
