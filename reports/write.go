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
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"reformindex/sql"
)

// Options choose what [Write] renders.
type Options struct {
	Period   string                  // "2026-10", "2026-Q3", "2026" or "2026-ytd-10"
	Units    string                  // "2025" (default) or "pre2025": the units before 1 July 2025
	Province string                  // 2-digit province code (pre-2025 with Units "pre2025"); empty: every province with data in the period
	Lang     string                  // "vi" (default) or "en"
	Targets  []Target                // goals shown beside the figures; nil: DefaultTargets
	Now      time.Time               // shown as the generation time, the only clock time written; zero: none
	Location *time.Location          // for showing times; nil is UTC
	Progress func(done, total int64) // called after each commune page, one call at a time; may be nil
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
	//go:embed assets/report.js
	reportJS []byte
)

// safeName matches unit and province codes that can be used as file names.
var safeName = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// Write renders the bundle of one period under dir/<period>/ (SPEC §6): for one province,
// index.html, communes/<unit_code>.html, metrics.csv, metrics.xlsx, data/*.parquet and
// assets/; for several, an index.html listing them and each province's pages and exports in
// dir/<period>/<province_code>/. The bundle has one assets/ folder, shared by every page.
// With Units "pre2025" it renders the old units instead, under dir/<period>/pre2025/
// ([writePre2025]).
func Write(ctx context.Context, db *sql.DB, dir string, o Options) (Result, error) {
	p, err := parsePeriod(o.Period)
	if err != nil {
		return Result{}, err
	}
	w, err := wordsFor(o.Lang)
	if err != nil {
		return Result{}, err
	}
	switch o.Units {
	case "", "2025":
		return write2025(ctx, db, dir, o, p, w)
	case "pre2025":
		return writePre2025(ctx, db, dir, o, p, w)
	}
	return Result{}, fmt.Errorf("units %q are not 2025 or pre2025", o.Units)
}

// startRender loads the provinces of period p with file (reports/provinces.sql or
// reports/pre2025_provinces.sql; units names them in messages: "" or "pre-2025 "), keeps
// the one o.Province names, checks that their codes make safe folder names, and starts a
// renderer that knows the provinces of the previous period.
func startRender(ctx context.Context, db *sql.DB, file, units string, o Options, p period, w *words) ([]unit, *renderer, error) {
	provinces, err := loadUnits(ctx, db, file, p.String())
	if err != nil {
		return nil, nil, err
	}
	if len(provinces) == 0 {
		on := ""
		if units != "" {
			on = " on the " + units + "units"
		}
		return nil, nil, fmt.Errorf("%w%s for period %s\n%s", ErrNoMetrics, on, p, noMetricsHint)
	}
	if o.Province != "" {
		if provinces = filterProvince(provinces, o.Province); len(provinces) == 0 {
			return nil, nil, fmt.Errorf("%w for %sprovince %q in period %s\n%s", ErrNoMetrics, units, o.Province, p, noMetricsHint)
		}
	}
	for _, prov := range provinces {
		if !safeName.MatchString(prov.Code) {
			return nil, nil, fmt.Errorf("province code %q is not a safe folder name", prov.Code)
		}
	}
	r, err := newRenderer(ctx, db, o, p, w)
	if err != nil {
		return nil, nil, err
	}
	if r.previous, err = loadUnits(ctx, db, file, r.prevPeriod.String()); err != nil {
		return nil, nil, err
	}
	return provinces, r, nil
}

