package reports

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"reformindex/sql"
)

// portalTables are the tables reform build makes from access logs that the portal page
// reads (docs/sites.md §5). They exist, empty, once a build ran without logs.
var portalTables = []string{"portal_usage", "portal_daily", "portal_hourly", "portal_outages", "portal_funnel", "portal_routes"}

// portalFigures are a unit's use of the public-service portal in the period (SPEC §5,
// portal_usage). Known is false when no access log covers the unit's province in the
// period: metrics.csv then leaves every portal column empty. A commune of a covered
// province without traffic has zero counts and NULL rates.
type portalFigures struct {
	Known, HasData                   bool
	Visitors, PageViews, Submissions int64
	MobileShare, ErrorRate           sql.NullFloat64
}

// portalDay is one local day of a province's portal traffic.
type portalDay struct {
	Day                     time.Time
	PageViews               int64
	Mobile, Tablet, Desktop int64 // page views by device
	Visitors, Submissions   int64
}

// portalHour is one local hour of a province's portal traffic.
type portalHour struct {
	Day                               time.Time
	Hour                              int
	PageViews, Submissions, Errors5xx int64
}

// portalOutage is a run of minutes in which a host of the portal failed (portal_outages).
// StartLocal and EndLocal are its bounds as local wall-clock text ("2026-10-05 10:00") in
// the database's time zone, the one of the hourly traffic and of the period's bounds.
type portalOutage struct {
	Host                     string
	Start, End               time.Time
	StartLocal, EndLocal     string
	Minutes, MinutesInPeriod int64
	Requests, Errors5xx      int64
	ErrorRate                sql.NullFloat64
	Kind                     string
}

// funnelRow is one procedure of a unit's online funnel: page views → visitor-days →
// submitting visitor-days → submissions.
type funnelRow struct {
	Code, Name                                   string
	PageViews, Visitors, Submitters, Submissions int64
	Conversion                                   sql.NullFloat64
}

// portalData is what a province's portal page and its communes' portal panels are drawn
// from. loadPortal returns nil when no access log covers the province in the period.
type portalData struct {
	province portalFigures
	communes map[string]portalFigures // communes with traffic, by unit code
	days     []portalDay
	hours    []portalHour
	outages  []portalOutage
	funnel   map[string][]funnelRow // by unit code (the province's too), most viewed first
}

