package reports

import (
	"embed"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"

	"reformindex/sql"
)

//go:embed templates/*.html
var templateFiles embed.FS

var templates = template.Must(template.ParseFS(templateFiles, "templates/*.html"))

// pageBase is what every page's layout needs. Each page links its assets through
// Assets ("assets/" or "../assets/") and may link Up to the page above it.
type pageBase struct {
	W                 *words
	Title, Subtitle   string
	Assets            string
	Up, UpLabel       string
	Period, Generated string
	Charts            []chart
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

	// communeKPIs are the rows of a commune page's table.
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

// tile is one KPI of a province with its change since the previous period.
type tile struct {
	Label, Value, Delta, Class string
}

func (w *words) tile(k kpi, cur, prev figures) tile {
	t := tile{Label: w.Metric[k.key], Value: w.show(k, k.value(cur))}
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

type rankRow struct {
	Rank, Code, Name, Index, Band, Change, ChangeClass, Online, Ontime, Received string
	LowVolume, NoData                                                            bool
}

type mover struct{ Code, Name, Change, Class string }

type provincePage struct {
	pageBase
	Vs              string
	Tiles           []tile
	Rows            []rankRow
	Risers, Fallers []mover
	Quality         []string
}

func (w *words) provinceView(b pageBase, prov, prev unit, prevPeriod string, communes []unit) provincePage {
	pg := provincePage{pageBase: b, Vs: fmt.Sprintf(w.Vs, prevPeriod)}
	for _, k := range provinceTiles {
		pg.Tiles = append(pg.Tiles, w.tile(k, prov.figures, prev.figures))
	}
	noData, lowVolume, split := 0, 0, int64(0)
	for _, u := range communes {
		r := rankRow{Code: u.Code, Name: u.Name, NoData: !u.HasData, LowVolume: u.LowVolume.Bool,
			Index: w.show(kpiIndex, u.IndexScore), Band: w.band(u.Band.String),
			Online: w.show(kpiOnline, u.OnlineRate), Ontime: w.show(kpiOntime, u.OntimeRate),
			Received: w.count(u.Received)}
		if u.Rank.Valid {
			r.Rank = fmt.Sprint(u.Rank.Int64)
		}
		r.Change, r.ChangeClass = rankChange(u.RankChange)
		pg.Rows = append(pg.Rows, r)
		if !u.HasData {
			noData++
		}
		if u.LowVolume.Bool {
			lowVolume++
		}
		split += u.SplitMapped
	}
	pg.Risers, pg.Fallers = movers(communes)
	pg.Quality = append(pg.Quality, fmt.Sprintf(w.NoDataCount, noData, len(communes)))
	if lowVolume > 0 {
		pg.Quality = append(pg.Quality, fmt.Sprintf(w.LowVolCount, lowVolume))
	}
	if split > 0 {
		pg.Quality = append(pg.Quality, fmt.Sprintf(w.SplitMapped, w.count(split)))
	}
	if prov.NotMeasured != "" {
		pg.Quality = append(pg.Quality, fmt.Sprintf(w.NotMeasuredList, w.metricList(prov.NotMeasured)))
	}
	return pg
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

type kpiRow struct{ Label, Commune, Province string }

type componentRow struct{ Label, Rate, Points string }

type communePage struct {
	pageBase
	HasData, LowVolume          bool
	RankLine, Band              string
	RankChange, RankChangeClass string
	NotMeasured                 string
	KPIs                        []kpiRow
	Components                  []componentRow
}

func (w *words) communeView(b pageBase, u, prov unit, ranked int, comps []component) communePage {
	pg := communePage{pageBase: b, HasData: u.HasData, LowVolume: u.LowVolume.Bool, Band: w.band(u.Band.String)}
	if u.Rank.Valid {
		pg.RankLine = fmt.Sprintf(w.RankOf, u.Rank.Int64, ranked)
	}
	pg.RankChange, pg.RankChangeClass = rankChange(u.RankChange)
	if u.NotMeasured != "" {
		pg.NotMeasured = fmt.Sprintf(w.NotMeasuredList, w.metricList(u.NotMeasured))
	}
	for _, k := range communeKPIs {
		pg.KPIs = append(pg.KPIs, kpiRow{Label: w.Metric[k.key], Commune: w.show(k, k.value(u.figures)), Province: w.show(k, k.value(prov.figures))})
	}
	for _, c := range comps {
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
	return pg
}

// provinceRow is one line of the overview of several provinces.
type provinceRow struct {
	Code, Name, WithData, Received, Online, Ontime, Overdue, Index string
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
	return provinceRow{
		Code: prov.Code, Name: prov.Name, WithData: fmt.Sprintf("%d/%d", withData, len(communes)),
		Received: w.show(kpiReceived, kpiReceived.value(f)), Online: w.show(kpiOnline, f.OnlineRate),
		Ontime: w.show(kpiOntime, f.OntimeRate), Overdue: w.show(kpiOverdue, kpiOverdue.value(f)),
		Index: w.show(kpiIndex, f.IndexScore),
	}
}