// write2025 renders the bundle on the 2025 communes.
func write2025(ctx context.Context, db *sql.DB, dir string, o Options, p period, w *words) (Result, error) {
	if built, err := db.TableExists(ctx, "scorecard"); err != nil {
		return Result{}, err
	} else if !built {
		return Result{}, fmt.Errorf("%w in %s: nothing is built yet\nhint: run reform build first", ErrNoMetrics, db.Path)
	}
	provinces, r, err := startRender(ctx, db, "reports/provinces.sql", "", o, p, w)
	if err != nil {
		return Result{}, err
	}
	scope := "" // every province: the dossier queries scan once for all
	if len(provinces) == 1 {
		scope = provinces[0].Code
	}
	if r.facts, err = loadFacts(ctx, db, scope, p); err != nil {
		return Result{}, err
	}

	data := make([]*provinceData, len(provinces))
	pages := 0
	for i, prov := range provinces {
		if data[i], err = r.load(ctx, prov); err != nil {
			return Result{}, err
		}
		pages += len(data[i].communes)
	}
	r.tick = counter(o.Progress, pages)

	root := filepath.Join(dir, p.String())
	index := filepath.Join(root, "index.html")
	if err := writeAssets(filepath.Join(root, "assets")); err != nil {
		return Result{}, err
	}
	if len(data) == 1 {
		_, err := r.bundle(ctx, root, data[0], "", "assets/")
		return Result{Dirs: []string{root}, Index: index}, err
	}
	res := Result{Index: index}
	var rows []provinceRow
	for _, d := range data {
		bundle := filepath.Join(root, d.prov.Code)
		row, err := r.bundle(ctx, bundle, d, "../index.html", "../assets/")
		if err != nil {
			return res, err
		}
		res.Dirs = append(res.Dirs, bundle)
		rows = append(rows, row)
	}
	var until time.Time
	provs := make([]unit, len(data))
	for i, d := range data {
		provs[i] = d.prov
		if d.dataUntil.After(until) {
			until = d.dataUntil
		}
	}
	return res, r.writeOverview(index, "assets/", r.w.Provinces, provs, until, rows)
}

// newRenderer sets up what every page of period p needs: the previous period, targets,
// time zone, generation time and the load history.
func newRenderer(ctx context.Context, db *sql.DB, o Options, p period, w *words) (*renderer, error) {
	prev, err := previousPeriod(ctx, db, p)
	if err != nil {
		return nil, err
	}
	r := &renderer{db: db, w: w, period: p, prevPeriod: prev, targets: o.Targets, loc: o.Location}
	if r.targets == nil {
		r.targets = DefaultTargets()
	}
	if r.loc == nil {
		r.loc = time.UTC
	}
	if !o.Now.IsZero() {
		r.generated = o.Now.In(r.loc).Format(w.TimeLayout)
	}
	if r.quality, err = loadQuality(ctx, db); err != nil {
		return nil, err
	}
	return r, nil
}

// writeAssets writes the bundle's one assets folder: ECharts, the stylesheet and report.js.
func writeAssets(dir string) error {
	for name, data := range map[string][]byte{"echarts.min.js": echartsJS, "style.css": styleCSS, "report.js": reportJS} {
		if err := writeFile(filepath.Join(dir, name), data); err != nil {
			return err
		}
	}
	return nil
}

// writeOverview writes the index.html that lists several provinces, one row each, under
// a title; assets is the way from it to the bundle's assets/ and until the freshest data.
func (r *renderer) writeOverview(path, assets, title string, provinces []unit, until time.Time, rows []provinceRow) error {
	w := r.w
	for i, place := range collationOrder(provinces, func(u unit) string { return u.Name }) {
		rows[i].NameSort = strconv.Itoa(place)
	}
	b := r.base(title, w.ReformIndex+" — "+w.period(r.period), assets, until)
	b.Meta.Scope, b.Meta.Filters = fmt.Sprintf(w.ProvincesCount, len(provinces)), w.AllCommunes
	return r.page(path, "overview.html", overviewPage{pageBase: b, Rows: rows})
}