// loadPortal reads the portal use of one province in period p. It returns nil when the
// database has no portal tables or the logs have no traffic of the province in p.
func loadPortal(ctx context.Context, db *sql.DB, province string, p period) (*portalData, error) {
	for _, t := range portalTables {
		if ok, err := db.TableExists(ctx, t); err != nil || !ok {
			return nil, err
		}
	}
	d := &portalData{communes: map[string]portalFigures{}, funnel: map[string][]funnelRow{}}
	ps := p.String()
	err := query(ctx, db, "reports/portal_usage.sql", []any{province, ps}, func(rows *sql.Rows) error {
		var level, code string
		f := portalFigures{Known: true, HasData: true}
		if err := rows.Scan(&level, &code, &f.Visitors, &f.PageViews, &f.MobileShare, &f.ErrorRate, &f.Submissions); err != nil {
			return err
		}
		if level == "province" {
			d.province = f
		} else {
			d.communes[code] = f
		}
		return nil
	})
	if err != nil || !d.province.HasData {
		return nil, err
	}
	start, end := p.bounds()
	err = query(ctx, db, "reports/portal_daily.sql", []any{province, start, end}, func(rows *sql.Rows) error {
		var x portalDay
		if err := rows.Scan(&x.Day, &x.PageViews, &x.Mobile, &x.Tablet, &x.Desktop, &x.Visitors, &x.Submissions); err != nil {
			return err
		}
		d.days = append(d.days, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, "reports/portal_hourly.sql", []any{province, start, end}, func(rows *sql.Rows) error {
		var x portalHour
		if err := rows.Scan(&x.Day, &x.Hour, &x.PageViews, &x.Submissions, &x.Errors5xx); err != nil {
			return err
		}
		d.hours = append(d.hours, x)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, "reports/portal_outages.sql", []any{province, start, end}, func(rows *sql.Rows) error {
		var o portalOutage
		if err := rows.Scan(&o.Host, &o.Start, &o.End, &o.StartLocal, &o.EndLocal, &o.Minutes, &o.MinutesInPeriod,
			&o.Requests, &o.Errors5xx, &o.ErrorRate, &o.Kind); err != nil {
			return err
		}
		d.outages = append(d.outages, o)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = query(ctx, db, "reports/portal_funnel.sql", []any{province, ps}, func(rows *sql.Rows) error {
		var code string
		var f funnelRow
		if err := rows.Scan(&code, &f.Code, &f.Name, &f.PageViews, &f.Visitors, &f.Submitters,
			&f.Submissions, &f.Conversion); err != nil {
			return err
		}
		d.funnel[code] = append(d.funnel[code], f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// apply gives the province and each of its communes their portal figures: the logs cover
// them all, so a commune without a row had no traffic.
func (d *portalData) apply(prov *unit, communes []unit) {
	prov.Portal = d.province
	for i := range communes {
		f := d.communes[communes[i].Code]
		f.Known = true
		communes[i].Portal = f
	}
}

// portalKPIs are the portal figures of metrics.csv (SPEC §5), in its order: the rows of a
// commune page's portal panel, portal.html's tiles and the columns of its commune table.
var portalKPIs = []kpi{
	{key: "portal_visitors", neutral: true, value: portalCount(func(f portalFigures) int64 { return f.Visitors })},
	{key: "portal_page_views", neutral: true, value: portalCount(func(f portalFigures) int64 { return f.PageViews })},
	{key: "portal_mobile_share", rate: true, neutral: true, value: portalRate(func(f portalFigures) sql.NullFloat64 { return f.MobileShare })},
	{key: "portal_error_rate", rate: true, lowerIsBetter: true, value: portalRate(func(f portalFigures) sql.NullFloat64 { return f.ErrorRate })},
	{key: "portal_submissions", neutral: true, value: portalCount(func(f portalFigures) int64 { return f.Submissions })},
}

// portalCount and portalRate read a portal figure for a kpi: a count is NULL only when no
// log covers the unit.
func portalCount(get func(portalFigures) int64) func(figures) sql.NullFloat64 {
	return func(f figures) sql.NullFloat64 {
		return sql.NullFloat64{Float64: float64(get(f.Portal)), Valid: f.Portal.Known}
	}
}

func portalRate(get func(portalFigures) sql.NullFloat64) func(figures) sql.NullFloat64 {
	return func(f figures) sql.NullFloat64 { return get(f.Portal) }
}

// portalPage is portal.html: a province's use of the public-service portal in the period.
type portalPage struct {
	pageBase
	Tiles                                         []tile
	Coverage                                      string
	Daily, Hourly, Errors, Devices, TopProcedures *chart
	Columns                                       []heading // of the commune table, after the name
	Outages                                       []outageLine
	OutageHosts                                   bool // some outage has a host name: show the column
	Funnel                                        []funnelLine
	Communes                                      []portalCommuneLine
}

type outageLine struct{ Start, End, Minutes, Requests, Errors, Rate, Kind, Host string }

type funnelLine struct {
	Code, Name, NameSort string
	Cells                []cell // page views, visitors, submitters, submissions, conversion
}

type portalCommuneLine struct {
	Code, Name, NameSort string
	NoData               bool
	Cells                []cell // the portal figures, in portalKPIs order
}

// writePortal writes dir/portal.html when access logs cover the province in the period.
func (r *renderer) writePortal(dir, assets string, d *provinceData) error {
	if d.portal == nil {
		return nil
	}
	w := r.w
	b := r.base(w.Portal, d.prov.Name+" — "+w.period(r.period), assets, d.dataUntil)
	b.Meta.Scope, b.Meta.Filters = d.prov.Name, w.AllCommunes
	b.Up, b.UpLabel = "index.html", w.BackToProvince
	pg := w.portalView(b, d, r.period, r.loc)
	for _, c := range []*chart{pg.Daily, pg.Hourly, pg.Errors, pg.Devices, pg.TopProcedures} {
		if c != nil {
			pg.Charts = append(pg.Charts, *c)
		}
	}
	return r.page(filepath.Join(dir, "portal.html"), "portal.html", pg)
}

// portalView fills portal.html: the province's portal figures as tiles, traffic by day and
// by hour, server errors with the outages, devices, the most viewed procedures, the funnel
// of every procedure and the figures of every commune.
func (w *words) portalView(b pageBase, d *provinceData, p period, loc *time.Location) portalPage {
	pd := d.portal
	pg := portalPage{pageBase: b}
	for _, k := range portalKPIs {
		pg.Tiles = append(pg.Tiles, w.tile(k, d.prov.figures, figures{}, nil))
	}
	var down int64 // outage minutes inside the period
	for _, o := range pd.outages {
		down += o.MinutesInPeriod
		l := outageLine{Start: o.Start.In(loc).Format(w.ShortTime), End: o.End.In(loc).Format(w.ShortTime),
			Minutes: w.count(o.Minutes), Requests: w.count(o.Requests), Errors: w.count(o.Errors5xx),
			Rate: w.show(kpi{rate: true}, o.ErrorRate), Kind: o.Kind, Host: o.Host}
		if s, ok := w.OutageKinds[o.Kind]; ok {
			l.Kind = s
		}
		pg.OutageHosts = pg.OutageHosts || o.Host != ""
		pg.Outages = append(pg.Outages, l)
	}
	pg.Tiles = append(pg.Tiles, tile{Label: w.OutagesTile,
		Value: fmt.Sprintf(w.OutagesValue, len(pd.outages), w.count(down))})
	start, end := p.bounds()
	first, _ := time.Parse(time.DateOnly, start)
	next, _ := time.Parse(time.DateOnly, end)
	days := int(next.Sub(first).Hours() / 24)
	pg.Coverage = fmt.Sprintf(w.PortalCoverage, len(pd.days), days)

	daily := portalDailyChart(w, first, days, pd.days)
	pg.Daily = &daily
	hourly := portalHourlyChart(w, pd.hours)
	pg.Hourly = &hourly
	if c, ok := portalErrorsChart(w, start, end, pd.hours, pd.outages); ok {
		pg.Errors = &c
	}
	if c, ok := portalDevicesChart(w, pd.days); ok {
		pg.Devices = &c
	}
	procedures := pd.funnel[d.prov.Code]
	if c, ok := portalProceduresChart(w, procedures); ok {
		pg.TopProcedures = &c
	}
	pg.Funnel = w.funnelLines(procedures)
	for _, k := range portalKPIs {
		pg.Columns = append(pg.Columns, heading{Label: w.Short[k.key], Title: w.Metric[k.key], Num: true, Desc: true})
	}
	pg.Communes = w.portalCommunes(d.communes)
	return pg
}

// funnelLines shows funnel rows in their order (most viewed first), sortable by name too.
func (w *words) funnelLines(rows []funnelRow) []funnelLine {
	names := make([]unit, len(rows))
	for i, f := range rows {
		names[i] = unit{Code: f.Code, Name: f.Name}
	}
	order := collationOrder(names, func(u unit) string { return u.Name })
	var out []funnelLine
	for i, f := range rows {
		count := func(n int64) cell { return numCell(w.count(n), sql.NullFloat64{Float64: float64(n), Valid: true}) }
		out = append(out, funnelLine{Code: f.Code, Name: f.Name, NameSort: strconv.Itoa(order[i]), Cells: []cell{
			count(f.PageViews), count(f.Visitors), count(f.Submitters), count(f.Submissions),
			numCell(w.show(kpi{rate: true}, f.Conversion), f.Conversion),
		}})
	}
	return out
}

// portalCommunes lists every commune of the province with its portal figures, most page
// views first, then in Vietnamese order.
func (w *words) portalCommunes(communes []unit) []portalCommuneLine {
	us := append([]unit(nil), communes...)
	names := collationOrder(us, func(u unit) string { return u.Name })
	idx := make([]int, len(us))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		pa, pb := us[idx[a]].Portal.PageViews, us[idx[b]].Portal.PageViews
		if pa != pb {
			return pa > pb
		}
		return names[idx[a]] < names[idx[b]]
	})
	out := make([]portalCommuneLine, 0, len(us))
	for _, i := range idx {
		u := us[i]
		l := portalCommuneLine{Code: u.Code, Name: u.Name, NameSort: strconv.Itoa(names[i]), NoData: !u.Portal.HasData}
		for _, k := range portalKPIs {
			v := k.value(u.figures)
			l.Cells = append(l.Cells, numCell(w.show(k, v), v))
		}
		out = append(out, l)
	}
	return out
}

// communePortal is a commune page's portal panel: its figures beside the province's and
// its funnel rows.
type communePortal struct {
	KPIs   []kpiRow
	Funnel []funnelLine
}

// communePortal is nil, and the panel hidden, when the logs have no traffic of the commune.
func (w *words) communePortal(u unit, d *provinceData) *communePortal {
	if d.portal == nil || !u.Portal.HasData {
		return nil
	}
	v := &communePortal{Funnel: w.funnelLines(d.portal.funnel[u.Code])}
	for _, k := range portalKPIs {
		v.KPIs = append(v.KPIs, kpiRow{Label: w.Metric[k.key], Commune: w.show(k, k.value(u.figures)),
			Province: w.show(k, k.value(d.prov.figures))})
	}
	return v
}

// portalDailyChart draws page views, visitors and submissions on each day of the period;
// a day without traffic in the logs is a gap.
func portalDailyChart(w *words, first time.Time, days int, rows []portalDay) chart {
	byDay := map[string]portalDay{}
	for _, x := range rows {
		byDay[x.Day.Format(time.DateOnly)] = x
	}
	labels := make([]string, days)
	var views, visitors, submissions []opts.LineData
	for i := range days {
		day := first.AddDate(0, 0, i)
		labels[i] = day.Format(w.DateLayout)
		x, ok := byDay[day.Format(time.DateOnly)]
		for _, s := range []struct {
			data *[]opts.LineData
			n    int64
		}{{&views, x.PageViews}, {&visitors, x.Visitors}, {&submissions, x.Submissions}} {
			v := opts.LineData{Value: "-"} // ECharts' empty value
			if ok {
				v.Value = s.n
			}
			*s.data = append(*s.data, v)
		}
	}
	const id, height = "portal_daily", "300px"
	c := charts.NewLine()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "16", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	c.SetXAxis(labels).
		AddSeries(w.PageViews, views).
		AddSeries(w.Visitors, visitors).
		AddSeries(w.Submissions, submissions)
	out := snippet(id, height, c)
	out.Title = w.PortalDaily
	return out
}

// portalHourlyChart draws page views and submissions by local hour of the day, added up
// over the period.
func portalHourlyChart(w *words, rows []portalHour) chart {
	var views, submissions [24]int64
	for _, x := range rows {
		views[x.Hour] += x.PageViews
		submissions[x.Hour] += x.Submissions
	}
	labels := make([]string, 24)
	vd, sd := make([]opts.BarData, 24), make([]opts.BarData, 24)
	for h := range 24 {
		labels[h] = fmt.Sprintf("%02d", h)
		vd[h] = opts.BarData{Value: views[h]}
		sd[h] = opts.BarData{Value: submissions[h]}
	}
	const id, height = "portal_hourly", "300px"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "16", Top: "16", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category", Name: w.HourOfDay}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	c.SetXAxis(labels).AddSeries(w.PageViews, vd).AddSeries(w.Submissions, sd)
	out := snippet(id, height, c)
	out.Title = w.PortalHourly
	return out
}

// portalErrorsChart draws the 5xx answers of each local hour on a time axis over the
// period, with each outage shaded (a markArea); none without errors or outages. Times are
// local wall-clock text without a zone, so that ECharts shows them as they are in any browser.
func portalErrorsChart(w *words, start, end string, rows []portalHour, outages []portalOutage) (chart, bool) {
	var data []opts.BarData
	for _, x := range rows {
		if x.Errors5xx > 0 {
			at := x.Day.Format(time.DateOnly) + fmt.Sprintf(" %02d:00", x.Hour)
			data = append(data, opts.BarData{Value: []any{at, x.Errors5xx}})
		}
	}
	if len(data) == 0 && len(outages) == 0 {
		return chart{}, false
	}
	var areas []any
	for _, o := range outages {
		areas = append(areas, []opts.MarkAreaData{
			{Name: w.Outage, XAxis: o.StartLocal},
			{XAxis: o.EndLocal},
		})
	}
	const id, height = "portal_errors", "300px"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "24", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "time", Min: start + " 00:00", Max: end + " 00:00",
			AxisLabel: &opts.AxisLabel{Formatter: types.FuncStr(w.AxisDay)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", MinInterval: 1}),
	)
	c.AddSeries(w.Errors5xx, data, func(s *charts.SingleSeries) {
		s.BarMaxWidth = "12"
		s.ItemStyle = &opts.ItemStyle{Color: "#b42318"}
		s.MarkAreas = &opts.MarkAreas{Data: areas, MarkAreaStyle: opts.MarkAreaStyle{
			ItemStyle: &opts.ItemStyle{Color: "rgba(214, 69, 69, 0.18)"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "insideTop", Color: "#b42318"},
		}}
	})
	out := snippet(id, height, c)
	out.Title = w.PortalErrors
	return out, true
}

// portalDevicesChart shares the period's page views out by device; none without page views.
func portalDevicesChart(w *words, rows []portalDay) (chart, bool) {
	var total, mobile, tablet, desktop int64
	for _, x := range rows {
		total += x.PageViews
		mobile += x.Mobile
		tablet += x.Tablet
		desktop += x.Desktop
	}
	if total == 0 {
		return chart{}, false
	}
	var data []opts.PieData // named with their share: the legend says it on a phone, where labels have no room
	for _, s := range []struct {
		key string
		n   int64
	}{{"mobile", mobile}, {"tablet", tablet}, {"desktop", desktop}, {"other", total - mobile - tablet - desktop}} {
		if s.n > 0 {
			data = append(data, opts.PieData{Name: w.Devices[s.key] + " " + w.percent(s.n, total), Value: s.n})
		}
	}
	const id, height = "portal_devices", "300px"
	c := charts.NewPie()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
	)
	c.AddSeries(w.PageViews, data,
		charts.WithLabelOpts(opts.Label{Show: opts.Bool(false)}),
		charts.WithPieChartOpts(opts.PieChart{Radius: []string{"40%", "70%"}, Center: []string{"50%", "45%"}}))
	out := snippet(id, height, c)
	out.Title = w.PortalDevices
	return out, true
}

// topViewed is how many procedures the chart of the most viewed ones shows.
const topViewed = 10

// portalProceduresChart is a horizontal bar of page views and submissions of the most
// viewed procedures, most viewed at the top; none without procedure pages viewed.
func portalProceduresChart(w *words, rows []funnelRow) (chart, bool) {
	rows = rows[:min(len(rows), topViewed)]
	if len(rows) == 0 {
		return chart{}, false
	}
	names := make([]string, len(rows))
	views, submissions := make([]opts.BarData, len(rows)), make([]opts.BarData, len(rows))
	for i, f := range rows {
		names[i] = f.Name
		if names[i] == "" {
			names[i] = f.Code
		}
		views[i] = opts.BarData{Value: f.PageViews}
		submissions[i] = opts.BarData{Value: f.Submissions}
	}
	const id = "portal_procedures"
	height := strconv.Itoa(80+36*len(rows)) + "px"
	c := charts.NewBar()
	c.SetGlobalOptions(
		initOpts(id, height),
		charts.WithTooltipOpts(opts.Tooltip{Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Bottom: "0"}),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "8", Bottom: "40", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: 1}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Interval: "0", Width: 140, Overflow: "truncate"}}),
	)
	c.SetXAxis(names).AddSeries(w.PageViews, views).AddSeries(w.Submissions, submissions)
	c.XYReversal()
	out := snippet(id, height, c)
	out.Title = w.PortalTopProcedures
	return out, true
}
