package reports

import (
	"embed"
	"fmt"
	"html/template"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"reformindex/sql"
)

//go:embed templates/*.html
var templateFiles embed.FS

var templates = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// pageBase is what every page's layout needs. Each page links the bundle's one assets
// folder through Assets ("assets/", "../assets/" …) and may link Up to the page above it.
type pageBase struct {
	W               *words
	Title, Subtitle string
	Assets          string
	Up, UpLabel     string
	Meta            meta
	Charts          []chart // every chart of the page, drawn by report.js
}

// meta is what the header of every page states, on screen and on paper: the period, the
// scope and filters, how fresh the data is and when the page was made.
type meta struct {
	Period, Scope, Filters string
	LiveFilters            bool // the ranking table's filters rewrite Filters
	DataUntil, Generated   string
}

// kpi is one figure that pages show: its key in words.Metric and how to read it.
type kpi struct {
	key           string
	rate          bool // a percentage; its changes are percentage points
	score         bool // a score or average shown with two decimals
	lowerIsBetter bool
	neutral       bool // a change is neither better nor worse
	value         func(figures) sql.NullFloat64
}

func count(get func(figures) int64) func(figures) sql.NullFloat64 {
	return func(f figures) sql.NullFloat64 {
		return sql.NullFloat64{Float64: float64(get(f)), Valid: f.HasData}
	}
}

var (
	kpiIndex    = kpi{key: "index_score", score: true, value: func(f figures) sql.NullFloat64 { return f.IndexScore }}
	kpiReceived = kpi{key: "received", neutral: true, value: count(func(f figures) int64 { return f.Received })}
	kpiOnline   = kpi{key: "online_rate", rate: true, value: func(f figures) sql.NullFloat64 { return f.OnlineRate }}
	kpiOntime   = kpi{key: "ontime_rate", rate: true, value: func(f figures) sql.NullFloat64 { return f.OntimeRate }}
	kpiOverdue  = kpi{key: "open_overdue", lowerIsBetter: true, value: count(func(f figures) int64 { return f.OpenOverdue })}
	kpiPayment  = kpi{key: "online_payment_rate", rate: true, value: func(f figures) sql.NullFloat64 { return f.OnlinePaymentRate }}
	kpiEResult  = kpi{key: "e_result_rate", rate: true, value: func(f figures) sql.NullFloat64 { return f.EResultRate }}
	kpiDigitize = kpi{key: "digitization_rate", rate: true, value: func(f figures) sql.NullFloat64 { return f.DigitizationRate }}

	// provinceTiles are the KPI tiles of a province's index.html.
	provinceTiles = []kpi{kpiIndex, kpiReceived, kpiOnline, kpiOntime, kpiOverdue, kpiPayment, kpiEResult, kpiDigitize}

	// communeKPIs are the rows of a commune page's table; any of them may have a target.
	communeKPIs = []kpi{
		kpiIndex, kpiReceived,
		{key: "processed", neutral: true, value: count(func(f figures) int64 { return f.Processed })},
		{key: "finished", neutral: true, value: count(func(f figures) int64 { return f.Finished })},
		kpiOnline, kpiOntime,
		{key: "ontime_rate_finished", rate: true, value: func(f figures) sql.NullFloat64 { return f.OntimeRateFinished }},
		kpiOverdue,
		{key: "avg_processing_days", score: true, lowerIsBetter: true, value: func(f figures) sql.NullFloat64 { return f.AvgProcessingDays }},
		kpiPayment, kpiEResult, kpiDigitize,
		{key: "satisfaction", rate: true, value: func(f figures) sql.NullFloat64 { return f.Satisfaction }},
	}
)

// kpiByKey finds a KPI of the commune table; nil if there is none.
func kpiByKey(key string) *kpi {
	for i := range communeKPIs {
		if communeKPIs[i].key == key {
			return &communeKPIs[i]
		}
	}
	return nil
}

// targetMetrics lists the metrics a target may name.
func targetMetrics() string {
	var keys []string
	for _, k := range communeKPIs {
		if !k.neutral {
			keys = append(keys, k.key)
		}
	}
	return strings.Join(keys, ", ")
}

// show formats a KPI value; NULL is "—".
func (w *words) show(k kpi, v sql.NullFloat64) string {
	if !v.Valid {
		return "—"
	}
	switch {
	case k.rate:
		return w.fixed(v.Float64) + "%"
	case k.score:
		return w.fixed(v.Float64)
	}
	return w.number(v.Float64)
}