// previousPeriod is the period shown before p. For a year to date it is periods.prev_period
// when the database has the periods table and a row for p; otherwise p.previous().
func previousPeriod(ctx context.Context, db *sql.DB, p period) (period, error) {
	prev := p.previous()
	if p.kind != "ytd" {
		return prev, nil
	}
	if ok, err := db.TableExists(ctx, "periods"); err != nil || !ok {
		return prev, err
	}
	err := query(ctx, db, "reports/prev_period.sql", []any{p.String()}, func(rows *sql.Rows) error {
		var self, s string
		if err := rows.Scan(&self, &s); err != nil {
			return err
		}
		q, err := parsePeriod(s)
		if err != nil {
			return err
		}
		prev = q
		return nil
	})
	return prev, err
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
	db         *sql.DB
	w          *words
	period     period
	prevPeriod period // the period before: periods.prev_period for a year to date
	previous   []unit // the province rows of the period before
	targets    []Target
	loc        *time.Location
	generated  string
	facts      facts
	quality    qualityData
	tick       func() // one more commune page written
}

// counter returns a func to call after each of total pages, which reports progress one
// call at a time; with a nil report it does nothing.
func counter(report func(done, total int64), total int) func() {
	if report == nil {
		return func() {}
	}
	var mu sync.Mutex
	var done int64
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		report(done, int64(total))
	}
}

// provinceData is everything the pages of one province are drawn from.
type provinceData struct {
	prov, prev unit
	communes   []unit // in ranking order
	ranked     int    // communes with a rank
	trend      map[trendKey]point
	months     []string // the 12 months of the trends
	components map[string][]component
	districts  map[string][]string // pre-2025 periods only; nil otherwise
	hasFacts   bool                // the database has the dossiers behind the facts
	overdue    map[string][]overdueDossier
	procedures map[string][]procedureCount
	channels   map[string][]channelDays
	dataUntil  time.Time
	loc        *time.Location
	explain    explainData
	reconcile  []reconcileRow // the portal beside ours; none without a loaded snapshot
	integrity  []integrityFlag
	checked    bool        // the database has integrity_flags
	prevName   string      // the previous period as titles name it
	portal     *portalData // the portal's use from its access logs; nil when no log covers the period
}

// base fills what every page states: period, scope, freshness and generation time.
func (r *renderer) base(title, subtitle, assets string, dataUntil time.Time) pageBase {
	w := r.w
	start, end := r.period.bounds()
	first, _ := time.Parse(time.DateOnly, start)
	next, _ := time.Parse(time.DateOnly, end)
	until := w.when(dataUntil, r.loc)
	if !r.quality.lastLoaded.IsZero() {
		until += " · " + w.LastLoaded + " " + w.when(r.quality.lastLoaded, r.loc)
	}
	return pageBase{W: w, Title: title, Subtitle: subtitle, Assets: assets, Meta: meta{
		Period:    w.period(r.period) + " (" + first.Format(w.DateLayout) + " – " + next.AddDate(0, 0, -1).Format(w.DateLayout) + ")",
		DataUntil: until,
		Generated: r.generated,
	}}
}

// bundle writes one province's pages and exports into dir; up links its index.html to
// the page above it, if any, and assets is the way from dir to the bundle's assets/.
// It returns the province's line for an overview.
func (r *renderer) bundle(ctx context.Context, dir string, d *provinceData, up, assets string) (provinceRow, error) {
	if err := r.writeExports(ctx, dir, d); err != nil {
		return provinceRow{}, err
	}
	if err := r.writeProvinceIndex(dir, up, assets, d); err != nil {
		return provinceRow{}, err
	}
	if err := r.writeReconcile(dir, assets, d); err != nil {
		return provinceRow{}, err
	}
	if err := r.writePortal(dir, assets, d); err != nil {
		return provinceRow{}, err
	}
	for _, u := range d.communes {
		if !safeName.MatchString(u.Code) {
			return provinceRow{}, fmt.Errorf("unit code %q is not a safe file name", u.Code)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, "communes"), 0o755); err != nil {
		return provinceRow{}, err
	}
	err := parallel(ctx, len(d.communes), func(i int) error {
		if err := r.writeCommunePage(dir, "../"+assets, d.communes[i], d); err != nil {
			return err
		}
		r.tick()
		return nil
	})
	return r.w.provinceRow(d.prov, d.communes), err
}

// load reads what the pages of one province need.
func (r *renderer) load(ctx context.Context, prov unit) (*provinceData, error) {
	ps := r.period.String()
	d := &provinceData{prov: prov, months: r.period.months(), loc: r.loc,
		overdue: r.facts.overdue, procedures: r.facts.procedures, channels: r.facts.channels,
		dataUntil: r.facts.dataUntil[prov.Code]}
	d.hasFacts = !d.dataUntil.IsZero()
	for _, u := range r.previous {
		if u.Code == prov.Code {
			d.prev = u // else no data: the zero unit
		}
	}
	var err error
	if d.communes, err = loadCommunes(ctx, r.db, prov.Code, ps); err != nil {
		return nil, err
	}
	for _, u := range d.communes {
		if u.Rank.Valid {
			d.ranked++
		}
	}
	if d.trend, err = loadTrend(ctx, r.db, "reports/trend.sql", prov.Code, d.months[0], d.months[len(d.months)-1]); err != nil {
		return nil, err
	}
	if d.components, err = loadComponents(ctx, r.db, prov.Code, ps); err != nil {
		return nil, err
	}
	if d.explain, err = loadExplain(ctx, r.db, prov.Code, ps); err != nil {
		return nil, err
	}
	d.prevName = r.w.period(r.prevPeriod)
	if d.reconcile, err = loadReconcile(ctx, r.db, prov.Code, ps); err != nil {
		return nil, err
	}
	if d.integrity, d.checked, err = loadIntegrity(ctx, r.db, prov.Code, ps); err != nil {
		return nil, err
	}
	if d.portal, err = loadPortal(ctx, r.db, prov.Code, r.period); err != nil {
		return nil, err
	}
	if d.portal != nil {
		d.portal.apply(&d.prov, d.communes)
	}
	if r.period.pre2025() {
		if d.districts, err = loadDistricts(ctx, r.db, prov.Code); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// writeExports writes metrics.csv, explain.csv, metrics.xlsx and the Parquet files of the
// metric tables.
func (r *renderer) writeExports(ctx context.Context, dir string, d *provinceData) error {
	ps := r.period.String()
	var csv bytes.Buffer
	if err := writeMetricsCSV(&csv, ps, d.prov.Code, d.communes); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "metrics.csv"), csv.Bytes()); err != nil {
		return err
	}
	csv.Reset()
	if err := writeExplainCSV(&csv, r.w.Lang, d.explain.rows); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "explain.csv"), csv.Bytes()); err != nil {
		return err
	}
	if err := writeMetricsXLSX(filepath.Join(dir, "metrics.xlsx"), r.w, ps, d.prov, d.communes); err != nil {
		return err
	}
	return writeParquet(ctx, r.db, filepath.Join(dir, "data"), ps, d.prov.Code)
}