// target shows the target of k, if any, and whether v meets it: "≥ 50,00%", "better".
func (w *words) target(ts []Target, k kpi, v sql.NullFloat64) (text, class string) {
	t, ok := targetFor(ts, k.key)
	if !ok {
		return "", ""
	}
	if t.AtLeast != nil {
		text = "≥ " + w.show(k, sql.NullFloat64{Float64: *t.AtLeast, Valid: true})
	} else {
		text = "≤ " + w.show(k, sql.NullFloat64{Float64: *t.AtMost, Valid: true})
	}
	switch {
	case !v.Valid:
		return text, ""
	case t.met(v.Float64):
		return text, "better"
	}
	return text, "worse"
}

// tile is one KPI of a province with its change since the previous period and its target.
type tile struct {
	Label, Value, Delta, Class string
	Target, TargetClass, Met   string
}

func (w *words) tile(k kpi, cur, prev figures, ts []Target) tile {
	t := tile{Label: w.Metric[k.key], Value: w.show(k, k.value(cur))}
	t.Target, t.TargetClass = w.target(ts, k, k.value(cur))
	t.Met = w.met(t.TargetClass)
	c, p := k.value(cur), k.value(prev)
	if !c.Valid || !p.Valid {
		return t
	}
	d := math.Round((c.Float64-p.Float64)*100) / 100
	unit := ""
	if k.rate {
		unit = w.PercentPoints
	}
	switch {
	case d == 0:
		t.Delta = "= 0" + unit
	case d > 0:
		t.Delta = "▲ +" + w.number(d) + unit
	default:
		t.Delta = "▼ " + w.number(d) + unit
	}
	switch {
	case d == 0 || k.neutral:
		t.Class = "same"
	case (d > 0) != k.lowerIsBetter:
		t.Class = "better"
	default:
		t.Class = "worse"
	}
	return t
}

// met is the word for a target's class.
func (w *words) met(class string) string {
	switch class {
	case "better":
		return w.Met
	case "worse":
		return w.Missed
	}
	return ""
}

// rankChange shows rank_change as ▲/▼ with the number of places.
func rankChange(n sql.NullInt64) (text, class string) {
	switch {
	case !n.Valid:
		return "", ""
	case n.Int64 > 0:
		return fmt.Sprintf("▲ %d", n.Int64), "better"
	case n.Int64 < 0:
		return fmt.Sprintf("▼ %d", -n.Int64), "worse"
	}
	return "=", "same"
}

// cell is one table cell: its text, its sort key for report.js (a number; empty sorts
// last) and its class.
type cell struct{ Text, Sort, Class string }

func sortKey(v sql.NullFloat64) string {
	if !v.Valid {
		return ""
	}
	return strconv.FormatFloat(v.Float64, 'f', -1, 64)
}

func asFloat(n sql.NullInt64) sql.NullFloat64 {
	return sql.NullFloat64{Float64: float64(n.Int64), Valid: n.Valid}
}

func numCell(text string, v sql.NullFloat64) cell {
	return cell{Text: text, Sort: sortKey(v), Class: "num"}
}

// heading is a sortable column header; Desc makes the first click sort high to low.
type heading struct {
	Label string
	Title string // the full name, when Label is short
	Num   bool
	Desc  bool
}

// rankRow is one commune of the ranking table. Key is its folded name, Band its band as
// the scorecard spells it, Districts its pre-2025 districts as |a|b| (for the filters).
type rankRow struct {
	Code, Name, NameSort string
	Key, Band, Districts string
	LowVolume, NoData    bool
	Rank                 cell
	Cells                []cell // the columns after the name
}

type mover struct{ Code, Name, Change, Class string }

type option struct{ Value, Label string }

type countRow struct {
	Label, Count string
}

type fileRow struct {
	Name, LoadedAt, Read, New, Updated, Rejected string
}

// qualityView is the data-quality panel of a province.
type qualityView struct {
	Notes        []string
	FilesSummary string
	Files        []fileRow // the latest ones
	Reasons      []countRow
	Unmapped     []countRow
}

type procedureRow struct{ Code, Name, Overdue string }