// writeProvinceIndex writes dir/index.html.
func (r *renderer) writeProvinceIndex(dir, up, assets string, d *provinceData) error {
	w := r.w
	b := r.base(d.prov.Name, w.ReformIndex+" — "+w.period(r.period), assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters, b.Meta.LiveFilters = d.prov.Name, w.AllCommunes, true
	if up != "" {
		b.Up, b.UpLabel = up, w.BackToProvinces
	}
	pg := w.provinceView(b, d, r.targets, r.quality, w.period(r.prevPeriod))
	if len(d.reconcile) > 0 {
		pg.Reconcile = "reconcile.html"
	}
	if d.portal != nil {
		pg.Portal = "portal.html"
	}
	pg.Integrity = w.integrity(d.integrity, d.checked, d.communes)
	if c, ok := indexHistogram(w, d.communes); ok {
		c.Title = w.IndexDistribution
		pg.Histogram = &c
	}
	trend := lineChart("trend_rates", d.months, false,
		series{w.Metric["online_rate"], monthly(d.trend, "province", d.prov.Code, d.months, onlineRate)},
		series{w.Metric["ontime_rate"], monthly(d.trend, "province", d.prov.Code, d.months, ontimeRate)})
	trend.Title = w.RatesTrend
	pg.Trend = &trend
	if c, ok := indexBar(w, d.communes); ok {
		c.Title = w.IndexByCommune
		pg.IndexBar = &c
	}
	if c, ok := onlineHeatmap(w, d.communes, d.trend, d.months); ok {
		c.Title = w.OnlineHeatmap
		pg.Heatmap = &c
	}
	for _, c := range []*chart{pg.Histogram, pg.Trend, pg.IndexBar, pg.Heatmap} {
		if c != nil {
			pg.Charts = append(pg.Charts, *c)
		}
	}
	return r.page(filepath.Join(dir, "index.html"), "province.html", pg)
}

// writeReconcile writes reconcile.csv and reconcile.html when the period has reconcile rows.
func (r *renderer) writeReconcile(dir, assets string, d *provinceData) error {
	if len(d.reconcile) == 0 {
		return nil
	}
	var csv bytes.Buffer
	if err := writeReconcileCSV(&csv, r.loc, d.reconcile); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "reconcile.csv"), csv.Bytes()); err != nil {
		return err
	}
	w := r.w
	b := r.base(w.Reconcile, d.prov.Name+" — "+w.period(r.period), assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters = d.prov.Name, w.AllCommunes
	b.Up, b.UpLabel = "index.html", w.BackToProvince
	return r.page(filepath.Join(dir, "reconcile.html"), "reconcile.html", w.reconcileView(b, d.reconcile))
}

// writeCommunePage writes dir/communes/<unit_code>.html.
func (r *renderer) writeCommunePage(dir, assets string, u unit, d *provinceData) error {
	w := r.w
	b := r.base(u.Name, d.prov.Name+" — "+w.period(r.period), assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters = d.prov.Name, fmt.Sprintf(w.OneCommune, u.Name)
	b.Up, b.UpLabel = "../index.html", w.BackToProvince
	b.Charts = r.trendCharts(d.trend, d.months, []trendUnit{
		{"commune", u.Code, u.Name}, {"province", d.prov.Code, w.WholeProvince}}, w.Metric["rank"])
	pg := w.communeView(b, u, d, r.targets)
	return r.page(filepath.Join(dir, "communes", u.Code+".html"), "commune.html", pg)
}

// trendUnit is one line of a trend chart: a unit's level and code in the trend, and its label.
type trendUnit struct{ level, code, label string }

// trendCharts are a commune page's 12-month trends of online rate, on-time rate and index
// score, one line per unit (the commune first, then the units it is compared with), and the
// commune's rank history, labelled rankLabel.
func (r *renderer) trendCharts(trend map[trendKey]point, months []string, units []trendUnit, rankLabel string) []chart {
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
		ss := make([]series, len(units))
		for i, u := range units {
			ss[i] = series{u.label, monthly(trend, u.level, u.code, months, m.pick)}
		}
		c := lineChart(m.id, months, false, ss...)
		c.Title = w.Metric[m.key] + " — " + w.Trend12
		out = append(out, c)
	}
	c := lineChart("rank_history", months, true,
		series{rankLabel, monthly(trend, units[0].level, units[0].code, months, rankValue)})
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

// parallel calls fn(0) … fn(n-1) on at most GOMAXPROCS goroutines and returns the error
// of the lowest index that failed. It stops handing out work once ctx is done or a call fails.
func parallel(ctx context.Context, n int, fn func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || failed.Load() {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[i] = err
				} else {
					errs[i] = fn(i)
				}
				if errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