type provincePage struct {
	pageBase
	HasFacts                   bool // overdue dossiers and processing days are known
	Vs                         string
	Tiles                      []tile
	Columns                    []heading // after the name
	Rows                       []rankRow
	Bands, Districts           []option
	Risers, Fallers            []mover
	NoData                     []mover
	Procedures                 []procedureRow
	IndexBar, Histogram, Trend *chart
	Heatmap                    *chart
	Quality                    qualityView
	Reconcile                  string // link to reconcile.html; empty without reconcile rows
	Portal                     string // link to portal.html; empty when no access log covers the period
	Integrity                  integrityView
}

func (w *words) provinceView(b pageBase, d *provinceData, ts []Target, q qualityData, prevPeriod string) provincePage {
	pg := provincePage{pageBase: b, HasFacts: d.hasFacts, Vs: fmt.Sprintf(w.Vs, prevPeriod)}
	for _, k := range provinceTiles {
		pg.Tiles = append(pg.Tiles, w.tile(k, d.prov.figures, d.prev.figures, ts))
	}
	pg.Columns, pg.Rows = w.ranking(d)
	pg.Bands = bandOptions(w, d.communes)
	pg.Districts = districtOptions(d.districts)
	pg.Risers, pg.Fallers = movers(d.communes)
	for _, u := range d.communes {
		if !u.HasData {
			pg.NoData = append(pg.NoData, mover{Code: u.Code, Name: u.Name})
		}
	}
	pg.Procedures = w.procedures(d.procedures[d.prov.Code])
	pg.Quality = w.quality(d, q)
	pg.Quality.Notes = append([]string{w.DataUntil + ": " + b.Meta.DataUntil + "."}, pg.Quality.Notes...)
	return pg
}

// ranking builds the ranking table: every commune, in ranking order.
func (w *words) ranking(d *provinceData) ([]heading, []rankRow) {
	m := w.Metric
	cols := []heading{{Label: w.Index, Num: true, Desc: true}, {Label: w.Band, Desc: true}}
	if d.districts != nil {
		cols = append([]heading{{Label: w.District}}, cols...)
	}
	cols = append(cols, heading{Label: w.RankChange, Num: true, Desc: true})
	for _, k := range []string{"online_rate", "ontime_rate", "open_overdue", "received"} {
		cols = append(cols, heading{Label: w.Short[k], Title: m[k], Num: true, Desc: true})
	}

	names := collationOrder(d.communes, func(u unit) string { return u.Name })
	districtNames := collationOrder(d.communes, func(u unit) string { return strings.Join(d.districts[u.Code], ", ") })
	var rows []rankRow
	for i, u := range d.communes {
		r := rankRow{Code: u.Code, Name: u.Name, NameSort: strconv.Itoa(names[i]), Key: fold(u.Name),
			Band: u.Band.String, LowVolume: u.LowVolume.Bool, NoData: !u.HasData}
		r.Rank = numCell(sortKey(asFloat(u.Rank)), asFloat(u.Rank))
		if d.districts != nil {
			ds := d.districts[u.Code]
			r.Districts = "|" + strings.Join(ds, "|") + "|"
			r.Cells = append(r.Cells, cell{Text: strings.Join(ds, ", "), Sort: strconv.Itoa(districtNames[i])})
		}
		change, class := rankChange(u.RankChange)
		r.Cells = append(r.Cells,
			numCell(w.show(kpiIndex, u.IndexScore), u.IndexScore),
			cell{Text: w.band(u.Band.String), Sort: sortKey(u.IndexScore)},
			cell{Text: change, Sort: sortKey(asFloat(u.RankChange)), Class: strings.TrimSpace("num " + class)},
			numCell(w.show(kpiOnline, u.OnlineRate), u.OnlineRate),
			numCell(w.show(kpiOntime, u.OntimeRate), u.OntimeRate),
			numCell(w.show(kpiOverdue, kpiOverdue.value(u.figures)), kpiOverdue.value(u.figures)),
			numCell(w.show(kpiReceived, kpiReceived.value(u.figures)), kpiReceived.value(u.figures)),
		)
		rows = append(rows, r)
	}
	return cols, rows
}

// collationOrder gives each unit the place of its text in Vietnamese collation (then code).
func collationOrder(us []unit, text func(unit) string) []int {
	idx := make([]int, len(us))
	for i := range idx {
		idx[i] = i
	}
	c := collate.New(language.Vietnamese)
	sort.SliceStable(idx, func(a, b int) bool {
		if n := c.CompareString(text(us[idx[a]]), text(us[idx[b]])); n != 0 {
			return n < 0
		}
		return us[idx[a]].Code < us[idx[b]].Code
	})
	order := make([]int, len(us))
	for place, i := range idx {
		order[i] = place
	}
	return order
}

// bandOptions lists the bands present, best first.
func bandOptions(w *words, communes []unit) []option {
	best := map[string]float64{}
	for _, u := range communes {
		if u.Band.Valid && u.IndexScore.Valid {
			best[u.Band.String] = math.Max(best[u.Band.String], u.IndexScore.Float64)
		}
	}
	var bands []string
	for b := range best {
		bands = append(bands, b)
	}
	sort.Slice(bands, func(i, j int) bool { return best[bands[i]] > best[bands[j]] })
	var out []option
	for _, b := range bands {
		out = append(out, option{Value: b, Label: w.band(b)})
	}
	return out
}

// districtOptions lists the pre-2025 districts in Vietnamese order.
func districtOptions(districts map[string][]string) []option {
	seen := map[string]bool{}
	var names []string
	for _, ds := range districts {
		for _, d := range ds {
			if !seen[d] {
				seen[d] = true
				names = append(names, d)
			}
		}
	}
	collate.New(language.Vietnamese).SortStrings(names)
	var out []option
	for _, n := range names {
		out = append(out, option{Value: n, Label: n})
	}
	return out
}

// movers are the (at most) five communes that rose most and fell most in rank.
func movers(communes []unit) (risers, fallers []mover) {
	var moved []unit
	for _, u := range communes {
		if u.RankChange.Valid && u.RankChange.Int64 != 0 {
			moved = append(moved, u)
		}
	}
	sort.SliceStable(moved, func(i, j int) bool { return moved[i].RankChange.Int64 > moved[j].RankChange.Int64 })
	for i := 0; i < len(moved) && moved[i].RankChange.Int64 > 0 && len(risers) < 5; i++ {
		risers = append(risers, newMover(moved[i]))
	}
	for i := len(moved) - 1; i >= 0 && moved[i].RankChange.Int64 < 0 && len(fallers) < 5; i-- {
		fallers = append(fallers, newMover(moved[i]))
	}
	return risers, fallers
}

func newMover(u unit) mover {
	change, class := rankChange(u.RankChange)
	return mover{Code: u.Code, Name: u.Name, Change: change, Class: class}
}

func (w *words) procedures(ps []procedureCount) []procedureRow {
	var out []procedureRow
	for _, p := range ps {
		out = append(out, procedureRow{Code: p.Code, Name: p.Name, Overdue: w.count(p.Overdue)})
	}
	return out
}

// recentFiles is how many of the latest loaded files the data-quality panel lists.
const recentFiles = 10

func (w *words) quality(d *provinceData, q qualityData) qualityView {
	var v qualityView
	noData, lowVolume, split := 0, 0, int64(0)
	for _, u := range d.communes {
		if !u.HasData {
			noData++
		}
		if u.LowVolume.Bool {
			lowVolume++
		}
		split += u.SplitMapped
	}
	v.Notes = append(v.Notes, fmt.Sprintf(w.NoDataCount, noData, len(d.communes)))
	if lowVolume > 0 {
		v.Notes = append(v.Notes, fmt.Sprintf(w.LowVolCount, lowVolume))
	}
	v.Notes = append(v.Notes, fmt.Sprintf(w.SplitMapped, w.count(split)))
	if d.prov.NotMeasured != "" {
		v.Notes = append(v.Notes, fmt.Sprintf(w.NotMeasuredList, w.metricList(d.prov.NotMeasured)))
	}
	var read, rejected int64
	for _, f := range q.files {
		read += f.Read
		rejected += f.Reject
	}
	if len(q.files) > 0 {
		v.FilesSummary = fmt.Sprintf(w.FilesSummary, len(q.files), w.count(read), w.count(rejected), w.percent(rejected, read))
	}
	for i := len(q.files) - 1; i >= 0 && len(v.Files) < recentFiles; i-- {
		f := q.files[i]
		v.Files = append(v.Files, fileRow{Name: path.Base(strings.ReplaceAll(f.Path, `\`, "/")),
			LoadedAt: f.LoadedAt.In(d.loc).Format(w.ShortTime),
			Read:     w.count(f.Read), New: w.count(f.New), Updated: w.count(f.Updated), Rejected: w.count(f.Reject)})
	}
	for _, r := range q.reasons {
		v.Reasons = append(v.Reasons, countRow{Label: w.reason(r.key), Count: w.count(r.n)})
	}
	for _, r := range q.unmapped {
		v.Unmapped = append(v.Unmapped, countRow{Label: r.key, Count: w.count(r.n)})
	}
	return v
}

// metricList names the metrics of a not_measured value ("a,b") in the page language.
func (w *words) metricList(csv string) string {
	names := strings.Split(csv, ",")
	for i, n := range names {
		n = strings.TrimSpace(n)
		if label, ok := w.Metric[n]; ok {
			n = label
		}
		names[i] = n
	}
	return strings.Join(names, ", ")
}

type kpiRow struct{ Label, Commune, Province, Target, TargetClass, Met string }

type componentRow struct{ Label, Rate, Points string }

type channelRow struct{ Channel, Finished, Avg, Median, Late, ProvinceAvg string }

type overdueRow struct {
	Code, ProcedureCode, ProcedureName, Days string
}

type communePage struct {
	pageBase
	HasFacts                    bool
	HasData, LowVolume          bool
	RankLine, Band              string
	RankChange, RankChangeClass string
	NotMeasured                 string
	KPIs                        []kpiRow
	Components                  []componentRow
	Channels                    []channelRow
	Procedures                  []procedureRow
	Overdue                     []overdueRow
	OverdueNote                 string
	Explain                     []explainLine // why the index moved; empty without the explain table
	IndexMoved                  string
	BehindLoss                  string
	ExplainProcedures           []explainProcedureRow
	Portal                      *communePortal // the portal panel; nil hides it
}

type explainLine struct{ Label, Rate, RatePrev, Delta, DeltaClass, Focus string }

type explainProcedureRow struct{ Code, Name, Reason, Dossiers, Share string }

func (w *words) communeView(b pageBase, u unit, d *provinceData, ts []Target) communePage {
	pg := communePage{pageBase: b, HasFacts: d.hasFacts, HasData: u.HasData, LowVolume: u.LowVolume.Bool, Band: w.band(u.Band.String)}
	if u.Rank.Valid {
		pg.RankLine = fmt.Sprintf(w.RankOf, u.Rank.Int64, d.ranked)
	}
	pg.RankChange, pg.RankChangeClass = rankChange(u.RankChange)
	if u.NotMeasured != "" {
		pg.NotMeasured = fmt.Sprintf(w.NotMeasuredList, w.metricList(u.NotMeasured))
	}
	for _, k := range communeKPIs {
		r := kpiRow{Label: w.Metric[k.key], Commune: w.show(k, k.value(u.figures)), Province: w.show(k, k.value(d.prov.figures))}
		r.Target, r.TargetClass = w.target(ts, k, k.value(u.figures))
		r.Met = w.met(r.TargetClass)
		pg.KPIs = append(pg.KPIs, r)
	}
	for _, c := range d.components[u.Code] {
		r := componentRow{Label: c.LabelVI, Rate: w.NotMeasured, Points: w.NotMeasured}
		if w.Lang == "en" {
			r.Label = c.LabelEN
		}
		if c.Rate.Valid {
			r.Rate = w.fixed(c.Rate.Float64) + "%"
		}
		if c.PointsWon.Valid {
			r.Points = w.number(c.PointsWon.Float64) + " / " + w.number(c.PointsMax.Float64)
		}
		pg.Components = append(pg.Components, r)
	}
	pg.Channels = w.channels(d.channels[u.Code], d.channels[d.prov.Code])
	pg.Procedures = w.procedures(d.procedures[u.Code])
	for _, o := range d.overdue[u.Code] {
		pg.Overdue = append(pg.Overdue, overdueRow{Code: o.Code, ProcedureCode: o.ProcedureCode,
			ProcedureName: o.ProcedureName, Days: w.count(o.Days)})
	}
	if n := len(pg.Overdue); int64(n) < u.OpenOverdue {
		pg.OverdueNote = fmt.Sprintf(w.OverdueShown, n, w.count(u.OpenOverdue))
	}
	w.explainView(&pg, d.explain.byUnit[u.Code], d.explain.procedures[u.Code], d.prevName)
	pg.Portal = w.communePortal(u, d)
	return pg
}

// explainView fills the "why the index moved" panel: each component's points change and the
// procedures with most dossiers behind the component that lost most.
func (w *words) explainView(pg *communePage, rows []explainRow, procs []explainProcedure, prev string) {
	focus := ""
	for _, e := range rows {
		l := explainLine{Label: e.LabelVI, Rate: "—", RatePrev: "—", Delta: "—"}
		if w.Lang == "en" {
			l.Label = e.LabelEN
		}
		if e.Rate.Valid {
			l.Rate = w.fixed(e.Rate.Float64) + "%"
		}
		if e.RatePrev.Valid {
			l.RatePrev = w.fixed(e.RatePrev.Float64) + "%"
		}
		if e.Delta.Valid {
			l.Delta, l.DeltaClass = w.signed(e.Delta.Float64)
		}
		if e.FocusReason.String == "loss" {
			l.Focus, focus = w.Focus, l.Label
		}
		if pg.IndexMoved == "" && e.IndexChange.Valid {
			d, _ := w.signed(e.IndexChange.Float64)
			pg.IndexMoved = fmt.Sprintf(w.IndexMoved, prev, d)
		}
		pg.Explain = append(pg.Explain, l)
	}
	if focus == "" {
		return // no loss: the procedures behind a shortfall are not "why it moved"
	}
	pg.BehindLoss = fmt.Sprintf(w.BehindLoss, focus)
	for _, p := range procs {
		r := explainProcedureRow{Code: p.Code, Name: p.Name, Reason: p.Reason, Dossiers: w.count(p.Dossiers), Share: "—"}
		if s, ok := w.ExplainReasons[p.Reason]; ok {
			r.Reason = s
		}
		if p.Share.Valid {
			r.Share = w.fixed(p.Share.Float64) + "%"
		}
		pg.ExplainProcedures = append(pg.ExplainProcedures, r)
	}
}

// signed formats a change with its sign and a class: "+0,61" better, "−0,02" worse, "0" same.
func (w *words) signed(v float64) (string, string) {
	switch r := math.Round(v*100) / 100; {
	case r > 0:
		return "+" + w.number(r), "better"
	case r < 0:
		return w.number(r), "worse"
	}
	return "0", "same"
}

// channels shows a commune's processing days by channel beside the province's.
func (w *words) channels(commune, province []channelDays) []channelRow {
	days := func(v sql.NullFloat64) string { return w.show(kpi{score: true}, v) }
	var out []channelRow
	for _, c := range commune {
		r := channelRow{Channel: w.channel(c.Channel), Finished: w.count(c.Finished),
			Avg: days(c.AvgDays), Median: days(c.MedianDays), Late: w.percent(c.Late, c.Finished), ProvinceAvg: "—"}
		for _, p := range province {
			if p.Channel == c.Channel {
				r.ProvinceAvg = days(p.AvgDays)
			}
		}
		out = append(out, r)
	}
	return out
}

func (w *words) channel(c int64) string {
	if c > 0 && int(c) < len(w.Channels) {
		return w.Channels[c]
	}
	return strconv.FormatInt(c, 10)
}

// provinceRow is one line of the overview of several provinces.
type provinceRow struct {
	Code, Name, NameSort string
	Cells                []cell
}

type overviewPage struct {
	pageBase
	Rows []provinceRow
}

func (w *words) provinceRow(prov unit, communes []unit) provinceRow {
	withData := 0
	for _, u := range communes {
		if u.HasData {
			withData++
		}
	}
	f := prov.figures
	share := sql.NullFloat64{Float64: float64(withData) / float64(max(len(communes), 1)), Valid: true}
	return provinceRow{Code: prov.Code, Name: prov.Name, Cells: []cell{
		numCell(fmt.Sprintf("%d/%d", withData, len(communes)), share),
		numCell(w.show(kpiIndex, f.IndexScore), f.IndexScore),
		numCell(w.show(kpiReceived, kpiReceived.value(f)), kpiReceived.value(f)),
		numCell(w.show(kpiOnline, f.OnlineRate), f.OnlineRate),
		numCell(w.show(kpiOntime, f.OntimeRate), f.OntimeRate),
		numCell(w.show(kpiOverdue, kpiOverdue.value(f)), kpiOverdue.value(f)),
	}}
}

// when formats a time of the data in the page's time zone; zero is "unknown".
func (w *words) when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return w.Unknown
	}
	return t.In(loc).Format(w.TimeLayout)
}
